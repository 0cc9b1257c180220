/**
 * The Chromium that the browser tests, their screenshots and `npm run bench:web` drive: the system's when the
 * machine has one, else the headless Chromium inside the @sparticuz/chromium package, so that `npm ci` is
 * the whole set-up. `CHROMIUM_PATH` names another browser, or `npm` for the packaged one.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless run as root on a machine without a display, GPU or internet. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface Chromium {
  executablePath: string;
  args: string[];
  /** The environment to start it with (the packaged browser needs its own NSS libraries). */
  env: NodeJS.ProcessEnv;
  /** Where it came from, for logs: the system path, or `@sparticuz/chromium <version>`. */
  source: string;
}

/** The browser to drive: `choice` is a path or `npm` (default: CHROMIUM_PATH, else the system's, else npm's). */
export async function findChromium(choice = process.env.CHROMIUM_PATH): Promise<Chromium> {
  const path = choice || (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : 'npm');
  if (path !== 'npm') return { executablePath: path, args: CHROMIUM_ARGS, env: process.env, source: path };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No Chromium at ${SYSTEM_CHROMIUM}, and @sparticuz/chromium has one for x64 Linux only, not ` +
        `${process.platform} ${process.arch}: install Chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const { dir, version } = await unpackedChromium();
  return {
    executablePath: join(dir, 'chromium'),
    args: CHROMIUM_ARGS,
    // Its own libnss3/libnspr4/libexpat (built for Amazon Linux, they need only glibc), for the browser only.
    env: { ...process.env, LD_LIBRARY_PATH: join(dir, 'al2023', 'lib') },
    source: `@sparticuz/chromium ${version}`,
  };
}

/**
 * The package's Brotli-compressed browser, unpacked once per installed version under node_modules/.cache.
 * Its executablePath() unpacks into os.tmpdir() (/tmp/chromium, reused whatever its version or state), so it
 * runs in a child process whose TMPDIR is a fresh directory, renamed into place only once complete.
 */
async function unpackedChromium(): Promise<{ dir: string; version: string }> {
  const main = import.meta.resolve('@sparticuz/chromium');
  const pkg = resolve(dirname(fileURLToPath(main)), '..');
  const { version } = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const cache = join(resolve(import.meta.dirname, '..', '..'), 'node_modules', '.cache');
  const dir = join(cache, `sparticuz-chromium-${version}`);
  if (existsSync(join(dir, 'chromium'))) return { dir, version };
  await mkdir(cache, { recursive: true });
  const work = await mkdtemp(join(cache, 'sparticuz-chromium-unpacking-'));
  try {
    const unpack = `import c, { inflate } from ${JSON.stringify(main)};
      await c.executablePath(); await inflate(${JSON.stringify(join(pkg, 'bin', 'al2023.tar.br'))});`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', unpack], {
      env: { ...process.env, TMPDIR: work },
    });
    // Another process may have finished first: then its copy is as good as this one.
    await rename(work, dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(dir, 'chromium'))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { dir, version };
}
