import type { S3Client } from '@aws-sdk/client-s3';
import type { Station } from '../domain/station.ts';
import { FeedParser, type FeedSummary } from '../feed/index.ts';
import { type ArchiveUpload, archiveKey, startArchiveUpload, writeTo } from './archive.ts';
import { IngestError } from './errors.ts';

export interface PassOptions {
  s3: S3Client;
  archiveBucket: string;
  runId: string;
  startedAt: Date;
  /** Describes the source in the archive object's metadata. */
  sourceName: string;
  /** Compressed bytes read from the source. */
  maxBytes: number;
  /** Inflated XML bytes (the feed reader's cap). */
  maxXmlBytes: number;
  /** Receives each station as the reader completes it (synchronously, in feed order). */
  onStation: (station: Station) => void;
  onBytes?: (bytes: number) => void;
  /** Called for each chunk; throws to stop the pass (time budget). */
  checkpoint?: () => void;
}

/** Where the pass got to, readable after a failure too (so the caller can keep or drop the archive). */
export interface PassState {
  archiveKey: string | null;
  /** The archive object is complete (every byte read is stored). */
  archived: boolean;
  bytes: number;
}

/**
 * The one pass over the source's bytes. Each chunk is counted against the cap, handed to the feed reader
 * (a synchronous push parser that inflates, decodes, parses and hashes it, yielding stations to
 * `onStation`), and streamed to the raw archive in S3, whose 'drain' is awaited before the next chunk is
 * read: backpressure end to end, nothing holds the whole file.
 *
 * Failures: a source failure (SourceError), the byte cap or the time budget abort the upload and are
 * rethrown. A feed the reader refuses (FeedError) is still archived in full — the evidence of what upstream
 * served — and the reader's error is rethrown after. An archive failure is ARCHIVE_FAILED.
 */
export async function readPass(
  body: AsyncIterable<Uint8Array>,
  options: PassOptions,
  state: PassState,
): Promise<FeedSummary> {
  const { maxBytes, onBytes, checkpoint } = options;
  const parser = new FeedParser(options.onStation, {
    maxInflatedBytes: options.maxXmlBytes,
    maxInputBytes: maxBytes,
  });
  let feedError: unknown = null;
  let archive: ArchiveUpload | null = null;
  let archiveError: unknown = null;

  try {
    for await (const chunk of body) {
      state.bytes += chunk.byteLength;
      if (state.bytes > maxBytes) {
        throw new IngestError('TOO_LARGE', `more than ${maxBytes} bytes read from the source (cap)`);
      }
      checkpoint?.();
      onBytes?.(state.bytes);
      if (feedError === null) {
        try {
          parser.write(chunk);
        } catch (error) {
          feedError = error;
        }
      }
      if (!archive) {
        const key = archiveKey(options.runId, options.startedAt, chunk);
        state.archiveKey = key;
        archive = startArchiveUpload(options.s3, options.archiveBucket, key, {
          'run-id': options.runId,
          source: options.sourceName,
        });
        archive.done.catch((error: unknown) => {
          archiveError = error;
        });
      }
      await writeTo(archive.stream, chunk, archive.done);
      if (archiveError) throw archiveFailed(archiveError);
    }
  } catch (error) {
    await (archive as ArchiveUpload | null)?.abort();
    throw error;
  }

  let summary: FeedSummary | null = null;
  if (feedError === null) {
    try {
      summary = parser.end();
    } catch (error) {
      feedError = error;
    }
  }
  const upload = archive as ArchiveUpload | null;
  if (upload) {
    upload.stream.end();
    await upload.done.catch((error: unknown) => {
      throw archiveFailed(error);
    });
    state.archived = true;
  }
  if (feedError !== null || !summary) throw feedError;
  return summary;
}

function archiveFailed(error: unknown): IngestError {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new IngestError('ARCHIVE_FAILED', `could not store the raw archive: ${message}`, { cause: error });
}
