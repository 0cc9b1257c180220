import { PassThrough, type Writable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/**
 * The raw archive key: `raw/YYYY/MM/DD/HHMMSSZ-<run suffix>.<zip|xml|bin>` (UTC). Named by time, not by
 * content hash: the hash is only known once the last byte went by, and renaming would cost a copy and a
 * delete on every run. The hash is on the run record (feedHash) next to the key (archiveKey). The extension
 * comes from the first bytes (a ZIP signature, `<`), so an HTML page served as the feed is archived as .bin.
 */
export function archiveKey(runId: string, startedAt: Date, firstBytes: Uint8Array): string {
  const iso = startedAt.toISOString(); // 2025-07-28T13:00:04.123Z
  const day = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
  const time = `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const suffix = runId.split('-').pop() ?? runId;
  return `raw/${day}/${time}-${suffix}.${extension(firstBytes)}`;
}

function extension(head: Uint8Array): string {
  if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
  const text = Buffer.from(head.subarray(0, 64)).toString('latin1').trimStart();
  return text.startsWith('<?xml') || text.startsWith('<pdv') ? 'xml' : 'bin';
}

export interface ArchiveUpload {
  key: string;
  /** Write the feed's bytes here (respect `write()`'s return value); `end()` it after the last chunk. */
  stream: PassThrough;
  /** Settles when the object is stored (or the upload failed or was aborted). */
  done: Promise<void>;
  abort(): Promise<void>;
}

/**
 * Streams the bytes to S3 as they are read (lib-storage: one PutObject below 5 MB, multipart above; at most
 * one part buffered). Started on the first chunk, so an empty body archives nothing.
 */
export function startArchiveUpload(
  s3: S3Client,
  bucket: string,
  key: string,
  metadata: Record<string, string>,
): ArchiveUpload {
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: stream,
      ContentType: key.endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
      Metadata: metadata,
    },
    queueSize: 1,
    leavePartsOnError: false,
  });
  const done = upload.done().then(() => undefined);
  return {
    key,
    stream,
    done,
    abort: async () => {
      stream.destroy();
      await upload.abort().catch(() => {});
      await done.catch(() => {});
    },
  };
}

/** Writes a chunk, waiting for 'drain' when the stream's buffer is full (or until the upload settles). */
export function writeTo(stream: Writable, chunk: Uint8Array, settled: Promise<unknown>): Promise<void> {
  if (stream.destroyed || stream.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    settled.then(done, done);
  });
}
