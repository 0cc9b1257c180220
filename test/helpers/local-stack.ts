import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Endpoints, startEmulators } from '#infra/local/emulators.ts';
import { ensureResources, functionEnv, type LocalResources } from '#infra/local/resources.ts';

export interface TestStack {
  endpoints: Endpoints;
  resources: LocalResources;
  /** Environment for the functions: AWS endpoints, table and bucket names. Already applied to process.env. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the local AWS stand-ins on free ports with fresh in-memory data, creates the table, buckets and
 * user pool, and points this process's AWS SDK at them. Call `stop()` in afterAll.
 */
export async function startTestStack(): Promise<TestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'plein-test-'));
  const emulators = await startEmulators({ dataDir, persist: false });
  const resources = await ensureResources(emulators.endpoints, dataDir);
  const env = functionEnv(emulators.endpoints, resources);
  Object.assign(process.env, env);
  return {
    endpoints: emulators.endpoints,
    resources,
    env,
    stop: async () => {
      await emulators.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
