import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

// The load bench itself, shortened for CI (`npm run bench:load` runs the full 200 users × 20 s).
const root = resolve(import.meta.dirname, '..', '..');

test('under a short mixed load while an ingest runs: no 5xx, no lost write, no cross-user data', {
  timeout: 240_000,
}, async () => {
  const child = spawn(process.execPath, ['bench/load.ts'], {
    cwd: root,
    env: { ...process.env, USERS: '40', DURATION: '6', CONCURRENCY: '8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  // 'close', not 'exit': at 'exit' the last of its output (the PASS/FAIL lines) may not have been read yet.
  const code = await new Promise<number | null>((done) => child.once('close', done));
  expect(code, output).toBe(0);
  expect(output).not.toMatch(/^FAIL/m);
  expect(output.match(/^PASS/gm)?.length ?? 0, output).toBeGreaterThanOrEqual(4);
});
