/**
 * What `npm start` and `npm run dev` share as commands: the local product started from the environment
 * (DATA_DIR, PORT, SKIP_INGEST), a clear line when it cannot start, and Ctrl-C stopping everything once.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXED_PORTS } from './ports.ts';
import { type LocalProduct, startLocalProduct } from './runtime.ts';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const log = (line: string) => console.log(`[plein] ${line}`);

/** Starts the product, or exits with the reason (and a hint when its ports are taken). */
export function startFromEnv(options: { build: boolean; busyHint: string }): Promise<LocalProduct> {
  return startLocalProduct({
    root,
    dataDir: resolve(root, process.env.DATA_DIR || '.data'),
    persist: true,
    port: Number(process.env.PORT || 3000),
    build: options.build,
    schedule: process.env.SKIP_INGEST !== '1',
    log,
  }).catch((error: NodeJS.ErrnoException) => {
    const ports = `PORT and the next ${FIXED_PORTS - 1}`;
    const hint = error.code === 'EADDRINUSE' ? ` (${options.busyHint.replace('PORTS', ports)})` : '';
    console.error(`[plein] could not start: ${error.message}${hint}`);
    process.exit(1);
  });
}

/** On Ctrl-C (or SIGTERM) runs `stop` once; a second Ctrl-C does not wait. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      if (stopping) process.exit(1);
      stopping = true;
      log('stopping…');
      await stop();
      process.exit(0);
    });
  }
}
