/**
 * The local stack the command-line tools (npm run ingest, npm run backfill) work against: the running
 * `npm start` stack when its endpoints answer (read from .data/local.json), else the emulators started here
 * on the same data folder and ports, stopped by `stop()`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { awsEnv, type Endpoints, startEmulators } from '#infra/local/emulators.ts';
import { ensureResources, type LocalResources } from '#infra/local/resources.ts';
import type { LocalStackFile } from '#infra/local/runtime.ts';

export interface LocalStack {
  resources: LocalResources;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The running `npm start` stack if it answers, else our own emulators on the same data and ports. */
export async function connectLocalStack(dataDir: string): Promise<LocalStack> {
  const file = join(dataDir, 'local.json');
  if (existsSync(file)) {
    const local = JSON.parse(await readFile(file, 'utf8')) as LocalStackFile;
    if (await answers(local.endpoints)) {
      Object.assign(process.env, local.env);
      console.error(`using the running local stack (${local.url})`);
      return { resources: local.resources, env: local.env, stop: async () => {} };
    }
  }
  const port = Number(process.env.PORT || 3000);
  const ports = { dynamodb: port + 1, s3: port + 2, cognito: port + 3, ses: port + 4 };
  console.error(
    `no local stack running: starting the emulators on ${dataDir} (ports ${port + 1}–${port + 4})`,
  );
  const emulators = await startEmulators({ dataDir, persist: true, ports });
  try {
    const resources = await ensureResources(emulators.endpoints, dataDir);
    const env = { ...awsEnv(emulators.endpoints) };
    Object.assign(process.env, env);
    return {
      resources,
      env: { ...env, ...(process.env.FEED_URL ? { FEED_URL: process.env.FEED_URL } : {}) },
      stop: emulators.stop,
    };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
}

async function answers(endpoints: Endpoints): Promise<boolean> {
  const ping = (url: string) =>
    fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
  const [dynamodb, s3] = await Promise.all([ping(endpoints.dynamodb), ping(endpoints.s3)]);
  return dynamodb && s3;
}
