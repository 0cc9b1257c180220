/**
 * Part of `npm run lint`: every project path the docs and the code's comments name exists, so a move or a
 * rename cannot leave them pointing at nothing. Checked: README.md and docs/*.md (their relative links
 * too) and the source under infra/, functions/, shared/, web/src/, scripts/ and bench/; a path is a token
 * starting with a top-level folder (`shared/db/keys.ts`, `#shared/db/keys.ts`, `functions/http/lib/`).
 * Globs and placeholders (`account*.test.ts`, `shared/{db,api}`, `snapshot/<runId>/`) are skipped.
 *   npm run lint          (or: node scripts/check-paths.ts)
 * Written by hand: the link checkers on npm check links and URLs, not file names in prose and comments.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_DIRS = ['infra', 'functions', 'shared', 'web/src', 'scripts', 'bench'];
const SOURCE = /\.(ts|mjs|cjs|astro|css)$/;
/** Files a reader makes or a build writes, named in the docs but never in the repository. */
const MADE_LATER = ['web/public/config.json', 'web/dist', 'web/.astro'];

const TOP = 'infra|functions|shared|web|test|bench|scripts|docs|\\.ci';
// Not inside a longer word, path or URL; not followed by a glob or placeholder character.
const PATH = new RegExp(`(?<![\\w./@:-])#?((?:${TOP})/[\\w./-]*[\\w/])(?![\\w*{<$])`, 'g');
const LINK = /\]\(([^)#\s]+)(?:#[^)]*)?\)/g;

function files(dir: string, test: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => test.test(f))
    .map((f) => join(dir, f));
}

const docs = ['README.md', ...files('docs', /^[^/]+\.md$/)];
const sources = SOURCE_DIRS.flatMap((d) => files(d, SOURCE));
const missing: string[] = [];

for (const file of [...docs, ...sources]) {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const named = [...line.matchAll(PATH)].map((m) => (m[1] as string).replace(/\.$/, ''));
    for (const path of named) {
      const madeLater = MADE_LATER.some((p) => path === p || path.startsWith(`${p}/`));
      if (!madeLater && !existsSync(join(ROOT, path))) missing.push(`${file}:${i + 1}: ${path}`);
    }
    if (!file.endsWith('.md')) return;
    for (const [, target] of line.matchAll(LINK)) {
      if (/^[a-z]+:/.test(target as string)) continue;
      const path = relative(ROOT, join(ROOT, dirname(file), target as string));
      if (!existsSync(join(ROOT, path))) missing.push(`${file}:${i + 1}: link ${target}`);
    }
  });
}

if (missing.length > 0) {
  console.error(`Paths named but not in the project (scripts/check-paths.ts):\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
