import type { S3Client } from '@aws-sdk/client-s3';
import { NoSuchKey } from '@aws-sdk/client-s3';
import type { NamesTable } from '../domain/names.ts';
import { NAMES } from '../platform.ts';
import { getGzipJson, putGzipJson } from '../s3.ts';

/**
 * The published names table: one gzipped JSON object in the data bucket, replaced whole (an S3 PUT is
 * atomic, so a reader sees the old table or the new one). Written only by the names function once a new
 * file passed every check; read by the ingest (the join) and the API (`GET /api/names`).
 */
export async function getNamesTable(s3: S3Client, bucket: string): Promise<NamesTable | null> {
  try {
    return (await getGzipJson(s3, bucket, NAMES.objectKey)) as NamesTable;
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

export async function putNamesTable(s3: S3Client, bucket: string, table: NamesTable): Promise<number> {
  return putGzipJson(s3, bucket, NAMES.objectKey, JSON.stringify(table), {
    'names-version': table.version,
    rows: String(table.rows),
  });
}
