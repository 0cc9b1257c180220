import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { baselineDays } from '#shared/domain/dashboard.ts';
import { FUELS, type FuelCode } from '#shared/domain/fuels.ts';
import type { Snapshot } from '#shared/domain/snapshot.ts';
import type { Station } from '#shared/domain/station.ts';
import { createS3Client } from '#shared/s3.ts';

/** Test data in the shapes the ingest writes (shared/db/stations.ts, shared/db/daily-stats.ts, runs.ts). */

const HOUR = 3_600_000;

export function hoursAgo(h: number, now = Date.now()): string {
  return new Date(now - h * HOUR).toISOString();
}

/** A station with the given prices (€/L) and their ages in hours (default 2 h). */
export function station(
  id: string,
  opts: {
    dept?: string;
    lat?: number | null;
    lon?: number | null;
    town?: string;
    prices?: Partial<Record<FuelCode, number | { price: number; ageHours?: number; outlier?: boolean }>>;
    outOfStock?: FuelCode[];
    now?: number;
  } = {},
): Station {
  const dept = opts.dept ?? '75';
  const prices = Object.entries(opts.prices ?? {}).map(([fuel, v]) => {
    const p =
      typeof v === 'number' ? { price: v } : (v as { price: number; ageHours?: number; outlier?: boolean });
    const fuelId = FUELS.find((f) => f.code === fuel)?.id ?? 0;
    return {
      fuel: fuel as FuelCode,
      fuelId,
      price: p.price,
      updatedAt: hoursAgo(p.ageHours ?? 2, opts.now),
      ...(p.outlier ? { outlier: true } : {}),
    };
  });
  return {
    id,
    lat: opts.lat === undefined ? 48.85 : opts.lat,
    lon: opts.lon === undefined ? 2.35 : opts.lon,
    cp: `${dept}001`,
    dept,
    town: opts.town ?? 'Paris',
    address: `${id} rue de Test`,
    road: 'R',
    prices,
    outOfStock: (opts.outOfStock ?? []).map((fuel) => ({
      fuel,
      fuelId: FUELS.find((f) => f.code === fuel)?.id ?? 0,
      type: 'temporaire',
      since: hoursAgo(5),
      until: null,
    })),
    services: [],
    hours: null,
    flags: [],
  };
}

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
