import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type LocalProduct, startLocalProduct } from '#infra/local/runtime.ts';
import type { Pool } from './cognito.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * The local product for API integration tests: emulators, resources and gateway on free ports, fresh
 * in-memory data, no site build and no schedule. Stop it with `product.stop()` and remove `dataDir`.
 */
export async function startApiProduct(
  name: string,
  log: (line: string) => void = () => {},
): Promise<{ product: LocalProduct; dataDir: string; pool: Pool }> {
  const dataDir = await mkdtemp(join(tmpdir(), `plein-${name}-`));
  const product = await startLocalProduct({
    root: ROOT,
    dataDir,
    persist: false,
    port: 0,
    build: false,
    schedule: false,
    log,
  });
  const pool: Pool = {
    endpoint: product.endpoints.cognito,
    userPoolId: product.resources.userPoolId,
    clientId: product.resources.userPoolClientId,
  };
  return { product, dataDir, pool };
}
