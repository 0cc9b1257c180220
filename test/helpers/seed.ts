import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { baselineDays } from '#shared/domain/dashboard.ts';
import type { FuelCode } from '#shared/domain/fuels.ts';
import type { Snapshot } from '#shared/domain/snapshot.ts';
import type { Station } from '#shared/domain/station.ts';
import { createS3Client } from '#shared/s3.ts';
import { hoursAgo } from './station.ts';

/** Seeds a table and bucket in the shapes the ingest writes (shared/db/stations.ts, daily-stats.ts, runs.ts). */

export async function putStations(table: Table, stations: Station[]) {
  for (const s of stations) {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...keys.station(s.id), ...s, contentHash: 'test', updatedAt: new Date().toISOString() },
      }),
    );
  }
}

/** Today's (Paris) daily stats row for a département and fuel. */
export async function putDeptMedian(table: Table, dept: string, fuel: FuelCode, median: number, count = 40) {
  const [day] = baselineDays(new Date());
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.dailyStats(day, dept, fuel),
        day,
        runId: 'test-run',
        dept,
        fuel,
        count,
        min: median - 0.1,
        max: median + 0.1,
        median,
        mean: median,
      },
    }),
  );
}

/** Publishes a snapshot of the stations (data bucket object + PUBLISHED pointer), as an ingest run would. */
export async function publish(table: Table, bucket: string, stations: Station[]) {
  const runId = new Date().toISOString();
  const version = { runId, feedHash: 'test', feedTime: hoursAgo(1), publishedAt: new Date().toISOString() };
  const snapshotKey = `snapshot/${runId}.json.gz`;
  const snapshot: Snapshot = { version, stations };
  await createS3Client().send(
    new PutObjectCommand({ Bucket: bucket, Key: snapshotKey, Body: gzipSync(JSON.stringify(snapshot)) }),
  );
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.published, ...version, snapshotKey, stations: stations.length, prices: 0 },
    }),
  );
  return version;
}
