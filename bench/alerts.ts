// Over 300 lines on purpose: one benchmark that reads top to bottom as its method
// (seed, two ingests, evaluations, table).
/**
 * `npm run bench:alerts`: the price-alert evaluation of one real ingest run (national feed of 2023-11-22 22:20Z,
 * then the next one, 2023-11-23 08:20Z) against N synthetic users with 3 rules each (favourite and place
 * scopes mixed), for N = 1,000 and 10,000, each on a fresh local stack (in-memory emulators).
 *
 * The real ingest runs both feeds; its alerts hook writes `changes/<runId>.json.gz` and "invokes" the alerts
 * function — here a tiny stand-in for the Lambda Invoke API records the event — then `evaluateRun` runs with a
 * DynamoDB client whose requests and returned items are counted by a middleware, and the real local SES
 * (aws-ses-v2-local). Recipients are `<sub>@bench.invalid` (no Cognito: it is not what is measured).
 *
 * What to look for: reads follow the changed prices and the users they concern, not the user count —
 * users whose favourites and places saw no change cost nothing at all.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import KDBush from 'kdbush';
import { type AlertsInvocation, getRunChanges, putRunChanges } from '#shared/alerts/changes.ts';
import { type EvaluationSummary, evaluateRun } from '#shared/alerts/evaluate.ts';
import { sesMailer } from '#shared/alerts/mailer.ts';
import type { AlertRule } from '#shared/api/alert-types.ts';
import { alertsSecret, indexItems, newRev, settingsItem } from '#shared/db/alert-settings.ts';
import { batchWriteAll, type WriteRequest } from '#shared/db/batch.ts';
import { createDocumentClient, openTable, type Table } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { getPublished } from '#shared/db/runs.ts';
import type { FuelCode } from '#shared/domain/fuels.ts';
import type { Station } from '#shared/domain/station.ts';
import { alertsTarget, runIngest } from '#shared/ingest/index.ts';
import { getSnapshot } from '#shared/ingest/snapshot.ts';
import { createS3Client } from '#shared/s3.ts';
import { FEEDS } from '../test/helpers/ingest/feeds.ts';
import { startTestStack } from '../test/helpers/local-stack.ts';
import { seededRandom } from './lib/random.ts';

const SIZES = [1_000, 10_000];

interface Counts {
  requests: Record<string, number>;
  itemsRead: number;
}

/** Counts every DynamoDB request by command, and the items reads return. */
function countedClient() {
  const db = createDocumentClient();
  const counts: Counts = { requests: {}, itemsRead: 0 };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String((context as { commandName?: string }).commandName ?? '?').replace(/Command$/, '');
      counts.requests[name] = (counts.requests[name] ?? 0) + 1;
      const out = await next(args);
      const o = out.output as { Items?: unknown[]; Item?: unknown; Responses?: Record<string, unknown[]> };
      counts.itemsRead +=
        (o.Items?.length ?? 0) +
        (o.Item ? 1 : 0) +
        Object.values(o.Responses ?? {}).reduce((n, list) => n + list.length, 0);
      return out;
    },
    { step: 'initialize', name: 'benchCounter', override: true },
  );
  return { db, counts };
}

/** The users: a home at a random station, its 3–5 nearest stations as favourites, 3 rules on one fuel. */
function seedRequests(stations: Station[], users: number, now: Date): WriteRequest[] {
  const random = seededRandom(8);
  const located = stations.filter((s) => s.lat !== null && s.lon !== null);
  const geo = new KDBush(located.length);
  for (const s of located) geo.add(s.lon as number, s.lat as number);
  geo.finish();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const priceOf = (s: Station | undefined, fuel: string) =>
    s?.prices.find((p) => p.fuel === fuel && !p.outlier)?.price;
  const round3 = (n: number) => Math.round(n * 1000) / 1000;
  const at = now.toISOString();
  const out: WriteRequest[] = [];
  for (let u = 0; u < users; u++) {
    const sub = `00000000-0000-4000-8000-${String(u).padStart(12, '0')}`;
    const home = pick(located);
    const r = random();
    const fuel: FuelCode = r < 0.55 ? 'Gazole' : r < 0.9 ? 'E10' : 'SP98';
    const near = geo
      .range(
        (home.lon as number) - 0.15,
        (home.lat as number) - 0.1,
        (home.lon as number) + 0.15,
        (home.lat as number) + 0.1,
      )
      .map((i) => located[i] as Station)
      .sort(
        (a, b) =>
          Math.hypot((a.lat as number) - (home.lat as number), (a.lon as number) - (home.lon as number)) -
          Math.hypot((b.lat as number) - (home.lat as number), (b.lon as number) - (home.lon as number)),
      );
    const favourites = near.slice(0, 3 + Math.floor(random() * 3));
    const favPrices = favourites.map((s) => priceOf(s, fuel)).filter((p): p is number => p !== undefined);
    const cheapest = favPrices.length ? Math.min(...favPrices) : 1.8;
    const place = (radiusKm: number) =>
      ({
        kind: 'place',
        lat: home.lat as number,
        lon: home.lon as number,
        radiusKm,
        label: 'Maison',
      }) as const;
    const rules: AlertRule[] = [
      {
        id: 'fav',
        fuel,
        maxPrice: round3(cheapest - 0.03 + random() * 0.04),
        dropCents: null,
        scope: { kind: 'favourites' },
        openNow: false,
        channel: 'email',
      },
      {
        id: 'area',
        fuel,
        maxPrice: null,
        dropCents: 2 + Math.floor(random() * 4),
        scope: place(3 + Math.floor(random() * 13)),
        openNow: false,
        channel: 'email',
      },
      random() < 0.5
        ? {
            id: 'low',
            fuel,
            maxPrice: round3(cheapest - 0.04 + random() * 0.04),
            dropCents: null,
            scope: place(5 + Math.floor(random() * 16)),
            openNow: random() < 0.3,
            channel: 'email',
          }
        : {
            id: 'favdrop',
            fuel,
            maxPrice: null,
            dropCents: 1 + Math.floor(random() * 4),
            scope: { kind: 'favourites' },
            openNow: false,
            channel: 'email',
          },
    ];
    const rev = newRev();
    out.push({
      PutRequest: {
        Item: {
          ...keys.profile(sub),
          displayName: `Bench ${u}`,
          fuels: [fuel],
          alerts: { enabled: random() < 0.9, dailyCap: 3 },
          favIds: new Set(favourites.map((s) => s.id)),
          createdAt: at,
          updatedAt: at,
        },
      },
    });
    for (const s of favourites)
      out.push({
        PutRequest: {
          Item: {
            ...keys.favourite(sub, s.id),
            stationId: s.id,
            addedAt: at,
            updatedAt: at,
            ...keys.favouriteIndex(sub, s.id),
          },
        },
      });
    out.push({ PutRequest: { Item: settingsItem(sub, { rules, digest: false }, rev, now) } });
    for (const item of indexItems(sub, rules, rev)) out.push({ PutRequest: { Item: item } });
  }
  return out;
}

/** The Lambda Invoke API, reduced to "record the event and answer 202". */
async function invocationRecorder() {
  const events: AlertsInvocation[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertsInvocation);
    res.writeHead(202).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    events,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

interface Measured {
  summary: EvaluationSummary;
  evaluationMs: number;
  reads: { requests: number; items: number; byCommand: Record<string, number> };
  writes: number;
}

interface Row {
  users: number;
  seedItems: number;
  seedMs: number;
  full: Measured;
  slice: Measured;
}

const READS = ['Query', 'BatchGetItem', 'GetItem', 'Scan'];

/** Bench only: drop the alert states, day claims and run records so a second evaluation starts clean. */
async function forgetDeliveries(table: Table) {
  const doomed: WriteRequest[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await table.client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: 'begins_with(SK, :state) OR begins_with(SK, :day) OR PK = :run',
        ExpressionAttributeValues: { ':state': 'ALERT#', ':day': 'ALERTDAY#', ':run': 'ALERTRUN' },
        ProjectionExpression: 'PK, SK',
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) doomed.push({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } });
    start = res.LastEvaluatedKey;
  } while (start);
  await batchWriteAll(table, doomed);
}

// One recorder for both runs, and one Lambda client (created once per process, like in a Lambda).
const recorder = await invocationRecorder();
process.env.AWS_ENDPOINT_URL_LAMBDA = recorder.url;
const alerts = alertsTarget('bench-alerts');

async function benchOnce(users: number): Promise<Row> {
  const stack = await startTestStack();
  try {
    const table = openTable(stack.resources.tableName);
    const s3 = createS3Client();
    const dataBucket = stack.resources.buckets.data;
    const ingestDeps = {
      table: table,
      s3,
      archiveBucket: stack.resources.buckets.archive,
      dataBucket,
      logger: {
        info: () => {},
        warn: (m: string) => console.error(`warning: ${m}`),
        error: (m: string) => console.error(m),
      },
      emitMetrics: () => {},
      alerts,
    };
    const first = await runIngest(ingestDeps, { sources: [FEEDS.before], trigger: 'bench' });
    if (first.status !== 'succeeded') throw new Error(`first ingest ${first.status}`);
    const published = await getPublished(table);
    const snapshot = await getSnapshot(s3, dataBucket, String(published?.snapshotKey));
    const seedAt = new Date(Date.parse(String(snapshot.version.feedTime)));

    const seedStarted = performance.now();
    const requests = seedRequests(snapshot.stations, users, seedAt);
    await batchWriteAll(table, requests, { concurrency: 8 });
    const seedMs = performance.now() - seedStarted;

    const second = await runIngest(ingestDeps, { sources: [FEEDS.after], trigger: 'bench' });
    const event = recorder.events.at(-1);
    if (second.status !== 'succeeded' || !event)
      throw new Error(`second ingest ${second.status}, no alerts invocation`);
    await alertsSecret(table, { create: true });

    const secret = (await alertsSecret(table, { create: true })) as Uint8Array;
    // "Now" is one hour after the newest price of the second feed (the prices are from 2023).
    const now = new Date(Date.parse(String(second.feedTime)) + 3_600_000);
    const measure = async (invocation: AlertsInvocation): Promise<Measured> => {
      const { db, counts } = countedClient();
      const started = performance.now();
      const summary = await evaluateRun(
        {
          table: openTable(table.name, db),
          s3,
          dataBucket,
          mailer: sesMailer(new SESClient({ maxAttempts: 1 })),
          recipients: { email: async (sub) => `${sub}@bench.invalid` },
          siteUrl: 'http://localhost:3000',
          from: 'Plein <alertes@plein.localhost>',
          secret: async () => secret,
          now: () => now,
        },
        invocation,
      );
      const evaluationMs = performance.now() - started;
      const byCommand = Object.fromEntries(
        Object.entries(counts.requests).filter(([k]) => READS.includes(k)),
      );
      return {
        summary,
        evaluationMs,
        reads: {
          requests: Object.values(byCommand).reduce((a, b) => a + b, 0),
          items: counts.itemsRead,
          byCommand,
        },
        writes: Object.entries(counts.requests)
          .filter(([k]) => !READS.includes(k))
          .reduce((a, [, v]) => a + v, 0),
      };
    };
    const full = await measure(event);
    // The same users and stations, but only what one 15-minute run of the day would bring: every 40th change
    // (10 hours = 40 quarter-hours). Delivery items of the full evaluation are removed first (bench only).
    await forgetDeliveries(table);
    const changes = await getRunChanges(s3, dataBucket, event.changesKey);
    const runId = `${changes.runId}-q`;
    const sliceKey = await putRunChanges(s3, dataBucket, {
      ...changes,
      runId,
      changes: changes.changes.filter((_, i) => i % 40 === 0),
    });
    const slice = await measure({ runId, changesKey: sliceKey });
    return { users, seedItems: requests.length, seedMs, full, slice };
  } finally {
    await stack.stop();
  }
}

const rows: Row[] = [];
for (const users of SIZES) {
  console.error(`… ${users.toLocaleString('en')} users: two ingest runs, seeding, evaluation`);
  rows.push(await benchOnce(users));
}
recorder.close();

const s0 = rows[0]?.full.summary as EvaluationSummary;
const q0 = rows[0]?.slice.summary as EvaluationSummary;
const n = (x: number) => x.toLocaleString('en');
console.log(
  `run ${s0.runId}: ${n(s0.changes)} changed prices, ${n(s0.alertable)} went down or are new ` +
    `(${n(s0.stationsQueried)} stations → follower queries, ${n(s0.cellQueries)} cell range queries)`,
);
console.log(
  `15-min slice (every 40th change): ${n(q0.changes)} changed prices, ${n(q0.alertable)} went down or are new ` +
    `(${n(q0.stationsQueried)} follower queries, ${n(q0.cellQueries)} cell range queries)`,
);
const cols = rows.flatMap((r) => [
  { label: `${n(r.users)} users`, part: 'full run', r, m: r.full },
  { label: `${n(r.users)} users`, part: '15-min slice', r, m: r.slice },
]);
const line = (cells: (string | number)[]) =>
  console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 30 : 15)).join(''));
line(['', ...cols.map((c) => c.label)]);
line(['', ...cols.map((c) => c.part)]);
line(['evaluation time', ...cols.map((c) => `${(c.m.evaluationMs / 1000).toFixed(2)} s`)]);
line(['DynamoDB read requests', ...cols.map((c) => n(c.m.reads.requests))]);
for (const cmd of ['Query', 'BatchGetItem', 'GetItem'])
  line([`  ${cmd}`, ...cols.map((c) => n(c.m.reads.byCommand[cmd] ?? 0))]);
line(['DynamoDB items read', ...cols.map((c) => n(c.m.reads.items))]);
line(['DynamoDB write requests', ...cols.map((c) => n(c.m.writes))]);
line(['followers of changed stations', ...cols.map((c) => n(c.m.summary.followers))]);
line(['rules found in cells', ...cols.map((c) => n(c.m.summary.cellRules))]);
line(['users evaluated', ...cols.map((c) => n(c.m.summary.candidateUsers))]);
line(['users never read', ...cols.map((c) => n(c.r.users - c.m.summary.candidateUsers))]);
line(['users with a match', ...cols.map((c) => n(c.m.summary.matchedUsers + c.m.summary.disabled))]);
line(['  alerts off: no email', ...cols.map((c) => n(c.m.summary.disabled))]);
line(['emails sent', ...cols.map((c) => n(c.m.summary.sent))]);
line(['  failed / capped', ...cols.map((c) => `${c.m.summary.failed} / ${c.m.summary.capped}`)]);
line([
  'items read / user evaluated',
  ...cols.map((c) => (c.m.reads.items / Math.max(1, c.m.summary.candidateUsers)).toFixed(1)),
]);
console.log(
  `(users seeded: ${rows.map((r) => `${n(r.seedItems)} items in ${(r.seedMs / 1000).toFixed(1)} s`).join(', ')}; recipients faked, emails through the local SES)`,
);
