import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FEED_URL, FALLBACK_FEED_URL } from '../platform.ts';
import { IngestError, SourceError } from './errors.ts';

/** Where a run reads the feed from, as the environment names it (FEED_URL, FEED_FALLBACK_URL, FEED_FILE). */
export interface FeedSourceSettings {
  url?: string;
  /** '' means no fallback URL; unset means the default one (see `feedSources`). */
  fallbackUrl?: string;
  file?: string;
}

/**
 * The sources a run tries, in order (docs/INGEST.md, "Sources"): the feed URL (default: the official feed with
 * stock-outs), then the fallback URL, then the local file. The fallback URL defaults to the official plain
 * feed only when the feed URL is the official one: a custom or test FEED_URL (a stand-in, an unreachable
 * port to force the local file) must not quietly fall back to the live upstream.
 */
export function feedSources(settings: FeedSourceSettings): string[] {
  const url = settings.url || DEFAULT_FEED_URL;
  const fallback = settings.fallbackUrl ?? (url === DEFAULT_FEED_URL ? FALLBACK_FEED_URL : '');
  return [...new Set([url, fallback, settings.file ?? ''].filter(Boolean))];
}

/** A source that answered: its body, read once, and what it said about itself. */
export interface OpenedSource {
  kind: 'url' | 'file';
  body: AsyncIterable<Uint8Array>;
  /** Total size when known up front (file size, Content-Length). */
  size?: number;
  etag?: string;
  lastModified?: string;
  notModified?: false;
}

/** The server answered 304 to a conditional request: same content as last published. */
export interface NotModified {
  kind: 'url';
  notModified: true;
}

export interface OpenOptions {
  /** Time to get response headers, and the longest pause between two body chunks. */
  timeoutMs: number;
  /** Refuse a source that announces more bytes than this. */
  maxBytes: number;
  /** Validators of the last published feed from this same source, for a conditional GET. */
  conditional?: { etag?: string; lastModified?: string };
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Opens a feed source: an http(s) URL (status 200 required; 304 to a conditional request means unchanged)
 * or a file path / file: URL. Anything that makes the source unusable — a status, DNS, refused connection,
 * a timeout, a missing file — is a SourceError, so the caller tries the next source.
 */
export async function openSource(source: string, options: OpenOptions): Promise<OpenedSource | NotModified> {
  return isUrl(source) ? openUrl(source, options) : openFile(source, options);
}

async function openUrl(url: string, { timeoutMs, maxBytes, conditional }: OpenOptions) {
  const controller = new AbortController();
  let timedOut = false;
  let timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const headers: Record<string, string> = { accept: 'application/zip, */*' };
  if (conditional?.etag) headers['if-none-match'] = conditional.etag;
  if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
  } catch (error) {
    clearTimeout(timer);
    throw new SourceError(
      timedOut ? `timeout: no response within ${seconds(timeoutMs)}` : networkReason(error),
      {
        cause: error,
      },
    );
  }
  if (res.status === 304) {
    clearTimeout(timer);
    await res.body?.cancel().catch(() => {});
    return { kind: 'url', notModified: true } satisfies NotModified;
  }
  if (res.status !== 200 || !res.body) {
    clearTimeout(timer);
    await res.body?.cancel().catch(() => {});
    throw new SourceError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  const length = Number(res.headers.get('content-length') ?? Number.NaN);
  if (length > maxBytes) {
    clearTimeout(timer);
    controller.abort();
    throw new IngestError(
      'TOO_LARGE',
      `the source announces ${length} bytes, more than the cap of ${maxBytes}`,
    );
  }
  const stream = res.body;
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of stream) {
        clearTimeout(timer);
        yield chunk;
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
      }
    } catch (error) {
      throw new SourceError(
        timedOut ? `timeout: the body stalled for ${seconds(timeoutMs)}` : `body: ${networkReason(error)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }
  return {
    kind: 'url',
    body: body(),
    size: Number.isFinite(length) ? length : undefined,
    etag: res.headers.get('etag') ?? undefined,
    lastModified: res.headers.get('last-modified') ?? undefined,
  } satisfies OpenedSource;
}

function filePath(source: string): string {
  return source.startsWith('file:') ? fileURLToPath(source) : source;
}

async function openFile(source: string, { maxBytes }: OpenOptions): Promise<OpenedSource> {
  const path = filePath(source);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new SourceError(error.code === 'ENOENT' ? 'no such file' : (error.code ?? error.message), {
      cause: error,
    });
  });
  if (!info.isFile()) throw new SourceError('not a file');
  if (info.size > maxBytes) {
    throw new IngestError('TOO_LARGE', `the file has ${info.size} bytes, more than the cap of ${maxBytes}`);
  }
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      yield* createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>;
    } catch (error) {
      throw new SourceError(`read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
        cause: error,
      });
    }
  }
  return { kind: 'file', body: body(), size: info.size };
}

/** SHA-256 (hex) of a file, read once from disk: lets an unchanged local file be skipped before any upload. */
export async function hashFile(source: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath(source))) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A source as logs and run records may show it: files as given, URLs without credentials, query string or
 * fragment (a signed URL's token never reaches a log).
 */
export function describeSource(source: string): string {
  if (!isUrl(source)) return source;
  try {
    const url = new URL(source);
    return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}

/** `feed URL unreachable (ENOTFOUND)` style reasons from fetch's errors. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } })
    .cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  if (code) return code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
