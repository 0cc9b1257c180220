import { concatBytes } from './bytes.ts';
import { FeedError } from './errors.ts';

/** How many bytes we wait for to read the XML declaration (it is ~60 bytes in the feed). */
const PROLOG_BYTES = 1024;
const LATIN1 = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'latin1',
  'latin-1',
  'l1',
  'us-ascii',
  'ascii',
]);
const UTF8 = new Set(['utf-8', 'utf8']);
const EMPTY = new Uint8Array(0);

type Decode = (bytes: Uint8Array, final: boolean) => string;

/**
 * Bytes → text, in the encoding the XML declaration names (ISO-8859-1 when it names none: that is what the
 * feed is, whatever XML's UTF-8 default says). Latin-1 goes through Buffer's native 'latin1' decoding, a
 * single copy that is several times faster than iconv-lite's JS loop; UTF-8 and any other declared encoding
 * (windows-1252, ISO-8859-15, UTF-16…) through a fatal TextDecoder, which Node's ICU provides: iconv-lite
 * would add ~480 KB to the ingest bundle for encodings the feed never uses. Never WHATWG's 'latin1' label:
 * that is windows-1252, which would turn the stray bytes 0x80–0x9F (UTF-8 stored as Latin-1) into other
 * characters.
 */
export class XmlDecoder {
  /** The encoding used, lower case; '' until the declaration has been read. */
  encoding = '';
  private readonly onText: (text: string) => void;
  private head: Uint8Array = EMPTY;
  private decode: Decode | null = null;

  constructor(onText: (text: string) => void) {
    this.onText = onText;
  }

  write(bytes: Uint8Array): void {
    if (this.decode) {
      const text = this.decode(bytes, false);
      if (text.length > 0) this.onText(text);
      return;
    }
    this.head = concatBytes(this.head, bytes);
    if (this.head.length >= PROLOG_BYTES || prologComplete(this.head)) this.start();
  }

  end(): void {
    if (!this.decode) this.start();
    const text = (this.decode as Decode)(EMPTY, true);
    if (text.length > 0) this.onText(text);
  }

  private start(): void {
    let head = this.head;
    let declared: string;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      declared = 'utf-8';
      head = head.subarray(3);
    } else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      declared = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
      head = head.subarray(2);
    } else {
      declared = declaredEncoding(head) ?? 'iso-8859-1';
    }
    this.encoding = declared;
    this.decode = decoderFor(declared);
    this.head = EMPTY;
    const text = this.decode(head, false);
    if (text.length > 0) this.onText(text);
  }
}

function decoderFor(encoding: string): Decode {
  if (LATIN1.has(encoding)) {
    return (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(UTF8.has(encoding) ? 'utf-8' : encoding, { fatal: true });
  } catch {
    throw new FeedError('XML', `unsupported encoding ${JSON.stringify(encoding)}`);
  }
  return (b, final) => {
    try {
      return decoder.decode(b, { stream: !final });
    } catch (error) {
      const name = encoding.toUpperCase();
      throw new FeedError('XML', `bytes that are not valid ${name} in a document declared ${name}`, {
        cause: error,
      });
    }
  };
}

/** True once the first `?>` is in, or when the bytes cannot start with a declaration at all. */
function prologComplete(head: Uint8Array): boolean {
  if (head.length < 5) return false;
  const start = head[0] === 0xef ? 3 : 0;
  if (head[start] !== 0x3c || head[start + 1] !== 0x3f) return true; // not '<?'
  for (let i = start + 2; i < head.length - 1; i++) if (head[i] === 0x3f && head[i + 1] === 0x3e) return true;
  return false;
}

/** The `encoding="…"` of an XML declaration, lower-cased; undefined when there is none. */
function declaredEncoding(head: Uint8Array): string | undefined {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, PROLOG_BYTES)).toString(
    'latin1',
  );
  const end = text.indexOf('?>');
  if (!text.startsWith('<?xml') || end < 0) return undefined;
  return /\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(text.slice(0, end))?.[1]?.toLowerCase();
}
