import { crc32 } from 'node:zlib';
import { Unzip, type UnzipFile, UnzipInflate } from 'fflate';
import { concatBytes } from './bytes.ts';
import { FeedError } from './errors.ts';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIR = 0x06054b50;
/** End-of-central-directory record (22 bytes) + the longest possible comment + room for the central entry. */
const TAIL_BYTES = 22 + 0xffff + 4096;
/** Compressed bytes handed to fflate at once (~400 KB of XML out): bounds what is held between two checks. */
const SLICE_BYTES = 32 * 1024;
const EMPTY = new Uint8Array(0);

const u16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

interface LocalHeader {
  flags: number;
  crc: number;
  size: number;
}

/**
 * Streams the single entry of a ZIP archive out of its bytes, as they arrive, with the checks the ingest
 * relies on: signature, exactly one entry with a plain file name, inflated size cap, CRC-32, and an archive
 * that ends with its central directory (anything less is a truncated download).
 * Built on fflate's streaming Unzip; the local header and the end record are read here because fflate does
 * not check CRCs nor notice a missing central directory.
 */
export class ZipEntryReader {
  entryName: string | null = null;
  inflatedBytes = 0;
  private readonly maxInflatedBytes: number;
  private readonly onData: (bytes: Uint8Array) => void;
  private readonly unzip: Unzip;
  private readonly pending: Uint8Array[] = [];
  private failure: FeedError | null = null;
  private head: Uint8Array = EMPTY;
  private header: LocalHeader | null = null;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private bytesIn = 0;
  private crc = 0;
  private entryDone = false;

  constructor(maxInflatedBytes: number, onData: (bytes: Uint8Array) => void) {
    this.maxInflatedBytes = maxInflatedBytes;
    this.onData = onData;
    this.unzip = new Unzip((file) => this.onFile(file));
    this.unzip.register(UnzipInflate);
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.bytesIn += chunk.length;
    this.keepTail(chunk);
    if (!this.header) this.readHeader(chunk);
    for (let i = 0; i < chunk.length; i += SLICE_BYTES) this.push(chunk.subarray(i, i + SLICE_BYTES), false);
  }

  end(): void {
    if (this.bytesIn === 0) throw new FeedError('EMPTY', 'no bytes');
    if (!this.header)
      throw new FeedError('TRUNCATED', `ZIP ends inside its first header (${this.bytesIn} bytes)`);
    try {
      this.push(EMPTY, true);
    } catch (error) {
      // fflate says 'invalid zip data' when the stream ends inside an entry: that is a cut download.
      if (this.entryDone || (error instanceof FeedError && error.code !== 'BAD_ZIP')) throw error;
    }
    if (!this.entryDone) throw new FeedError('TRUNCATED', `ZIP ends inside ${this.entryName ?? 'its entry'}`);
    this.checkEnd();
  }

  private push(bytes: Uint8Array, final: boolean): void {
    try {
      this.unzip.push(bytes, final);
    } catch (error) {
      throw this.failure ?? fflateError(error);
    }
    if (this.failure) throw this.failure;
    // Deliver outside fflate's callbacks, so errors downstream (XML) are not swallowed by it.
    while (this.pending.length > 0) {
      const data = this.pending.shift();
      if (data) this.onData(data);
    }
  }

  private onFile(file: UnzipFile): void {
    if (this.entryName !== null) {
      this.failure ??= new FeedError('BAD_ZIP', `more than one entry (${this.entryName}, ${file.name})`);
      return;
    }
    this.entryName = file.name;
    const name = file.name;
    if (name === '' || name.includes('..') || name.includes('/') || name.includes('\\')) {
      this.failure ??= new FeedError('BAD_ZIP', `unsafe entry name ${JSON.stringify(name)}`);
      return;
    }
    file.ondata = (error, data, final) => {
      if (this.failure) return;
      if (error) {
        this.failure = fflateError(error);
        return;
      }
      this.inflatedBytes += data.length;
      if (this.inflatedBytes > this.maxInflatedBytes) {
        this.failure = new FeedError('TOO_LARGE', `entry inflates past ${this.maxInflatedBytes} bytes`);
        return;
      }
      if (data.length > 0) {
        this.crc = crc32(data, this.crc);
        this.pending.push(data);
      }
      if (final) this.entryDone = true;
    };
    file.start();
  }

  /** Parses the first local header ourselves: signature, flags, CRC and declared size. */
  private readHeader(chunk: Uint8Array): void {
    this.head = concatBytes(this.head, chunk.subarray(0, 4096));
    const b = this.head;
    if (b.length >= 4) {
      const sig = u32(b, 0);
      if (sig === END_OF_CENTRAL_DIR) throw new FeedError('EMPTY', 'ZIP archive has no entry');
      if (sig !== LOCAL_HEADER)
        throw new FeedError('NOT_A_ZIP', 'bytes do not start with a ZIP local header');
    }
    if (b.length < 30) return;
    const flags = u16(b, 6);
    const method = u16(b, 8);
    if (flags & 1) throw new FeedError('BAD_ZIP', 'encrypted entry');
    if (method !== 0 && method !== 8)
      throw new FeedError('BAD_ZIP', `unsupported compression method ${method}`);
    const size = u32(b, 22);
    if (!(flags & 8) && size > this.maxInflatedBytes) {
      throw new FeedError('TOO_LARGE', `entry declares ${size} bytes, over ${this.maxInflatedBytes}`);
    }
    this.header = { flags, crc: u32(b, 14), size };
    this.head = EMPTY;
  }

  /** Keeps (copies of) the last chunks, enough to hold the end record and the central entry; joined at the end. */
  private keepTail(chunk: Uint8Array): void {
    this.tail.push(chunk.slice());
    this.tailBytes += chunk.length;
    while (this.tail.length > 1 && this.tailBytes - (this.tail[0]?.length ?? 0) >= TAIL_BYTES) {
      this.tailBytes -= this.tail.shift()?.length ?? 0;
    }
  }

  private checkEnd(): void {
    const t = Buffer.concat(this.tail);
    let eocd = -1;
    for (let i = t.length - 22; i >= 0; i--) {
      if (u32(t, i) === END_OF_CENTRAL_DIR && i + 22 + u16(t, i + 20) === t.length) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new FeedError('TRUNCATED', 'ZIP has no end-of-central-directory record');
    const entries = u16(t, eocd + 10);
    if (entries !== 1) throw new FeedError('BAD_ZIP', `central directory lists ${entries} entries`);
    const header = this.header as LocalHeader;
    let expectedCrc = header.crc;
    let expectedSize = header.size;
    const central = u32(t, eocd + 16) - (this.bytesIn - t.length);
    if (central >= 0 && u32(t, central) === CENTRAL_HEADER) {
      expectedCrc = u32(t, central + 16);
      expectedSize = u32(t, central + 24);
    } else if (header.flags & 8) {
      throw new FeedError('BAD_ZIP', 'central directory not found');
    }
    if (expectedSize !== this.inflatedBytes) {
      throw new FeedError(
        'BAD_ZIP',
        `entry inflated to ${this.inflatedBytes} bytes, header says ${expectedSize}`,
      );
    }
    if (expectedCrc !== this.crc) throw new FeedError('BAD_ZIP', 'CRC-32 mismatch: corrupt entry');
  }
}

/** fflate throws plain errors; "unexpected EOF" means the deflate stream stopped early, the rest is corruption. */
function fflateError(error: unknown): FeedError {
  if (error instanceof FeedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected EOF/i.test(message))
    return new FeedError('TRUNCATED', 'ZIP data ends early', { cause: error });
  return new FeedError('BAD_ZIP', `corrupt ZIP data (${message})`, { cause: error });
}
