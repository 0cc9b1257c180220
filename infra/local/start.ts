/**
 * `npm start`: the whole product on this machine, in one process and one terminal.
 * Data persists under .data/ (DATA_DIR); PORT (default 3000) serves the site and /api; Ctrl-C stops it all.
 */
import { log, startFromEnv, stopOnSignals } from './command.ts';

const product = await startFromEnv({
  build: process.env.SKIP_BUILD !== '1',
  busyHint: 'npm start listens on PORTS; try another PORT',
});

log(`ready: ${product.url}/  (API ${product.url}/api/health, Ctrl-C to stop)`);
if (process.env.FEED_FILE || product.env.FEED_FILE) {
  log(`feed: ${product.env.FEED_URL}, falling back to ${product.env.FEED_FILE} when unreachable`);
}
stopOnSignals(() => product.stop());
