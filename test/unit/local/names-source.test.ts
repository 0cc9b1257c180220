import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { localNamesFile } from '#infra/local/names-source.ts';

const root = resolve(import.meta.dirname, '../../..');

test('the local names file: NAMES_FILE first, else the newest dated file in ../shared/names', () => {
  expect(localNamesFile(root, { NAMES_FILE: 'x/names.csv' })).toBe(resolve(root, 'x/names.csv'));
  expect(localNamesFile(root, {})).toBe(
    resolve(root, '..', 'shared', 'names', 'osm_stations_2026-06-01_hass-prixcarburant.csv'),
  );
  expect(localNamesFile(resolve(root, 'no', 'such', 'place'), {})).toBeUndefined();
});
