import * as z from 'zod';
import { createDocumentClient } from '#shared/db/client.ts';
import { getPublished } from '#shared/db/runs.ts';
import type { FeedVersion } from '#shared/domain/snapshot.ts';
import { TABLE_ENV } from '#shared/platform.ts';
import { SNAPSHOT_CHECK_MS } from '#shared/snapshot/store.ts';

/**
 * The table and the published pointer, for the public data routes. Configuration is read once, at cold
 * start. Parsed here rather than through table.ts/readEnv, whose `import { z }` pulls all of zod's locales
 * into each bundle (+360 KB minified; see docs/API.md).
 */
export function readConfig<K extends string>(names: readonly K[]): Readonly<Record<K, string>> {
  const parsed = z
    .object(Object.fromEntries(names.map((n) => [n, z.string().min(1)])))
    .safeParse(process.env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Invalid or missing environment variables: ${fields}`);
  }
  return Object.freeze(parsed.data as Record<K, string>);
}

export const tableName = readConfig([TABLE_ENV])[TABLE_ENV];
export const db = createDocumentClient();

let cached: { version: FeedVersion | null; until: number } | null = null;

/** The published feed version from the pointer alone (no snapshot download), checked at most once a minute. */
export async function publishedVersion(): Promise<FeedVersion | null> {
  if (cached && Date.now() < cached.until) return cached.version;
  const p = await getPublished(db, tableName);
  const version = p
    ? { runId: p.runId, feedHash: p.feedHash, feedTime: p.feedTime, publishedAt: p.publishedAt }
    : null;
  cached = { version, until: Date.now() + SNAPSHOT_CHECK_MS };
  return version;
}
