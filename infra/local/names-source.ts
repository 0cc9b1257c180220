import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The local names file when NAMES_URL cannot be reached (docs/NAMES.md, "Locally"): NAMES_FILE, else the
 * newest file in the team's ../shared/names/ folder (by the date in its name), else none. The project
 * commits no copy (the data is ODbL, the file the team's).
 */
export function localNamesFile(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NAMES_FILE) return resolve(root, env.NAMES_FILE);
  const dir = resolve(root, '..', 'shared', 'names');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((name) => /\.csv(\.bz2)?$/i.test(name) && /\d{4}-\d{2}-\d{2}/.test(name))
    .map((name) => ({
      path: join(dir, name),
      date: name.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? '',
      mtime: statSync(join(dir, name)).mtimeMs,
    }))
    .sort((a, b) => b.date.localeCompare(a.date) || b.mtime - a.mtime);
  return files[0]?.path;
}
