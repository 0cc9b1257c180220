import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NamesRow } from '#shared/names/read.ts';

/** The team's real names file (../shared/names/README.md): read in place, never copied into the project. */
const REAL_NAMES = 'osm_stations_2026-06-01_hass-prixcarburant.csv';
export const REAL_NAMES_PATH = join(import.meta.dirname, '../../../../shared/names', REAL_NAMES);

/** A bz2 copy of `path` in a fresh temporary folder (the system bzip2), removed by `cleanup()`. */
export function bzip2Copy(path: string): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'plein-names-'));
  const out = join(dir, 'names.csv.bz2');
  writeFileSync(out, execFileSync('bzip2', ['-c', path], { maxBuffer: 64 * 1024 * 1024 }));
  return { path: out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The bytes of a text, in chunks of `size` (a stream cut anywhere, even inside a character). */
export async function* chunked(data: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

export function row(fields: Partial<NamesRow> & { ref: string }): NamesRow {
  return { row: 1, name: null, brand: null, operator: null, branch: null, ...fields };
}
