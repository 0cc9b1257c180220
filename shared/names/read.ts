import { pipeline, Readable, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import unbzip2 from 'unbzip2-stream';
import { NamesError } from './errors.ts';

/** One data row of a names file, by header name (docs/NAMES.md, "Format"). Empty cells are null. */
export interface NamesRow {
  /** 1-based data row (the header is row 0), for messages and the "first in file" tie-break. */
  row: number;
  /** The raw `ref:FR:prix-carburants` value, trimmed ('' when the OSM object has none). */
  ref: string;
  name: string | null;
  brand: string | null;
  operator: string | null;
  branch: string | null;
  /** Only in the full export (lat/lon or @lat/@lon columns). */
  lat?: number;
  lon?: number;
  /** Only in the full export: the OSM object (`@id`/`osm_id`/`id`, `@type`/`osm_type`/`type`). */
  osmId?: number;
  osmType?: string;
}

/** The id column every names file must have: the government feed's station id, as tagged in OSM. */
const ID_COLUMN = 'ref:FR:prix-carburants';

/** Header names each field is read from, first found wins; other columns are ignored. */
const COLUMNS = {
  name: ['name'],
  brand: ['brand'],
  operator: ['operator'],
  branch: ['branch'],
  lat: ['@lat', 'lat', 'latitude'],
  lon: ['@lon', 'lon', 'longitude'],
  osmId: ['@id', 'osm_id', 'id'],
  osmType: ['@type', 'osm_type', 'type'],
} as const;

export interface ReadNamesOptions {
  /** Decompressed (text) bytes: a bz2 bomb or a runaway file stops here. */
  maxTextBytes?: number;
}

const DEFAULT_MAX_TEXT_BYTES = 512 * 1024 * 1024;

/**
 * Streams the rows of a names source: bz2 when it starts with "BZh" (the Osmose export), else plain CSV
 * (the 5-column cut in ../shared/names). Columns are found by header name, so both shapes read the same.
 * Chunk by chunk end to end: neither the compressed nor the decompressed file is ever held whole.
 * Throws a NamesError: EMPTY (no bytes or no data row is the caller's), NOT_CSV (undecompressable bz2,
 * unbalanced quotes, ragged rows), NO_ID_COLUMN, TOO_LARGE.
 */
export async function* readNames(
  body: AsyncIterable<Uint8Array>,
  options: ReadNamesOptions = {},
): AsyncGenerator<NamesRow> {
  const maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const { head, chunks } = await peek(body, 3);
  if (head.byteLength === 0) throw new NamesError('EMPTY', 'the names file is empty (0 bytes)');
  const bz2 = Buffer.from(head.subarray(0, 3)).toString('latin1') === 'BZh';

  let bz2Error: Error | null = null;
  let text = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      text += chunk.byteLength;
      if (text > maxTextBytes) {
        done(new NamesError('TOO_LARGE', `more than ${maxTextBytes} decompressed bytes (cap)`));
      } else done(null, chunk);
    },
  });
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: false });
  const stages: NodeJS.ReadWriteStream[] = [];
  if (bz2) {
    const inflate = unbzip2();
    inflate.once('error', (error: Error) => {
      bz2Error = error;
    });
    stages.push(inflate);
  }
  // pipeline() destroys every stage on the first error, so the loop below rethrows it.
  const records = pipeline(
    [Readable.from(chunks), ...stages, counter, parser],
    () => {},
  ) as unknown as Readable;

  let columns: ReturnType<typeof indexColumns> | null = null;
  let row = 0;
  try {
    for await (const record of records as AsyncIterable<string[]>) {
      if (!columns) {
        columns = indexColumns(record);
        continue;
      }
      row++;
      yield toRow(record, columns, row);
    }
  } catch (error) {
    if (error instanceof NamesError) throw error;
    if (bz2Error) {
      throw new NamesError(
        'NOT_CSV',
        `the bz2 data does not decompress (truncated or corrupt): ${printable(messageOf(bz2Error))}`,
        { cause: error },
      );
    }
    if (error instanceof CsvError) {
      // csv-parse quotes the offending value: a garbled file's bytes never reach a log or the run record.
      const reason = printable(error.message.replace(/, value is .*$/s, ''));
      throw new NamesError('NOT_CSV', `not a readable CSV file: ${reason}`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    records.destroy();
  }
  if (!columns) throw new NamesError('EMPTY', 'the names file has no header row');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u024f]/g, '?').slice(0, 160);
}

/** The first `min` bytes (or all there are), and the whole body again, head included. */
async function peek(body: AsyncIterable<Uint8Array>, min: number) {
  const it = body[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  while (size < min) {
    const next = await it.next();
    if (next.done) break;
    taken.push(next.value);
    size += next.value.byteLength;
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield* taken;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return { head: Buffer.concat(taken), chunks: chunks() };
}

function indexColumns(header: string[]) {
  const names = header.map((h) => h.trim());
  const ref = names.indexOf(ID_COLUMN);
  if (ref < 0) {
    const shown = names.slice(0, 6).join(', ').slice(0, 120);
    throw new NamesError(
      'NO_ID_COLUMN',
      `the header row has no "${ID_COLUMN}" column (it starts: ${shown || 'nothing'})`,
    );
  }
  const find = (aliases: readonly string[]) => {
    for (const alias of aliases) {
      const i = names.indexOf(alias);
      if (i >= 0) return i;
    }
    return -1;
  };
  return {
    ref,
    ...(Object.fromEntries(Object.entries(COLUMNS).map(([field, aliases]) => [field, find(aliases)])) as {
      [K in keyof typeof COLUMNS]: number;
    }),
  };
}

function toRow(record: string[], c: ReturnType<typeof indexColumns>, row: number): NamesRow {
  const text = (i: number) => {
    const value = i >= 0 ? record[i]?.trim() : undefined;
    return value ? value : null;
  };
  const out: NamesRow = {
    row,
    ref: text(c.ref) ?? '',
    name: text(c.name),
    brand: text(c.brand),
    operator: text(c.operator),
    branch: text(c.branch),
  };
  const lat = Number(text(c.lat) ?? Number.NaN);
  const lon = Number(text(c.lon) ?? Number.NaN);
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    out.lat = lat;
    out.lon = lon;
  }
  // "123", "n123", "node/123" (the type may also come from its own column).
  const osm = /^(node|way|relation|[nwr])?\/?(\d+)$/i.exec(text(c.osmId) ?? '');
  if (osm?.[2]) {
    out.osmId = Number(osm[2]);
    const type = (osm[1] ?? text(c.osmType) ?? '').toLowerCase();
    const full = { n: 'node', w: 'way', r: 'relation' }[type] ?? type;
    if (['node', 'way', 'relation'].includes(full)) out.osmType = full;
  }
  return out;
}
