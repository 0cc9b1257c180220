import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The local fallback feed when FEED_URL cannot be reached: FEED_FILE, else the newest real feed in the
 * team's ../shared/feeds/ folder (by the date in its name), else none. The project commits no feed copy.
 */
export function localFallbackFeed(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FEED_FILE) return resolve(root, env.FEED_FILE);
  const dir = resolve(root, '..', 'shared', 'feeds');
  if (!existsSync(dir)) return undefined;
  const feeds = readdirSync(dir)
    .filter((name) => /\.(zip|xml)$/i.test(name) && /\d{4}-\d{2}-\d{2}/.test(name))
    .map((name) => ({
      path: join(dir, name),
      date: name.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? '',
      mtime: statSync(join(dir, name)).mtimeMs,
    }))
    .sort((a, b) => b.date.localeCompare(a.date) || b.mtime - a.mtime);
  return feeds[0]?.path;
}
