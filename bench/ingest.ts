/**
 * `npm run bench:ingest`: the ingest against a fresh local stack (in-memory emulators, startTestStack):
 * a first full load, the next consecutive feed (ten hours later), then that same feed again.
 * DynamoDB and S3 requests are counted by a middleware on the clients' stacks. Exit code 1 if a goal fails.
 */
import { availableParallelism, loadavg } from 'node:os';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { type IngestRun, runIngest } from '#shared/ingest/index.ts';
import { createS3Client } from '#shared/s3.ts';
import { COUNTS, FEEDS } from '../test/helpers/ingest/feeds.ts';
import {
  type Counters,
  countersSince,
  dataWrites,
  ddbWriteRequests,
  instrument,
  newCounters,
} from '../test/helpers/ingest/instrument.ts';
import { startTestStack } from '../test/helpers/local-stack.ts';

const FIRST_LOAD_BUDGET_MS = 10_000;

const stack = await startTestStack();
const db = createDocumentClient();
const s3 = createS3Client();
const live = newCounters();
instrument(db, s3, live);

const deps = {
  table: openTable(stack.resources.tableName, db),
  s3,
  archiveBucket: stack.resources.buckets.archive,
  dataBucket: stack.resources.buckets.data,
  logger: { info: () => {}, warn: (m: string) => console.error(`warning: ${m}`), error: () => {} },
  emitMetrics: () => {},
};

interface Row {
  name: string;
  run: IngestRun;
  wallMs: number;
  counters: Counters;
}

const rows: Row[] = [];
try {
  for (const [name, feed] of [
    ['first load', FEEDS.before],
    ['incremental', FEEDS.after],
    ['identical', FEEDS.after],
  ] as const) {
    const before = structuredClone(live);
    const started = performance.now();
    const run = await runIngest(deps, { sources: [feed], trigger: 'bench' });
    rows.push({ name, run, wallMs: performance.now() - started, counters: countersSince(live, before) });
  }
} finally {
  await stack.stop();
}

const [first, incremental, identical] = rows as [Row, Row, Row];
console.log(
  `ingest bench — Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; in-memory dynalite + s3rver (startTestStack)`,
);
console.log(`feeds: ${FEEDS.before} → ${FEEDS.after} → same again\n`);
const table = [
  [
    'run',
    'status',
    'wall',
    'stations',
    'changed',
    'st.written',
    'hist.written',
    'ddb write req',
    'ddb items',
    'S3 put',
  ],
  ...rows.map(({ name, run, wallMs, counters: c }) => {
    const data = dataWrites(c);
    const items =
      Object.values(c.batchItems).reduce((a, b) => a + b, 0) +
      Object.values(c.itemWrites).reduce((a, b) => a + b, 0);
    return [
      name,
      run.status + (run.reason ? ` (${run.reason})` : ''),
      `${(wallMs / 1000).toFixed(2)} s`,
      String(run.stations ?? '—'),
      String(run.changed ?? 0),
      String(data.stations),
      String(data.history),
      String(ddbWriteRequests(c)),
      String(items),
      `${(c.s3BytesPut / 1024).toFixed(0)} kB`,
    ];
  }),
];
const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
for (const r of table) console.log(r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
console.log('');
for (const { name, run } of rows) {
  console.log(`${name.padEnd(12)} phases (ms) ${JSON.stringify(run.timings)}`);
}
const first0 = rows[0]?.run;
console.log(
  `snapshot ${first0?.snapshotBytes} B gzip, index ${first0?.indexBytes} B gzip; ` +
    `peak RSS of the process (emulators included) ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
console.log('');

const goals: [string, boolean, string][] = [
  [
    'the incremental run writes only the changed stations and prices',
    dataWrites(incremental.counters).stations === COUNTS.pair.changedStations &&
      dataWrites(incremental.counters).history === COUNTS.pair.changedPrices &&
      incremental.run.changed === COUNTS.pair.changedStations,
    `${dataWrites(incremental.counters).stations} station items for ${incremental.run.changed} changed (expected ${COUNTS.pair.changedStations}), ` +
      `${dataWrites(incremental.counters).history} history items (expected ${COUNTS.pair.changedPrices} changed prices)`,
  ],
  [
    'the identical run writes nothing',
    identical.run.status === 'skipped' &&
      dataWrites(identical.counters).stations === 0 &&
      dataWrites(identical.counters).history === 0,
    `${identical.run.status} (${identical.run.reason}), ${dataWrites(identical.counters).stations + dataWrites(identical.counters).history} station/history writes, ${identical.counters.s3BytesPut} bytes to S3`,
  ],
  [
    `first load ≤ ${FIRST_LOAD_BUDGET_MS / 1000} s`,
    first.run.status === 'succeeded' && first.wallMs <= FIRST_LOAD_BUDGET_MS,
    `${(first.wallMs / 1000).toFixed(2)} s for ${first.run.stations} stations, ${first.run.written} items`,
  ],
];
for (const [goal, ok, detail] of goals) console.log(`${ok ? 'PASS' : 'FAIL'}  ${goal}: ${detail}`);
process.exitCode = goals.every(([, ok]) => ok) ? 0 : 1;
