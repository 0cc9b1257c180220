import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import type { AlertsInvocation } from '#shared/alerts/changes.ts';
import { notifyAlerts } from '#shared/ingest/alerts-hook.ts';
import type { StationIndex } from '#shared/ingest/diff.ts';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';

const s3 = new S3Client({ region: 'eu-west-3' });
const lambda = new LambdaClient({ region: 'eu-west-3' });
const s3Mock = mockClient(s3);
const lambdaMock = mockClient(lambda);
afterEach(() => {
  s3Mock.reset();
  lambdaMock.reset();
  delete process.env[INVOKABLE_FUNCTIONS.alerts.env];
});

const previous: StationIndex = { '75000001': { h: 'x', p: { Gazole: '1.799@2025-07-28T10:00:00+02:00' } } };
const input = {
  runId: 'run-2',
  snapshotKey: 'snapshot/run-2.json.gz',
  publishedAt: '2025-07-28T13:00:00.000Z',
  feedTime: '2025-07-28T14:55:00+02:00',
  history: [{ stationId: '75000001', fuel: 'Gazole', price: 1.699, updatedAt: '2025-07-28T14:55:00+02:00' }],
  previous,
};

// The hook's configuration comes through the ingest's dependencies, never from the environment.
describe('the alerts hook takes its function and client from IngestDeps', () => {
  test('no alerts target: nothing written, nothing invoked, even with ALERTS_FUNCTION_NAME set', async () => {
    process.env[INVOKABLE_FUNCTIONS.alerts.env] = 'from-the-environment';
    const outcome = await notifyAlerts({ s3, dataBucket: 'data' }, input);
    expect(outcome).toEqual({ status: 'skipped', reason: 'not-configured' });
    expect(s3Mock.calls()).toHaveLength(0);
    expect(lambdaMock.calls()).toHaveLength(0);
  });

  test('a target: the changes are written, then its function is invoked asynchronously with their key', async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const outcome = await notifyAlerts(
      { s3, dataBucket: 'data', alerts: { functionName: 'plein-alerts-test', lambda } },
      input,
    );
    expect(outcome).toEqual({ status: 'invoked', changesKey: 'changes/run-2.json.gz', changes: 1 });
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'data',
      Key: 'changes/run-2.json.gz',
    });
    const invokes = lambdaMock.commandCalls(InvokeCommand);
    expect(invokes).toHaveLength(1);
    const sent = invokes[0]?.args[0].input;
    expect(sent?.FunctionName).toBe('plein-alerts-test');
    expect(sent?.InvocationType).toBe('Event');
    const event: AlertsInvocation = { runId: 'run-2', changesKey: 'changes/run-2.json.gz' };
    expect(JSON.parse(new TextDecoder().decode(sent?.Payload as Uint8Array))).toEqual(event);
  });
});
