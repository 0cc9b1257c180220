/**
 * `npm run dev`: the local product's API, emulators and schedule (as `npm start`, without building the site),
 * and `astro dev` in front with hot reload. Astro's dev server proxies /api and /config.json to the local
 * gateway, so the site talks to the local API on its own origin, as it does in AWS behind CloudFront.
 * DEV_PORT (default 4321) serves the site; PORT (default 3000) and the next five are the stack's, as in npm start.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dev } from 'astro';
import { FIXED_PORTS } from './ports.ts';
import { startLocalProduct } from './runtime.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line: string) => console.log(`[plein] ${line}`);

const product = await startLocalProduct({
  root,
  dataDir: resolve(root, process.env.DATA_DIR || '.data'),
  persist: true,
  port: Number(process.env.PORT || 3000),
  build: false, // astro dev serves the site from source
  schedule: process.env.SKIP_INGEST !== '1',
  log,
}).catch((error: NodeJS.ErrnoException) => {
  const hint =
    error.code === 'EADDRINUSE'
      ? ` (the stack listens on PORT and the next ${FIXED_PORTS - 1}: is npm start running? try another PORT)`
      : '';
  console.error(`[plein] could not start: ${error.message}${hint}`);
  process.exit(1);
});

const api = { target: product.url, changeOrigin: false };
const site = await dev({
  root: join(root, 'web'),
  server: { port: Number(process.env.DEV_PORT || 4321), host: 'localhost' },
  vite: { server: { strictPort: true, proxy: { '/api': api, '/config.json': api } } },
}).catch(async (error: Error) => {
  console.error(`[plein] astro dev could not start: ${error.message} (DEV_PORT to pick another port)`);
  await product.stop();
  process.exit(1);
});

log(
  `dev: http://localhost:${site.address.port}/ (hot reload; API ${product.url}/api/health, Ctrl-C to stop)`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    log('stopping…');
    await site.stop();
    await product.stop();
    process.exit(0);
  });
}
