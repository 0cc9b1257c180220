import { createHash, type Hash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import type { Station } from '#shared/domain/station.ts';
import { StationAssembler } from './assembler.ts';
import { concatBytes } from './bytes.ts';
import { XmlDecoder } from './decode.ts';
import { FeedError } from './errors.ts';
import { PRICE_BOUNDS } from './normalize.ts';
import { type FeedReject, type FeedSummary, SummaryBuilder } from './summary.ts';
import { ZipEntryReader } from './zip.ts';

export interface FeedOptions {
  /** Cap on XML bytes (the inflated size of a ZIP). Default 64 MiB; the national feed is ~14 MB. */
  maxInflatedBytes?: number;
  /** Cap on raw input bytes. Default 64 MiB; the national ZIP is ~1.2 MB. */
  maxInputBytes?: number;
  /** Accept a bare XML document as well as a ZIP (default true). The ingest can insist on a ZIP. */
  allowXml?: boolean;
  /** Prices outside these bounds (euros) are kept with `outlier: true`. Default {@link PRICE_BOUNDS}. */
  priceBounds?: { min: number; max: number };
  /** How many rejects the summary lists (all are counted). Default 100. */
  maxRejects?: number;
  /** Called for every record left out, as it happens. */
  onReject?: (reject: FeedReject) => void;
  /** Stops the read between two chunks with FeedError 'ABORTED'. */
  signal?: AbortSignal;
  /**
   * Keep every `<prix>` of a fuel, in file order, instead of rejecting the repeats ("second price, first
   * kept"): the yearly archives list each station's every price change (docs/HISTORY.md). Default false.
   */
  keepEveryPrice?: boolean;
}

const MiB = 1024 * 1024;
/** XML bytes decoded and parsed at once. */
const TEXT_BYTES = 64 * 1024;
/** Bytes we look at to tell a ZIP from XML from an HTML error page. */
const SNIFF_BYTES = 64;

/**
 * The push parser under readFeed/parseFeed: write raw bytes as they come, call end() for the summary.
 * Stations go to `onStation` synchronously, during write()/end(). Bytes → (ZIP entry →) text in the declared
 * encoding → saxes → StationAssembler; each stage hands the next one chunks, nothing holds the whole feed.
 * Any FeedError leaves the parser unusable: the records already delivered must then be discarded.
 */
export class FeedParser {
  private readonly started = performance.now();
  private readonly options: FeedOptions;
  private readonly maxInflated: number;
  private readonly maxInput: number;
  private readonly hash: Hash = createHash('sha256');
  private readonly summary: SummaryBuilder;
  private readonly assembler: StationAssembler;
  private readonly sax: SaxesParser<{ xmlns: false; position: false }>;
  private readonly decoder: XmlDecoder;
  private format: 'zip' | 'xml' | null = null;
  private zip: ZipEntryReader | null = null;
  private head: Uint8Array = new Uint8Array(0);
  private bytesIn = 0;
  private xmlBytes = 0;
  private callerError: unknown;

  constructor(onStation: (station: Station) => void, options: FeedOptions = {}) {
    this.options = options;
    this.maxInflated = options.maxInflatedBytes ?? 64 * MiB;
    this.maxInput = options.maxInputBytes ?? 64 * MiB;
    const summary = new SummaryBuilder(options.maxRejects ?? 100);
    this.summary = summary;
    const onReject = options.onReject;
    // The caller's callbacks run inside saxes' write(): their errors must come out as they are, not as XML.
    const passThrough = (error: unknown) => {
      this.callerError = error;
      return error;
    };
    this.assembler = new StationAssembler(
      {
        station(station) {
          summary.station(station);
          try {
            onStation(station);
          } catch (error) {
            throw passThrough(error);
          }
        },
        reject(reject) {
          summary.reject(reject);
          try {
            onReject?.(reject);
          } catch (error) {
            throw passThrough(error);
          }
        },
        flag: (flag, id) => summary.flag(flag, id),
      },
      options.priceBounds ?? PRICE_BOUNDS,
      options.keepEveryPrice ?? false,
    );
    this.sax = this.createSax();
    this.decoder = new XmlDecoder((text) => this.writeText(text));
  }

  write(chunk: Uint8Array): void {
    if (this.options.signal?.aborted) {
      throw new FeedError('ABORTED', 'read aborted', { cause: this.options.signal.reason });
    }
    if (chunk.length === 0) return;
    this.bytesIn += chunk.length;
    if (this.bytesIn > this.maxInput) throw new FeedError('TOO_LARGE', `input past ${this.maxInput} bytes`);
    this.hash.update(chunk);
    if (this.format === null) {
      this.head = concatBytes(this.head, chunk);
      if (this.head.length < SNIFF_BYTES) return;
      this.sniff();
      chunk = this.head;
      this.head = new Uint8Array(0);
    }
    if (this.zip) this.zip.write(chunk);
    else this.writeXml(chunk);
  }

  end(): FeedSummary {
    if (this.bytesIn === 0) throw new FeedError('EMPTY', 'no bytes');
    if (this.format === null) {
      this.sniff();
      const head = this.head;
      this.head = new Uint8Array(0);
      if (this.zip) this.zip.write(head);
      else this.writeXml(head);
    }
    this.zip?.end();
    if (this.xmlBytes === 0) throw new FeedError('EMPTY', 'the ZIP entry is empty');
    this.decoder.end();
    try {
      this.sax.close();
    } catch (error) {
      if (this.assembler.rootClosed) throw this.xmlError(error);
    }
    if (!this.assembler.rootClosed) {
      throw new FeedError(
        'TRUNCATED',
        `XML ends before </pdv_liste> (${this.xmlBytes} bytes)${this.where()}`,
      );
    }
    const s = this.summary;
    return {
      format: this.format ?? 'xml',
      entryName: this.zip?.entryName ?? null,
      encoding: this.decoder.encoding,
      stations: s.stations,
      prices: s.prices,
      outOfStock: s.outOfStock,
      rejected: s.rejected,
      rejects: s.rejects,
      flags: s.flags,
      updated: s.updated,
      bytesIn: this.bytesIn,
      xmlBytes: this.xmlBytes,
      sha256: this.hash.digest('hex'),
      ms: Math.round(performance.now() - this.started),
    };
  }

  /** Tells a ZIP from XML from something else (an HTML error page, JSON, garbage) by the first bytes. */
  private sniff(): void {
    const h = this.head;
    if (h[0] === 0x50 && h[1] === 0x4b) {
      this.format = 'zip';
      this.zip = new ZipEntryReader(this.maxInflated, (bytes) => this.writeXml(bytes));
      return;
    }
    const text = Buffer.from(h.buffer, h.byteOffset, h.byteLength)
      .toString('latin1')
      .replace(/^\u00ef\u00bb\u00bf/, '')
      .trimStart()
      .toLowerCase();
    const preview = JSON.stringify(text.slice(0, 40));
    if (/^<(!doctype html|html|head|body)\b/.test(text)) {
      throw new FeedError('NOT_A_ZIP', `got an HTML page, not the feed: ${preview}`);
    }
    if (!text.startsWith('<') || this.options.allowXml === false) {
      throw new FeedError(
        'NOT_A_ZIP',
        `not a ZIP archive${text.startsWith('<') ? ' (XML)' : ''}: ${preview}`,
      );
    }
    this.format = 'xml';
  }

  private writeXml(bytes: Uint8Array): void {
    this.xmlBytes += bytes.length;
    if (this.xmlBytes > this.maxInflated)
      throw new FeedError('TOO_LARGE', `XML past ${this.maxInflated} bytes`);
    // Text pieces under V8's large-object size (128 KiB) live and die in the young generation.
    for (let at = 0; at < bytes.length; at += TEXT_BYTES)
      this.decoder.write(bytes.subarray(at, at + TEXT_BYTES));
  }

  private writeText(text: string): void {
    try {
      this.sax.write(text);
    } catch (error) {
      throw this.xmlError(error);
    }
  }

  private createSax(): SaxesParser<{ xmlns: false; position: false }> {
    // No namespaces and no position tracking: both cost time per character and the feed needs neither.
    const sax = new SaxesParser({ xmlns: false, position: false });
    const assembler = this.assembler;
    sax.on('opentag', (tag) => {
      if (assembler.rootName === null && tag.name !== 'pdv_liste') {
        throw new FeedError('XML', `the root element is <${tag.name}>, not <pdv_liste>`);
      }
      assembler.open(tag.name, tag.attributes);
    });
    sax.on('closetag', () => assembler.close());
    const onText = (text: string) => assembler.onText(text);
    assembler.onCapture = (capturing) => (capturing ? sax.on('text', onText) : sax.off('text'));
    sax.on('cdata', onText);
    sax.on('doctype', () => {
      throw new FeedError(
        'DOCTYPE',
        'the XML has a DOCTYPE declaration; refused (no entity is ever expanded)',
      );
    });
    return sax;
  }

  private xmlError(error: unknown): unknown {
    if (error instanceof FeedError || error === this.callerError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new FeedError(
      'XML',
      `${message.replace(/\.$/, '')} (near XML byte ${this.xmlBytes})${this.where()}`,
      {
        cause: error,
      },
    );
  }

  private where(): string {
    return `, ${this.assembler.position}`;
  }
}
