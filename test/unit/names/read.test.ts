import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { NamesError } from '#shared/names/errors.ts';
import { type NamesRow, readNames } from '#shared/names/read.ts';
import { bzip2Copy, chunked, REAL_NAMES_PATH } from './helpers.ts';

async function all(body: AsyncIterable<Uint8Array>): Promise<NamesRow[]> {
  const rows: NamesRow[] = [];
  for await (const r of readNames(body)) rows.push(r);
  return rows;
}

async function failure(body: AsyncIterable<Uint8Array>): Promise<NamesError> {
  const error = await all(body).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NamesError);
  return error as NamesError;
}

const bz2 = bzip2Copy(REAL_NAMES_PATH);
afterAll(() => bz2.cleanup());

describe('the real names file (../shared/names)', () => {
  test('plain CSV: 12,601 rows, columns by header name, empty cells null', async () => {
    const rows = await all(createReadStream(REAL_NAMES_PATH));
    expect(rows).toHaveLength(12_601);
    // The file's second data row: 34770001,Total,Total Automat,Total,
    expect(rows[1]).toEqual({
      row: 2,
      ref: '34770001',
      brand: 'Total',
      name: 'Total Automat',
      operator: 'Total',
      branch: null,
    });
    expect(rows.filter((r) => !r.ref)).toHaveLength(2_386);
  });

  test('bz2 (the Osmose export is compressed): the same rows, through any chunking', async () => {
    const plain = await all(createReadStream(REAL_NAMES_PATH));
    const compressed = await all(createReadStream(bz2.path, { highWaterMark: 1000 }));
    expect(compressed).toEqual(plain);
    const bytes = await readFile(bz2.path);
    expect((await all(chunked(bytes, 2))).length).toBe(plain.length); // "BZh" split across chunks
  });

  test('a truncated bz2 download is NOT_CSV, not a short table', async () => {
    const bytes = await readFile(bz2.path);
    const error = await failure(chunked(bytes.subarray(0, Math.floor(bytes.byteLength / 2)), 64 * 1024));
    expect(error.code).toBe('NOT_CSV');
    expect(error.message).toMatch(/bz2/);
  });
});

describe('the full export: more columns, in another order', () => {
  test('coordinates and the OSM object are read when present, other columns ignored', async () => {
    const csv =
      '@type,@id,@lat,@lon,amenity,branch,brand,name,operator,ref:FR:prix-carburants,website\n' +
      'node,123,45.15,1.53,fuel,Brive Est,TotalEnergies,TotalEnergies Access,,19100001,https://x\n' +
      ',w456,,,fuel,,,"Garage ""Le Pont""",,19100002,\n';
    const rows = await all(chunked(csv, 5));
    expect(rows).toEqual([
      {
        row: 1,
        ref: '19100001',
        name: 'TotalEnergies Access',
        brand: 'TotalEnergies',
        operator: null,
        branch: 'Brive Est',
        lat: 45.15,
        lon: 1.53,
        osmId: 123,
        osmType: 'node',
      },
      {
        row: 2,
        ref: '19100002',
        name: 'Garage "Le Pont"',
        brand: null,
        operator: null,
        branch: null,
        osmId: 456,
        osmType: 'way',
      },
    ]);
  });

  test('a UTF-8 BOM and CRLF line ends are fine', async () => {
    const rows = await all(chunked('\ufeffref:FR:prix-carburants,name\r\n01000001,Intermarché\r\n'));
    expect(rows.map((r) => [r.ref, r.name])).toEqual([['01000001', 'Intermarché']]);
  });
});

describe('broken files are NamesErrors that say why', () => {
  test('empty: EMPTY', async () => {
    expect((await failure(chunked(''))).code).toBe('EMPTY');
  });

  test('no ref:FR:prix-carburants column: NO_ID_COLUMN naming the header', async () => {
    const error = await failure(chunked('id,name,brand\n01000001,Total,Total\n'));
    expect(error.code).toBe('NO_ID_COLUMN');
    expect(error.message).toContain('ref:FR:prix-carburants');
    expect(error.message).toContain('id, name, brand');
  });

  test('an HTML error page served instead: NOT_CSV', async () => {
    const error = await failure(chunked('<!DOCTYPE html><html><body class="x">"Oops</body></html>\n'));
    expect(error.code).toBe('NOT_CSV');
  });

  test('garbled bytes claiming to be bz2: NOT_CSV', async () => {
    const bytes = Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(4000, 0x5a)]);
    expect((await failure(chunked(bytes, 512))).code).toBe('NOT_CSV');
  });

  test('ragged rows (a cut or corrupted file): NOT_CSV with the row', async () => {
    const error = await failure(chunked('ref:FR:prix-carburants,name\n01000001,A\n01000002,B,extra\n'));
    expect(error.code).toBe('NOT_CSV');
    expect(error.message).toMatch(/line 3/);
  });

  test('decompressed bytes are capped', async () => {
    const body = chunked(`ref:FR:prix-carburants,name\n${'01000001,A\n'.repeat(1000)}`);
    const rows = readNames(body, { maxTextBytes: 2000 });
    const error = await (async () => {
      for await (const _ of rows);
    })().catch((e: NamesError) => e);
    expect((error as NamesError).code).toBe('TOO_LARGE');
  });
});
