import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXED_PORTS, freePort, freePorts } from '#infra/local/ports.ts';
import { groupAlive } from '../helpers/processes.ts';

// `npm run dev` as a developer runs it: astro dev from source in front of the local stack, Ctrl-C stops both.
const root = resolve(import.meta.dirname, '..', '..');
let dataDir: string;
let output = '';
let group = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'plein-npm-dev-'));
});
afterAll(async () => {
  if (group && groupAlive(group)) process.kill(-group, 'SIGKILL'); // the test failed before Ctrl-C
  await rm(dataDir, { recursive: true, force: true });
});

/** This environment without Vitest's variables: with VITEST set, Astro's dev server serves no page (404). */
function developerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
}

test('npm run dev serves the site from source, with /api and /config.json from the local stack', {
  timeout: 180_000,
}, async () => {
  const port = await freePorts(FIXED_PORTS);
  const devPort = await freePort();
  const child: ChildProcess = spawn('npm', ['run', 'dev'], {
    cwd: root,
    env: {
      ...developerEnv(),
      PORT: String(port),
      DEV_PORT: String(devPort),
      DATA_DIR: dataDir,
      SKIP_INGEST: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the test can check nothing is left behind
  });
  group = child.pid ?? 0;
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  for (let i = 0; i < 240 && !/\[plein\] dev: /.test(output); i++) await sleep(500);
  expect(output).toContain(`[plein] dev: http://localhost:${devPort}/`);
  const site = `http://localhost:${devPort}`;

  // The page comes from Vite's dev server (its hot-reload client), not from a build.
  const home = await fetch(`${site}/mes-stations/`);
  expect(home.status).toBe(200);
  const html = await home.text();
  expect(html).toContain('/@vite/client');
  expect(html).toContain('data-ref="favouriteItem"');

  // Same origin as the page: config.json and the API are the local stack's.
  const config = (await (await fetch(`${site}/config.json`)).json()) as Record<string, unknown>;
  expect(config).toMatchObject({ apiBase: '/api', stage: 'local' });
  expect(String(config.cognitoEndpoint)).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  const health = await fetch(`${site}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'empty', stations: 0 });

  const pid = child.pid ?? 0;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-pid, 'SIGINT'); // Ctrl-C: the whole foreground process group
  await exited;
  await sleep(1000);
  expect(output).toContain('stopping');
  expect(groupAlive(pid), 'a child process outlived Ctrl-C').toBe(false);
});
