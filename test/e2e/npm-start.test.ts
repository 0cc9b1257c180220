import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXED_PORTS, freePorts } from '#infra/local/ports.ts';
import { groupAlive } from '../helpers/processes.ts';

// `npm start` itself, as a user runs it: a real child process, stopped with Ctrl-C (SIGINT).
const root = resolve(import.meta.dirname, '..', '..');
let dataDir: string;
let port: number;
let output = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'plein-npm-start-'));
  port = await freePorts(FIXED_PORTS);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function start(): ChildProcess {
  const child = spawn('npm', ['start'], {
    cwd: root,
    // FEED_URL points nowhere so the run falls back to the local feed even on a machine with internet.
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, FEED_URL: 'http://127.0.0.1:9/instantane' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the test can check nothing is left behind
  });
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return child;
}

async function health(): Promise<{ stations: number; status: string } | null> {
  return fetch(`http://127.0.0.1:${port}/api/health`)
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
}

/** Ctrl-C in a terminal sends SIGINT to the whole foreground process group: npm, node and its children. */
async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-(child.pid ?? 0), 'SIGINT');
  await exited;
}

test('npm start serves the site and ingests a real national feed, Ctrl-C stops everything, data survives', {
  timeout: 240_000,
}, async () => {
  const child = start();
  let stations = 0;
  for (let i = 0; i < 200 && stations < 9000; i++) {
    await sleep(500);
    stations = (await health())?.stations ?? 0;
  }
  expect(stations, output).toBeGreaterThanOrEqual(9000);
  expect(output).toMatch(/ready: http:\/\/localhost:\d+/);
  expect(output).toMatch(/falling back to .*shared\/feeds/);
  const home = await fetch(`http://127.0.0.1:${port}/`);
  expect(home.status).toBe(200);
  expect(home.headers.get('content-type')).toContain('text/html');

  const pid = child.pid ?? 0;
  await stop(child);
  await sleep(1000);
  expect(output).toContain('stopping');
  expect(groupAlive(pid), 'a child process outlived Ctrl-C').toBe(false);

  // Again, with the schedule off: the data is still there.
  output = '';
  const again = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SKIP_INGEST: '1', SKIP_BUILD: '1' },
    stdio: 'ignore',
    detached: true,
  });
  let after = null;
  for (let i = 0; i < 60 && !after; i++) {
    await sleep(500);
    after = await health();
  }
  expect(after?.stations).toBe(stations);
  await stop(again);
});
