import { describe, expect, test } from 'vitest';
import { FeedError } from '#shared/feed/index.ts';
import { archiveKey } from '#shared/ingest/archive.ts';
import { IngestError, runError } from '#shared/ingest/errors.ts';
import { metricsLine, newRunId } from '#shared/ingest/run-record.ts';
import { describeSource } from '#shared/ingest/source.ts';

const at = new Date('2025-07-28T13:00:04.123Z');

test('run ids sort by start time', () => {
  const a = newRunId(at);
  const b = newRunId(new Date(at.getTime() + 1));
  expect(a).toMatch(/^20250728T130004123Z-[0-9a-f]{6}$/);
  expect(a < b).toBe(true);
});

test('archive keys are dated (UTC) and named by the first bytes', () => {
  const runId = '20250728T130004123Z-9f3a1c';
  expect(archiveKey(runId, at, new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('raw/2025/07/28/130004Z-9f3a1c.zip');
  expect(archiveKey(runId, at, Buffer.from('<?xml version="1.0"?>'))).toBe(
    'raw/2025/07/28/130004Z-9f3a1c.xml',
  );
  expect(archiveKey(runId, at, Buffer.from('<!DOCTYPE html><html>'))).toBe(
    'raw/2025/07/28/130004Z-9f3a1c.bin',
  );
});

describe('describeSource never shows credentials or query strings', () => {
  test.each([
    [
      'https://donnees.roulez-eco.fr/opendata/instantane',
      'https://donnees.roulez-eco.fr/opendata/instantane',
    ],
    ['https://user:secret@example.com/feed.zip?token=abc#x', 'https://example.com/feed.zip?…'],
    ['../shared/feeds/a.zip', '../shared/feeds/a.zip'],
  ])('%s', (source, shown) => {
    expect(describeSource(source)).toBe(shown);
  });
});

describe('runError', () => {
  test('keeps the codes of the feed reader and of the ingest, without repeating them', () => {
    expect(runError(new FeedError('TRUNCATED', 'ZIP cut short'))).toEqual({
      code: 'TRUNCATED',
      message: 'ZIP cut short',
    });
    expect(runError(new IngestError('SHRUNK', '5000 stations'))).toEqual({
      code: 'SHRUNK',
      message: '5000 stations',
    });
  });

  test('anything else is INTERNAL (or the phase fallback), with its name', () => {
    expect(runError(new TypeError('x is undefined'))).toEqual({
      code: 'INTERNAL',
      message: 'TypeError: x is undefined',
    });
    const sdk = Object.assign(new Error('Service unavailable'), {
      name: 'ServiceUnavailable',
      code: 'ECONNRESET',
    });
    expect(runError(sdk, 'PUBLISH_FAILED')).toEqual({
      code: 'PUBLISH_FAILED',
      message: 'ServiceUnavailable: Service unavailable',
    });
  });
});

test('the EMF line names namespace Plein and the three metrics; failures count 0', () => {
  const base = { runId: 'r', startedAt: at.toISOString(), durationMs: 1234, changed: 17 };
  const ok = JSON.parse(metricsLine({ ...base, status: 'succeeded' }, at));
  expect(ok._aws.CloudWatchMetrics[0].Namespace).toBe('Plein');
  expect(ok._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toEqual([
    'IngestSucceeded',
    'IngestDurationMs',
    'StationsChanged',
  ]);
  expect(ok).toMatchObject({ IngestSucceeded: 1, IngestDurationMs: 1234, StationsChanged: 17 });
  expect(JSON.parse(metricsLine({ ...base, status: 'skipped' }, at)).IngestSucceeded).toBe(1);
  expect(JSON.parse(metricsLine({ ...base, status: 'failed' }, at)).IngestSucceeded).toBe(0);
  const named = JSON.parse(metricsLine({ ...base, status: 'succeeded' }, at, { FunctionName: 'fn-prod' }));
  expect(named._aws.CloudWatchMetrics[0].Dimensions).toEqual([['FunctionName']]);
  expect(named.FunctionName).toBe('fn-prod');
});
