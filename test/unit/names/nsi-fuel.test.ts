import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import nsiFuel from '#shared/names/nsi-fuel.json' with { type: 'json' };
import { trimNsi } from '#shared/names/nsi-trim.ts';

const pkg = new URL('../../../node_modules/name-suggestion-index/', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, pkg), 'utf8'));

// The names Lambda bundles a trimmed copy of NSI (190 KB, not 13 MB: shared/names/nsi-trim.ts): it must be
// the installed package's. After an upgrade, `npm run names:nsi` rewrites it.
test('shared/names/nsi-fuel.json is the fuel category of the installed name-suggestion-index', () => {
  const fresh = trimNsi(
    read('package.json').version,
    read('dist/json/nsi.min.json'),
    read('dist/json/featureCollection.min.json'),
  );
  expect(nsiFuel.version).toBe(fresh.version);
  expect(nsiFuel).toEqual(JSON.parse(JSON.stringify(fresh)));
  expect(fresh.category.items.length).toBeGreaterThan(500);
});
