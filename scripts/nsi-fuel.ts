/**
 * `npm run names:nsi`: writes shared/names/nsi-fuel.json, the fuel-brand part of the installed
 * name-suggestion-index (shared/names/nsi-trim.ts says why). Run it after upgrading the package; the unit
 * test test/unit/names/nsi-fuel.test.ts fails until then.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trimNsi } from '../shared/names/nsi-trim.ts';

const pkg = fileURLToPath(new URL('../node_modules/name-suggestion-index/', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(`${pkg}${path}`, 'utf8'));
const trimmed = trimNsi(
  read('package.json').version,
  read('dist/json/nsi.min.json'),
  read('dist/json/featureCollection.min.json'),
);
const out = fileURLToPath(new URL('../shared/names/nsi-fuel.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(trimmed)}\n`);
// In the repository's format, so that a re-run on the same NSI changes nothing.
execFileSync(
  fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)),
  ['format', '--write', out],
  {
    stdio: 'ignore',
  },
);
console.log(
  `names:nsi: ${trimmed.category.items.length} fuel brands, ${trimmed.featureCollection.features.length} areas, ` +
    `NSI ${trimmed.version} → shared/names/nsi-fuel.json`,
);
