/**
 * `npm run bench:load` — the whole local product (gateway + handlers + emulators) under a mixed load from a few
 * hundred signed-in and anonymous users, while an ingest of the next feed runs (docs/RELIABILITY.md).
 *
 * 1. startLocalProduct on loopback; ingest the 2023-11-22 national file (FEED_URL unreachable → FEED_FILE).
 * 2. USERS users (default 200) sign up (AdminConfirmSignUp) and sign in against cognito-local.
 * 3. DURATION seconds (default 20) with CONCURRENCY requests in flight (default 32): searches, around-me,
 *    station pages (anonymous), dashboards, favourite lists, favourite PUT/DELETE (signed in). A user is driven
 *    by one worker at a time, so the acknowledged favourite writes of each user form a sequence.
 *    At a third of the time, the ingest of the 2023-11-23 file starts (runIngest, in process).
 * 4. Figures: requests/s, p50/p95/p99, statuses; then PASS/FAIL: no lost acknowledged write (every user's
 *    favourites equal what was acknowledged), no response ever showed another user's favourite (names carry
 *    their owner), no 5xx, the ingest succeeded.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { AdminConfirmSignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type IngestRun, runIngest } from '#shared/ingest/index.ts';
import { cognitoClient, signIn, signUp } from '../test/helpers/cognito.ts';
import { quietIngestDeps, startApiProduct } from '../test/helpers/product.ts';

const FEED_1 = resolve(
  process.env.FEED_FILE ?? '../shared/feeds/instantane_2023-11-22_2220Z_yzpt-airflow.zip',
);
const FEED_2 = resolve('../shared/feeds/instantane_2023-11-23_0820Z_yzpt-airflow.zip');
const FEED_URL = process.env.FEED_URL ?? 'http://127.0.0.1:9/unreachable/instantane';
const USERS = Number(process.env.USERS ?? 200);
const DURATION_S = Number(process.env.DURATION ?? 20);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const MAX_FAVS = 8;

let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const log = (line: string) => console.log(line);

async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

interface User {
  i: number;
  token: string;
  favs: Set<string>;
  busy: boolean;
}

process.env.CODE = '123456';
const { product, pool: cognito, stop } = await startApiProduct('load');
const failures: string[] = [];
const check = (ok: boolean, line: string) => {
  log(`${ok ? 'PASS' : 'FAIL'}  ${line}`);
  if (!ok) failures.push(line);
};
try {
  log(
    `load bench — Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const deps = quietIngestDeps(product);
  const first = await runIngest(deps, { sources: [FEED_URL, FEED_1], trigger: 'bench' });
  log(`first ingest: ${first.status} ${first.durationMs} ms from ${first.source ?? '?'}`);
  if (first.status !== 'succeeded') throw new Error('first ingest failed');

  const signUpStarted = Date.now();
  const users: User[] = [];
  await pool(
    Array.from({ length: USERS }, (_, i) => i),
    8,
    async (i) => {
      const email = `load${i}@example.com`;
      await signUp(cognito, email, `Driver ${i}`);
      await cognitoClient(cognito).send(
        new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: email }),
      );
      users[i] = { i, token: (await signIn(cognito, email)).accessToken, favs: new Set(), busy: false };
    },
  );
  log(`${USERS} users signed up and in: ${((Date.now() - signUpStarted) / 1000).toFixed(1)} s`);

  // Stations and towns to ask about, from the API itself.
  const around = (await (
    await fetch(`${product.url}/api/stations?lat=48.85&lon=2.35&radiusKm=30&limit=100`)
  ).json()) as {
    stations: { id: string; town?: string }[];
  };
  const ids = around.stations.map((s) => s.id);
  const towns = ['paris', 'lyon', 'marseille', 'lille', 'nantes', 'rennes', '75015', 'bordeaux'];
  const points = [
    [48.85, 2.35],
    [45.76, 4.83],
    [43.3, 5.37],
    [50.63, 3.06],
    [47.22, -1.55],
  ] as const;

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let leaks = 0;
  const record = (status: number | string, ms: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(ms);
  };
  const request = async (path: string, user?: User, init: RequestInit = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(`${product.url}${path}`, {
        ...init,
        headers: {
          ...(user ? { authorization: `Bearer ${user.token}` } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      record(res.status, performance.now() - started);
      // A response to user N may only name favourites "u<N>-…".
      if (user) for (const m of text.matchAll(/"name":"u(\d+)-/g)) if (Number(m[1]) !== user.i) leaks++;
      return { status: res.status, text };
    } catch (error) {
      record((error as Error).name, performance.now() - started);
      return { status: 0, text: '' };
    }
  };

  let ingest: Promise<IngestRun> | undefined;
  const deadline = Date.now() + DURATION_S * 1000;
  const ingestAt = Date.now() + (DURATION_S * 1000) / 3;
  const loadStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        if (!ingest && Date.now() >= ingestAt)
          ingest = runIngest(deps, { sources: [FEED_URL, FEED_2], trigger: 'bench' });
        const r = random();
        if (r < 0.45) {
          const kind = random();
          if (kind < 0.4) {
            const [lat, lon] = pick(points);
            await request(`/api/stations?lat=${lat}&lon=${lon}&radiusKm=10&fuel=Gazole&sort=price`);
          } else if (kind < 0.7) await request(`/api/search?q=${pick(towns)}`);
          else await request(`/api/stations/${pick(ids)}`);
          continue;
        }
        const user =
          users.find((u, k) => k >= Math.floor(random() * users.length) && !u.busy) ??
          users.find((u) => !u.busy);
        if (!user) continue;
        user.busy = true;
        try {
          const action = random();
          if (action < 0.2) await request('/api/me/dashboard', user);
          else if (action < 0.4) await request('/api/me/favourites', user);
          else if (action < 0.75 && user.favs.size < MAX_FAVS) {
            const id = pick(ids);
            const res = await request(`/api/me/favourites/${id}`, user, {
              method: 'PUT',
              body: JSON.stringify({ name: `u${user.i}-${id}` }),
            });
            if (res.status === 200 || res.status === 201) user.favs.add(id);
          } else if (user.favs.size) {
            const id = pick([...user.favs]);
            const res = await request(`/api/me/favourites/${id}`, user, { method: 'DELETE' });
            if (res.status === 204) user.favs.delete(id);
          }
        } finally {
          user.busy = false;
        }
      }
    }),
  );
  const seconds = (performance.now() - loadStarted) / 1000;
  const second = ingest ? await ingest : undefined;

  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(1);
  log(
    `load: ${latencies.length} requests in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)} req/s, ${CONCURRENCY} in flight, ${USERS} users`,
  );
  log(`latency ms: p50 ${q(0.5)}  p95 ${q(0.95)}  p99 ${q(0.99)}  max ${q(1)}`);
  log(`statuses: ${JSON.stringify(statuses)}`);
  log(
    `ingest during load: ${second?.status ?? 'not started'} ${second?.durationMs ?? '?'} ms, ${second?.changed ?? '?'} changed stations`,
  );

  // Every acknowledged write is there, and nothing else.
  let lost = 0;
  let extra = 0;
  await pool(users, 8, async (user) => {
    const res = await request('/api/me/favourites', user);
    const got = new Set(
      ((JSON.parse(res.text) as { favourites: { stationId: string }[] }).favourites ?? []).map(
        (f) => f.stationId,
      ),
    );
    for (const id of user.favs) if (!got.has(id)) lost++;
    for (const id of got) if (!user.favs.has(id)) extra++;
  });
  const acknowledged = users.reduce((n, u) => n + u.favs.size, 0);
  const errors5xx = Object.entries(statuses).filter(([s]) => !/^[1-4]\d\d$/.test(s));
  check(
    lost === 0 && extra === 0,
    `no lost write: ${acknowledged} favourites acknowledged and present, ${lost} lost, ${extra} unexpected`,
  );
  check(leaks === 0, `no response showed another user's data: ${leaks} foreign favourite names seen`);
  check(
    errors5xx.length === 0,
    `no 5xx, no network error or timeout: ${JSON.stringify(Object.fromEntries(errors5xx))}`,
  );
  check(second?.status === 'succeeded', `the ingest during the load succeeded: ${second?.status}`);
} finally {
  await stop();
}
process.exitCode = failures.length ? 1 : 0;
