import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mapLimit } from '#shared/concurrency.ts';
import type { FuelCode } from '#shared/domain/fuels.ts';
import { parisDay } from '#shared/domain/time.ts';
import { HISTORY_PREFIX, historyKeys } from '#shared/history/keys.ts';
import type { BackfillSummary } from '#shared/history/types.ts';
import { runIngest } from '#shared/ingest/index.ts';
import { createS3Client } from '#shared/s3.ts';
import { FEEDS } from '../helpers/ingest/feeds.ts';
import { type ApiProduct, quietIngestDeps, startApiProduct } from '../helpers/product.ts';
import { buildYearly, type ExpectedPoint, type YearlyFile } from '../helpers/yearly.ts';

/**
 * Issue 18, "Done when": a yearly-shaped archive built from the two real November 2023 snapshots is backfilled
 * on the local stack (where the second snapshot is also the live feed, so the ingest's own history items overlap
 * the archive), and the history API returns exactly the changes the snapshots hold, for every station and fuel:
 * every instant with its Paris offset, every price, the typos flagged, nothing twice, nothing else. Re-running
 * the same file writes nothing; a truncated ZIP and an HTML page fail with their reason and change nothing.
 */

// The runner (branch h18-runner) is imported by name at run time so that this file compiles before it lands.
interface HistoryStore {
  s3: S3Client;
  bucket: string;
}
type RunBackfill = (file: string, options: { store: HistoryStore }) => Promise<BackfillSummary>;
const RUNNER = '#shared/history/backfill.ts';
const runBackfill: RunBackfill = async (file, options) =>
  ((await import(/* @vite-ignore */ RUNNER)) as { runBackfill: RunBackfill }).runBackfill(file, options);

interface ServedPoint {
  at: string;
  price: number;
  flag?: string;
}
interface HistoryBody {
  series: { fuel: FuelCode; resolution?: string; points: ServedPoint[] }[];
}

/** At most 400 days are served change by change (docs/API.md, "Downsampling"): the archived year. */
const YEAR_RANGE = { from: '2023-01-01', to: '2023-12-31' };
/** Requests in flight: enough to keep both cores busy, few enough not to queue in the local gateway. */
const PARALLEL = 6;

let api: ApiProduct;
let yearly: YearlyFile;
let store: HistoryStore;
let first: BackfillSummary;

async function history(station: string, fuel: FuelCode, from: string, to: string): Promise<ServedPoint[]> {
  const url = `${api.product.url}/api/stations/${station}/history?fuel=${fuel}&from=${from}&to=${to}`;
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as HistoryBody;
  const series = body.series.find((s) => s.fuel === fuel);
  if (series?.resolution !== undefined) expect(series.resolution, url).toBe('change');
  return series?.points ?? [];
}

/** Every fuel the station sells today, one request. */
async function stationHistory(
  station: string,
  from: string,
  to: string,
): Promise<Map<FuelCode, ServedPoint[]>> {
  const url = `${api.product.url}/api/stations/${station}/history?from=${from}&to=${to}`;
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as HistoryBody;
  for (const s of body.series) if (s.resolution !== undefined) expect(s.resolution, url).toBe('change');
  return new Map(body.series.map((s) => [s.fuel, s.points]));
}

/** Compared as served: the text of the instant (its offset), the price, the flag when there is one. */
const shape = (p: ServedPoint | ExpectedPoint) => `${p.at} ${p.price}${p.flag ? ` ${p.flag}` : ''}`;

/** Every station-fuel of the fixture with the changes it expects in a range of Paris days. */
function cases(from: string, to: string) {
  const out: { station: string; fuel: FuelCode; points: ExpectedPoint[] }[] = [];
  for (const [station, byFuel] of yearly.expected)
    for (const [fuel, list] of byFuel) {
      const points = list.filter(
        (p) => parisDay(Date.parse(p.at)) >= from && parisDay(Date.parse(p.at)) <= to,
      );
      out.push({ station, fuel, points });
    }
  return out;
}

async function listing(): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const res = await store.s3.send(
      new ListObjectsV2Command({ Bucket: store.bucket, Prefix: HISTORY_PREFIX, ContinuationToken: token }),
    );
    for (const o of res.Contents ?? []) out.push(`${o.Key} ${o.Size} ${o.ETag}`);
    token = res.NextContinuationToken;
  } while (token);
  return out.sort();
}

async function pointer(): Promise<string> {
  const res = await store.s3.send(
    new GetObjectCommand({ Bucket: store.bucket, Key: historyKeys.pointer(2023) }),
  );
  return (await res.Body?.transformToString()) ?? '';
}

beforeAll(async () => {
  yearly = await buildYearly({ typos: true, emptyPrice: true, closure: true });
  api = await startApiProduct('history-backfill');
  const run = await runIngest(quietIngestDeps(api.product), { sources: [FEEDS.after], trigger: 'test' });
  expect(run.status).toBe('succeeded');
  store = { s3: createS3Client(), bucket: api.product.resources.buckets.data };
  first = await runBackfill(yearly.file, { store });
});

afterAll(async () => {
  await api?.stop();
  await yearly?.remove();
});

describe('a yearly archive from real snapshots, backfilled', () => {
  test('the summary counts the stations, the changes and the typos', () => {
    expect(first.outcome).toBe('written');
    expect(first.year).toBe(2023);
    expect(first.stations).toBe(yearly.expected.size);
    let changes = 0;
    const flagged = { outlier: 0, reverted: 0 };
    for (const byFuel of yearly.expected.values())
      for (const list of byFuel.values()) {
        changes += list.length;
        for (const p of list) if (p.flag) flagged[p.flag]++;
      }
    expect(first.changes).toBe(changes);
    // The typos added, plus the real feed's own out-of-range value.
    expect(flagged).toEqual({ outlier: 2, reverted: 1 });
    expect(first.flagged).toEqual(flagged);
  });

  test('every station and fuel: exactly its changes of the year, Paris offsets, typos flagged', {
    timeout: 900_000,
  }, async () => {
    const all = cases(YEAR_RANGE.from, YEAR_RANGE.to);
    const byStation = new Map<string, typeof all>();
    for (const c of all) byStation.set(c.station, [...(byStation.get(c.station) ?? []), c]);
    const wrong: string[] = [];
    // One request a station (every fuel it sells today), and one more for a fuel it no longer sells.
    await mapLimit([...byStation], PARALLEL, async ([station, list]) => {
      const served = await stationHistory(station, YEAR_RANGE.from, YEAR_RANGE.to);
      for (const { fuel, points } of list) {
        const got = (served.get(fuel) ?? (await history(station, fuel, YEAR_RANGE.from, YEAR_RANGE.to))).map(
          shape,
        );
        const want = points.map(shape);
        if (got.join('\n') !== want.join('\n'))
          wrong.push(`${station} ${fuel}\n  served ${got.join(', ')}\n  wanted ${want.join(', ')}`);
      }
    });
    expect(wrong.slice(0, 5), `${wrong.length} of ${all.length} station-fuels differ`).toEqual([]);
    // The fixture really holds the typos where the API was asked.
    const { outlier, reverted } = yearly.typos ?? {};
    expect(all.find((c) => c.station === outlier?.station && c.fuel === outlier.fuel)?.points).toContainEqual(
      expect.objectContaining({ flag: 'outlier' }),
    );
    expect(
      all.find((c) => c.station === reverted?.station && c.fuel === reverted.fuel)?.points,
    ).toContainEqual(expect.objectContaining({ flag: 'reverted' }));
  });

  test('the carried prices from before the year are served on their own day', async () => {
    const older = new Set<string>();
    for (const byFuel of yearly.expected.values())
      for (const list of byFuel.values())
        for (const p of list) if (p.at < '2023') older.add(parisDay(Date.parse(p.at)));
    expect(older.size).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const day of older) {
      const day1 = cases(day, day).filter((c) => c.points.length > 0);
      await mapLimit(day1, PARALLEL, async ({ station, fuel, points }) => {
        const served = (await history(station, fuel, day, day)).map(shape);
        if (served.join() !== points.map(shape).join())
          wrong.push(`${station} ${fuel} ${day}: ${served.join()}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  test('the same file again writes nothing: same objects, same pointer', async () => {
    const [objects, committed] = await Promise.all([listing(), pointer()]);
    const again = await runBackfill(yearly.file, { store });
    expect(again.outcome).toBe('unchanged');
    expect(again.objectsWritten).toBe(0);
    expect(again.bytesWritten).toBe(0);
    expect(again.sourceSha256).toBe(first.sourceSha256);
    expect(await listing()).toEqual(objects);
    expect(await pointer()).toBe(committed);
  });

  test('a truncated ZIP and an HTML page fail with their reason and change nothing', async () => {
    const [objects, committed] = await Promise.all([listing(), pointer()]);
    const sample = cases(YEAR_RANGE.from, YEAR_RANGE.to)
      .filter((c) => c.points.length > 0)
      .slice(0, 40);
    const answers = () =>
      mapLimit(sample, PARALLEL, (c) => history(c.station, c.fuel, YEAR_RANGE.from, YEAR_RANGE.to));
    const before = await answers();

    const truncated = join(yearly.dir, 'truncated.zip');
    await writeFile(truncated, yearly.bytes.subarray(0, Math.floor(yearly.bytes.length / 2)));
    await expect(runBackfill(truncated, { store })).rejects.toThrow(/TRUNCATED|BAD_ZIP/);

    const html = join(yearly.dir, 'page.html');
    await writeFile(
      html,
      '<!DOCTYPE html>\n<html lang="fr"><head><title>Prix carburants</title></head>' +
        "<body><p>Le fichier à cette date n'existe plus</p></body></html>\n",
    );
    await expect(runBackfill(html, { store })).rejects.toThrow(/NOT_A_ZIP|DOCTYPE|HTML/i);

    expect(await listing()).toEqual(objects);
    expect(await pointer()).toBe(committed);
    expect(await answers()).toEqual(before);
  });
});
