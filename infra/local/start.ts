/**
 * `npm start`: the whole product on this machine, in one process and one terminal.
 * Data persists under .data/ (DATA_DIR); PORT (default 3000) serves the site and /api; Ctrl-C stops it all.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXED_PORTS } from './ports.ts';
import { startLocalProduct } from './runtime.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line: string) => console.log(`[plein] ${line}`);

const product = await startLocalProduct({
  root,
  dataDir: resolve(root, process.env.DATA_DIR || '.data'),
  persist: true,
  port: Number(process.env.PORT || 3000),
  build: process.env.SKIP_BUILD !== '1',
  schedule: process.env.SKIP_INGEST !== '1',
  log,
}).catch((error: NodeJS.ErrnoException) => {
  const hint =
    error.code === 'EADDRINUSE'
      ? ` (npm start listens on PORT and the next ${FIXED_PORTS - 1}; try another PORT)`
      : '';
  console.error(`[plein] could not start: ${error.message}${hint}`);
  process.exit(1);
});

log(`ready: ${product.url}/  (API ${product.url}/api/health, Ctrl-C to stop)`);
if (process.env.FEED_FILE || product.env.FEED_FILE) {
  log(`feed: ${product.env.FEED_URL}, falling back to ${product.env.FEED_FILE} when unreachable`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    log('stopping…');
    await product.stop();
    process.exit(0);
  });
}
