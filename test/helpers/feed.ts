import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipSync } from 'fflate';
import type { Station } from '#shared/domain/station.ts';
import {
  FeedError,
  type FeedReject,
  type FeedSummary,
  parseFeed,
  type ReadOptions,
} from '#shared/feed/index.ts';

/** The real feed files, read in place (never copied into the project). */
export const FEEDS_DIR = resolve(import.meta.dirname, '../../../shared/feeds');
export const feedBytes = (name: string): Uint8Array => readFileSync(resolve(FEEDS_DIR, name));

export const NATIONAL_2025 = 'instantane_2025-07-28_ghorbelmanssour.zip';
export const RUPTURES_2026 = 'instantane_ruptures_2026-06-05_jstoudji1.zip';
export const EXTRACT_2014 = 'extract_instantane_2014_10pdv_tofrine-EDITED.xml';

/** `<pdv …>inner</pdv>` with sane defaults for the attributes not given. */
export function pdv(
  attrs: Record<string, string> = {},
  inner = '<adresse>1 rue X</adresse><ville>Lyon</ville>',
): string {
  const all = { id: '69001001', latitude: '4576000', longitude: '483000', cp: '69001', pop: 'R', ...attrs };
  const text = Object.entries(all)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
  return `<pdv ${text}>${inner}</pdv>`;
}

export const price = (id: number, valeur: string, maj = '2025-07-28 10:00:00') =>
  `<prix nom="x" id="${id}" maj="${maj}" valeur="${valeur}"/>`;

/** A whole document, as the feed writes it. */
export const feedXml = (body: string, encoding = 'ISO-8859-1') =>
  `<?xml version="1.0" encoding="${encoding}" standalone="yes"?>\n<pdv_liste>\n${body}\n</pdv_liste>\n`;

export const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');
export const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** A ZIP with the given entries (fflate, deflate level 6 unless told). */
export const zipOf = (entries: Record<string, Uint8Array>, level: 0 | 6 = 6): Uint8Array =>
  zipSync(Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, [data, { level }]])));

/** Splits bytes into chunks of the given size, like a network stream would. */
export function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

export interface ReadResult {
  stations: Station[];
  summary: FeedSummary;
  rejects: FeedReject[];
}

/** Reads a whole feed into memory (tests only: the reader itself never does). */
export async function readAll(
  input: Uint8Array | Uint8Array[],
  options: ReadOptions = {},
): Promise<ReadResult> {
  const stations: Station[] = [];
  const rejects: FeedReject[] = [];
  const summary = await parseFeed(Array.isArray(input) ? input : [input], {
    ...options,
    onStation: (s) => {
      stations.push(s);
    },
    onReject: (r) => rejects.push(r),
  });
  return { stations, summary, rejects };
}

/** The FeedError a read fails with (fails the test when the read succeeds or throws something else). */
export async function readError(
  input: Uint8Array | Uint8Array[],
  options: ReadOptions = {},
): Promise<FeedError> {
  try {
    await readAll(input, options);
  } catch (error) {
    if (error instanceof FeedError) return error;
    throw error;
  }
  throw new Error('expected the read to fail');
}

/** Reads a single-station document and returns that station. */
export async function oneStation(pdvXml: string): Promise<Station> {
  const { stations } = await readAll(latin1(feedXml(pdvXml)));
  const station = stations[0];
  if (stations.length !== 1 || !station) throw new Error(`expected one station, got ${stations.length}`);
  return station;
}
