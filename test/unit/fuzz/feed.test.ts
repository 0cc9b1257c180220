import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import type { Station } from '#shared/domain/station.ts';
import { FeedParser, type FeedSummary, isFeedError } from '#shared/feed/index.ts';
import { FUZZ_RUNS, fuzzParams, fuzzSummary, mutatedBytes } from '../../helpers/fuzz.ts';
import { FEEDS, feedXml, firstStations, latin1, zipXml } from '../../helpers/ingest/feeds.ts';
import { stationSchema } from '../../helpers/station-schema.ts';

// Property tests of the feed reader on REAL feed bytes (docs/RELIABILITY.md): whatever the bytes, it either
// returns a summary whose stations all satisfy the Station contract, or throws a FeedError — never anything
// else, never hangs, never inflates past its cap. FUZZ_RUNS sets the cases per property (default 100).

const NATIONAL_XML = feedXml(FEEDS.before); // 2023-11-22 national file, Latin-1 decoded, read once
const EXTRACT_2014 = new Uint8Array(
  readFileSync(
    resolve(import.meta.dirname, '../../../../shared/feeds/extract_instantane_2014_10pdv_tofrine-EDITED.xml'),
  ),
);
// Mutating a 12 MB document 100 times would take minutes: a real slice (its first 150 stations, ~180 kB of XML
// with every kind of element the national file has) keeps a case under ~50 ms. The whole national ZIP is
// fuzzed too, below, with truncations and a small inflate cap.
const SLICE_XML = latin1(firstStations(NATIONAL_XML, 150));
const SLICE_ZIP = zipXml(firstStations(NATIONAL_XML, 150));
const NATIONAL_ZIP = new Uint8Array(readFileSync(FEEDS.before));

/**
 * A case must finish well within this much CPU time (each is a synchronous parse of < 300 kB). CPU time, not
 * wall-clock time: a loaded machine delays a case but does not make it do more work, so only a hang fails.
 */
const CASE_CPU_MS = 5_000;

interface Outcome {
  stations: Station[];
  summary?: FeedSummary;
  error?: unknown;
  /** CPU time of the parse (user + system), ms. */
  cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

function parse(bytes: Uint8Array, options: { maxInflatedBytes?: number; chunk?: number } = {}): Outcome {
  const stations: Station[] = [];
  const started = process.cpuUsage();
  const parser = new FeedParser((s) => stations.push(s), { maxInflatedBytes: options.maxInflatedBytes });
  const chunk = options.chunk ?? 16 * 1024;
  try {
    for (let at = 0; at < bytes.length; at += chunk) parser.write(bytes.subarray(at, at + chunk));
    const summary = parser.end();
    return { stations, summary, cpuMs: cpuMsSince(started) };
  } catch (error) {
    return { stations, error, cpuMs: cpuMsSince(started) };
  }
}

const tally = new Map<string, Record<string, number>>();
function count(property: string, outcome: Outcome): void {
  const key = outcome.error ? (isFeedError(outcome.error) ? outcome.error.code : 'OTHER') : 'accepted';
  const t = tally.get(property) ?? {};
  t[key] = (t[key] ?? 0) + 1;
  tally.set(property, t);
}
afterAll(() => {
  for (const [name, t] of tally) {
    const runs = Object.values(t).reduce((a, b) => a + b, 0);
    fuzzSummary(`feed/${name}`, runs, t);
  }
});

/** The invariants every outcome must satisfy. */
function check(outcome: Outcome, cap: number | undefined, what: string): void {
  expect(outcome.cpuMs, `${what}: took ${outcome.cpuMs.toFixed(0)} ms of CPU`).toBeLessThan(CASE_CPU_MS);
  if (outcome.error !== undefined) {
    if (!isFeedError(outcome.error)) throw new Error(`${what}: not a FeedError: ${String(outcome.error)}`);
    return;
  }
  const summary = outcome.summary as FeedSummary;
  if (cap !== undefined) expect(summary.xmlBytes, `${what}: inflated past the cap`).toBeLessThanOrEqual(cap);
  expect(summary.stations).toBe(outcome.stations.length);
  for (const station of outcome.stations) {
    const res = stationSchema.safeParse(station);
    if (!res.success)
      throw new Error(
        `${what}: station ${station.id} breaks the contract: ${JSON.stringify(res.error.issues[0])}`,
      );
  }
}

// Synchronous properties: a sync test cannot be interrupted, the timeout only reports a slow run afterwards.
const TIMEOUT = { timeout: 10_000 + FUZZ_RUNS * 40 };

describe('the feed reader under random mutations of real feed bytes', TIMEOUT, () => {
  test('mutated ZIP bytes (a real 150-station slice of the 2023-11-22 national file): FeedError or valid stations', () => {
    fc.assert(
      fc.property(mutatedBytes(SLICE_ZIP), fc.integer({ min: 1, max: 70_000 }), (bytes, chunk) => {
        const outcome = parse(bytes, { chunk });
        count('zip-mutations', outcome);
        check(outcome, undefined, 'zip');
      }),
      fuzzParams(),
    );
  });

  test('mutated inflated XML (national slice): FeedError or valid stations', () => {
    fc.assert(
      fc.property(mutatedBytes(SLICE_XML, 16), fc.integer({ min: 1, max: 70_000 }), (bytes, chunk) => {
        const outcome = parse(bytes, { chunk });
        count('xml-mutations', outcome);
        check(outcome, undefined, 'xml');
      }),
      fuzzParams(),
    );
  });

  test('mutated 2014 extract (UTF-8, old <ouverture>/<fermeture> elements, millièmes): FeedError or valid stations', () => {
    fc.assert(
      fc.property(mutatedBytes(EXTRACT_2014, 16), fc.integer({ min: 1, max: 8_000 }), (bytes, chunk) => {
        const outcome = parse(bytes, { chunk });
        count('xml2014-mutations', outcome);
        check(outcome, undefined, 'xml 2014');
      }),
      fuzzParams(),
    );
  });

  test('the inflated-size cap holds for any cap, ZIP or XML, mutated or not', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: SLICE_XML.length * 2 }),
        fc.nat(),
        (zipped, mutate, cap, seed) => {
          const source = zipped ? SLICE_ZIP : SLICE_XML;
          const bytes = mutate ? fc.sample(mutatedBytes(source, 4), { numRuns: 1, seed })[0] : source;
          const outcome = parse(bytes as Uint8Array, { maxInflatedBytes: cap });
          count('inflate-cap', outcome);
          check(outcome, cap, `cap ${cap}`);
          if (!mutate && cap < SLICE_XML.length)
            expect(isFeedError(outcome.error) && outcome.error.code).toBe('TOO_LARGE');
        },
      ),
      fuzzParams(),
    );
  });

  test('the whole national ZIP cut anywhere, under a random inflate cap: FeedError (TRUNCATED/TOO_LARGE/BAD_ZIP), never a crash', () => {
    // A small cap keeps a case cheap (the reader stops once the cap is passed); a tenth of the runs.
    const runs = Math.max(5, Math.ceil(FUZZ_RUNS / 10));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: NATIONAL_ZIP.length - 1 }),
        fc.integer({ min: 1, max: 2 * 1024 * 1024 }),
        (cut, cap) => {
          const outcome = parse(NATIONAL_ZIP.subarray(0, cut), { maxInflatedBytes: cap });
          count('national-zip-cut', outcome);
          check(outcome, cap, `cut at ${cut}`);
          expect(outcome.error, 'a cut national ZIP is never accepted').toBeDefined();
        },
      ),
      fuzzParams(runs),
    );
  });
});

describe('text round-trips', TIMEOUT, () => {
  const tinyFeed = (address: string, town: string) =>
    latin1(
      `<?xml version="1.0" encoding="ISO-8859-1"?>\n<pdv_liste><pdv id="75001001" latitude="4885000" longitude="235000" cp="75001" pop="R"><adresse>${address}</adresse><ville>${town}</ville><prix nom="Gazole" id="1" maj="2025-07-28 10:00:00" valeur="1.739"/></pdv></pdv_liste>`,
    );
  const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
  // Printable Latin-1, without the lead bytes of UTF-8 mojibake (C2–C5, E2, F0–F4: those sequences are
  // repaired on purpose, docs/FEED.md) — a plain Latin-1 text must come back as it was.
  const LEADS = new Set([0xc2, 0xc3, 0xc4, 0xc5, 0xe2, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4]);
  const codes = [9, 10, 32];
  for (let c = 0x21; c <= 0x7e; c++) codes.push(c);
  for (let c = 0xa0; c <= 0xff; c++) if (!LEADS.has(c)) codes.push(c);
  const latin1Text = fc
    .array(fc.constantFrom(...codes), { maxLength: 60 })
    .map((cs) => String.fromCharCode(...cs));

  test('random Latin-1 text is read back equal (after whitespace normalization)', () => {
    fc.assert(
      fc.property(latin1Text, latin1Text, (address, town) => {
        const outcome = parse(tinyFeed(xmlEscape(address), xmlEscape(town)));
        count('latin1-roundtrip', outcome);
        check(outcome, undefined, 'latin1');
        expect(outcome.stations[0]?.address).toBe(normalize(address));
        expect(outcome.stations[0]?.town).toBe(normalize(town));
      }),
      fuzzParams(),
    );
  });

  test('French text stored as UTF-8-read-as-Latin-1 (mojibake) is repaired back', () => {
    const french = fc
      .array(fc.constantFrom(...'abcdeEIOU -éèêëàâäçîïôöùûüÉÈÊÀÂÇÎÔŒœ’€'.split('')), {
        minLength: 1,
        maxLength: 40,
      })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(french, (original) => {
        const mojibake = Buffer.from(original, 'utf8').toString('latin1');
        const outcome = parse(tinyFeed(xmlEscape(mojibake), 'Paris'));
        count('mojibake-repair', outcome);
        check(outcome, undefined, 'mojibake');
        expect(outcome.stations[0]?.address).toBe(normalize(original));
      }),
      fuzzParams(),
    );
  });
});
