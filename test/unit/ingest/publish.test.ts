import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { openTable } from '#shared/db/client.ts';
import type { PublishedData } from '#shared/db/runs.ts';
import { canonicalJson } from '#shared/ingest/hash.ts';
import { publishSnapshot } from '#shared/ingest/publish.ts';
import { allPartKeys } from '#shared/snapshot/parts.ts';
import { STATIONS, version } from '../../helpers/snapshot.ts';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const table = openTable('plein', db);
const s3 = new S3Client({ region: 'eu-west-3' });
const ddbMock = mockClient(db);
const s3Mock = mockClient(s3);
afterEach(() => {
  ddbMock.reset();
  s3Mock.reset();
});

const layout = { shardSize: 400, shards: 2, located: 500 };
const previous: PublishedData = {
  runId: 'run-3',
  snapshotKey: 'snapshot/run-3.json.gz',
  indexKey: 'snapshot/run-3.index.json.gz',
  feedHash: 'h3',
  feedTime: null,
  publishedAt: '2025-07-28T13:00:00.000Z',
  stations: 10,
  prices: 10,
  parts: layout,
  olderSnapshots: [
    {
      runId: 'run-2',
      snapshotKey: 'snapshot/run-2.json.gz',
      indexKey: 'snapshot/run-2.index.json.gz',
      parts: layout,
    },
    // Published before parts existed: only its snapshot and index to delete.
    { runId: 'run-1', snapshotKey: 'snapshot/run-1.json.gz', indexKey: 'snapshot/run-1.index.json.gz' },
  ],
};

const publish = () =>
  publishSnapshot(table, s3, 'data', {
    version: version('run-4'),
    stationJson: STATIONS.map(canonicalJson),
    index: {},
    stations: STATIONS.length,
    prices: 10,
    feed: {},
    previous,
    keep: 2,
  });

describe('publishing a run with its parts', () => {
  test('every part is written before the pointer flips; the pointer gives their layout; expired runs lose theirs', async () => {
    const order: string[] = [];
    s3Mock.on(PutObjectCommand).callsFake(async (input: { Key: string }) => {
      order.push(input.Key);
      return {};
    });
    ddbMock.on(PutCommand).callsFake(async () => {
      order.push('pointer');
      return {};
    });
    const result = await publish();
    const parts = allPartKeys('run-4', result.pointer.parts as typeof layout);
    expect(result.pointer.parts).toEqual({ shardSize: 400, shards: 1, located: 9 });
    expect(parts).toContain('snapshot/run-4/shard-0.json.gz');
    expect(order.at(-1)).toBe('pointer');
    expect(order.slice(0, -1).sort()).toEqual(
      ['snapshot/run-4.json.gz', 'snapshot/run-4.index.json.gz', ...parts].sort(),
    );
    // keep 2: run-3 stays (listed with its parts), run-2 and run-1 go, run-2's parts with it.
    expect(result.pointer.olderSnapshots).toEqual([
      { runId: 'run-3', snapshotKey: previous.snapshotKey, indexKey: previous.indexKey, parts: layout },
    ]);
    expect(result.expired.sort()).toEqual(
      [
        'snapshot/run-2.json.gz',
        'snapshot/run-2.index.json.gz',
        ...allPartKeys('run-2', layout),
        'snapshot/run-1.json.gz',
        'snapshot/run-1.index.json.gz',
      ].sort(),
    );
  });

  test('a part S3 refuses: PUBLISH_FAILED, no pointer, every new object deleted', async () => {
    s3Mock
      .on(PutObjectCommand)
      .resolves({})
      .on(PutObjectCommand, { Key: 'snapshot/run-4/search.json' })
      .rejects(new Error('S3 is down'));
    await expect(publish()).rejects.toMatchObject({ code: 'PUBLISH_FAILED' });
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
    const written = s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    const deleted = s3Mock.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key);
    expect(written).toContain('snapshot/run-4/shard-0.json.gz');
    expect(deleted.sort()).toEqual(written.sort());
  });
});
