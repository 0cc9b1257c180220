import { resolve } from 'node:path';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLambdaEndpoint } from '#infra/local/lambda-endpoint.ts';
import { calls } from '../fixtures/local/echo-handler.ts';

const root = resolve(import.meta.dirname, '..', '..');
let endpoint: Awaited<ReturnType<typeof startLambdaEndpoint>>;
let lambda: LambdaClient;

beforeAll(async () => {
  endpoint = await startLambdaEndpoint({
    root,
    functions: { echo: 'test/fixtures/local/echo-handler.ts' },
    port: 0,
    timeoutMs: 10_000,
    log: () => {},
  });
  lambda = new LambdaClient({
    endpoint: endpoint.url,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
});
afterAll(() => endpoint?.server.close());

const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

test('RequestResponse returns the handler result through the real SDK', async () => {
  const res = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: payload({ n: 1 }) }));
  expect(res.StatusCode).toBe(200);
  expect(JSON.parse(new TextDecoder().decode(res.Payload))).toEqual({ event: { n: 1 }, remaining: true });
});

test('a failing handler is reported as a function error, like Lambda', async () => {
  const res = await lambda.send(
    new InvokeCommand({ FunctionName: 'echo', Payload: payload({ fail: true }) }),
  );
  expect(res.FunctionError).toBe('Unhandled');
  expect(JSON.parse(new TextDecoder().decode(res.Payload))).toMatchObject({ errorMessage: 'asked to fail' });
});

test('Event invocations are accepted at once and run in the background', async () => {
  const res = await lambda.send(
    new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: payload({ n: 'async' }) }),
  );
  expect(res.StatusCode).toBe(202);
  await endpoint.idle();
  expect(calls).toContainEqual({ n: 'async' });
});

test('an unknown function is a ResourceNotFoundException', async () => {
  await expect(lambda.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
});
