/**
 * What the benches that measure in child processes share: an esbuild bundle of the bench itself (plain JS,
 * as the Lambda runs it: Node's type stripping alone costs ~35 MB of RSS that production never pays) and a
 * child run that answers one JSON line on stdout.
 */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, resolve } from 'node:path';

/** V8's own young-generation size on a machine with ≤ 2 GiB, such as the Lambdas (see bench/parse.ts). */
export const CHILD_NODE_FLAGS = ['--max-semi-space-size=8'];

/** Bundles `entry` (a bench file) to a temp .mjs; delete it when done. */
export async function bundleForChild(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = resolve(tmpdir(), `plein-${basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'warning',
    external: ['esbuild'],
    // CommonJS dependencies (iconv-lite, saxes) require Node built-ins.
    banner: {
      js: "import { createRequire as benchRequire } from 'node:module'; const require = benchRequire(import.meta.url);",
    },
  });
  return outfile;
}

/** Runs a child to its end; resolves with the JSON of its last stdout line (stderr passes through). */
export function childJson<T>(command: string, args: string[], label: string): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`${label}: exit ${code}`));
      else done(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T);
    });
  });
}
