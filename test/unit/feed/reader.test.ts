import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { Zip, ZipDeflate } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Station } from '#shared/domain/station.ts';
import { FeedError, type FeedSummary, parseFeed, readFeed } from '#shared/feed/index.ts';
import {
  chunked,
  feedBytes,
  feedXml,
  latin1,
  NATIONAL_2025,
  pdv,
  price,
  readAll,
  utf8,
  zipOf,
} from '../../helpers/feed.ts';

const SMALL = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures/feed/small.xml')));
const SMALL_ZIP = zipOf({ 'PrixCarburants_instantane.xml': SMALL });
const withoutTime = ({ ms: _, ...rest }: FeedSummary) => rest;

/** A byte source that records how far it has been read. */
function trackedSource(chunks: Uint8Array[]) {
  const state = { pulled: 0, finished: false };
  async function* source() {
    try {
      for (const chunk of chunks) {
        state.pulled++;
        yield chunk;
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, source: source() };
}

describe('readFeed and parseFeed', () => {
  it('give the same stations, and the generator returns the summary', async () => {
    // Prepare
    const expected = await readAll(SMALL_ZIP);
    const stations: Station[] = [];

    // Act
    const feed = readFeed([SMALL_ZIP]);
    let result = await feed.next();
    while (!result.done) {
      stations.push(result.value);
      result = await feed.next();
    }

    // Assess
    expect(stations).toEqual(expected.stations);
    expect(withoutTime(result.value)).toEqual(withoutTime(expected.summary));
    expect(stations.map((s) => s.id)).toEqual(['1000001', '92330002', '20000001']);
  });

  it('read a fixture the same whatever the chunk boundaries, ZIP or XML', async () => {
    const expected = await readAll(SMALL);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 50 }),
        async (zipped, sizes) => {
          const bytes = zipped ? SMALL_ZIP : SMALL;
          const chunks: Uint8Array[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length] ?? 1;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const { stations, summary } = await readAll(chunks);
          expect(stations).toEqual(expected.stations);
          expect(summary.prices).toBe(expected.summary.prices);
          expect(summary.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stream: the first station comes after the first chunk, not after the whole file', async () => {
    const { state, source } = trackedSource(chunked(feedBytes(NATIONAL_2025), 64 * 1024));
    const feed = readFeed(source);
    const first = await feed.next();
    expect(first.done).toBe(false);
    expect(state.pulled).toBe(1);
    await feed.return(undefined as never);
    expect(state.finished).toBe(true); // breaking out stops reading the source
  });

  it('hand every raw chunk to onBytes, in order, before parsing it (for an archive copy and a hash)', async () => {
    const bytes = feedBytes(NATIONAL_2025);
    const seen: Uint8Array[] = [];
    const hash = createHash('sha256');
    const summary = await parseFeed(chunked(bytes, 100_000), {
      onStation: () => {},
      onBytes: async (chunk) => {
        seen.push(chunk);
        hash.update(chunk);
      },
    });
    expect(Buffer.concat(seen).equals(bytes)).toBe(true);
    expect(hash.digest('hex')).toBe(summary.sha256);
  });

  it('await an async onStation before the next call (backpressure, never concurrent)', async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    await parseFeed([SMALL_ZIP], {
      onStation: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 2));
        calls++;
        running--;
      },
    });
    expect(calls).toBe(3);
    expect(maxRunning).toBe(1);
  });

  it('stop with the first error, after having delivered the stations before it', async () => {
    const xml = latin1(feedXml(`${pdv({ id: '1' })}${pdv({ id: '2' })}`).slice(0, -40));
    const ids: string[] = [];
    await expect(parseFeed([xml], { onStation: (s) => void ids.push(s.id) })).rejects.toThrow(FeedError);
    expect(ids).toEqual(['1']);
  });
});

describe('formats', () => {
  it('reads a stored (uncompressed) ZIP and a streamed ZIP with a data descriptor', async () => {
    const expected = (await readAll(SMALL)).stations;
    expect((await readAll(zipOf({ 'feed.xml': SMALL }, 0))).stations).toEqual(expected);

    const chunks: Uint8Array[] = [];
    const zip = new Zip((err, data) => {
      if (err) throw err;
      chunks.push(data);
    });
    const entry = new ZipDeflate('feed.xml');
    zip.add(entry);
    entry.push(SMALL, true);
    zip.end();
    expect((await readAll(chunks)).stations).toEqual(expected);
  });

  it('decodes according to the declaration, and defaults to ISO-8859-1', async () => {
    const body = pdv({}, '<adresse>Rue de l’Église</adresse><ville>Orléans</ville>');
    const asUtf8 = await readAll(utf8(feedXml(body, 'UTF-8')));
    const withBom = await readAll(utf8(`\ufeff${feedXml(body, 'UTF-8')}`));
    const cp1252 = await readAll(iconv.encode(feedXml(body, 'windows-1252'), 'windows-1252'));
    const undeclared = await readAll(latin1(`<pdv_liste>${pdv({}, '<ville>Orléans</ville>')}</pdv_liste>`));
    for (const feed of [asUtf8, withBom, cp1252]) {
      expect(feed.stations[0]).toMatchObject({ address: 'Rue de l’Église', town: 'Orléans' });
    }
    expect([asUtf8, withBom, cp1252, undeclared].map((f) => f.summary.encoding)).toEqual([
      'utf-8',
      'utf-8',
      'windows-1252',
      'iso-8859-1',
    ]);
    expect(undeclared.stations[0]?.town).toBe('Orléans');
  });

  it('reads a feed in one-byte chunks', async () => {
    const { stations } = await readAll(chunked(latin1(feedXml(pdv({}, price(1, '1.7')))), 1));
    expect(stations[0]?.prices[0]?.price).toBe(1.7);
  });
});

describe('errors from the caller', () => {
  it('come out of parseFeed as they are, not as XML errors', async () => {
    const mine = new Error('disk full');
    const failing = parseFeed([SMALL], {
      onStation: () => {
        throw mine;
      },
    });
    await expect(failing).rejects.toBe(mine);
  });
});
