import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type LocalProduct, startLocalProduct } from '#infra/local/runtime.ts';
import { getAlertRun } from '#shared/db/alert-delivery.ts';
import { createDocumentClient, type DynamoDBDocumentClient, openTable } from '#shared/db/client.ts';
import type { IngestRun } from '#shared/db/runs.ts';
import { alertsTarget, type IngestDeps, runIngest } from '#shared/ingest/index.ts';
import { INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { type Pool, poolOf } from './cognito.ts';
import { eventually } from './eventually.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ApiProduct {
  product: LocalProduct;
  /** The product's data directory (removed by `stop()`). */
  dataDir: string;
  pool: Pool;
  /** Stops the product and removes its data directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The local product for API integration tests and the benches: emulators, resources and gateway on free ports,
 * fresh in-memory data, no site build and no schedule. Call `stop()` in afterAll: it stops the product and
 * removes the data directory (removed here too when the product fails to start), so nothing leaks.
 */
export async function startApiProduct(
  name: string,
  log: (line: string) => void = () => {},
): Promise<ApiProduct> {
  const dataDir = await mkdtemp(join(tmpdir(), `plein-${name}-`));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  let product: LocalProduct;
  try {
    product = await startLocalProduct({
      root: ROOT,
      dataDir,
      persist: false,
      port: 0,
      build: false,
      schedule: false,
      log,
    });
  } catch (error) {
    await removeDir();
    throw error;
  }
  const pool = poolOf(product);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= product.stop().finally(removeDir);
    return stopping;
  };
  return { product, dataDir, pool, stop };
}

/** What `runIngest` needs to ingest into a local product, with no log line and no metric. */
export function quietIngestDeps(
  product: LocalProduct,
  db: DynamoDBDocumentClient = createDocumentClient(),
): IngestDeps {
  return {
    table: openTable(product.resources.tableName, db),
    s3: createS3Client(),
    archiveBucket: product.resources.buckets.archive,
    dataBucket: product.resources.buckets.data,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    emitMetrics: () => {},
    // As the ingest Lambda of this product is configured: the alerts function unless ALERTS_ENABLED=false.
    alerts: alertsTarget(product.env[INVOKABLE_FUNCTIONS.alerts.env]),
  };
}

/**
 * Ingests a feed file as the schedule would, with the product's real alerts hook; when it published, waits
 * for the alerts function's record of that run (it runs asynchronously after the ingest).
 */
export async function ingestAndEvaluate(
  product: LocalProduct,
  path: string,
  db: DynamoDBDocumentClient = createDocumentClient(),
): Promise<IngestRun> {
  const run = await runIngest(quietIngestDeps(product, db), { sources: [path], trigger: 'test' });
  if (run.status === 'succeeded' && run.alerts && typeof run.alerts === 'object')
    await alertEvaluation(product, run.runId, db);
  return run;
}

/** The alerts function's record of a run: up to 40 s, for CI load. */
export function alertEvaluation(
  product: LocalProduct,
  runId: string,
  db: DynamoDBDocumentClient = createDocumentClient(),
): Promise<Record<string, unknown>> {
  return eventually(
    `the alerts evaluation of ${runId}`,
    () => getAlertRun(openTable(product.resources.tableName, db), runId),
    { ms: 40_000, everyMs: 50 },
  );
}
