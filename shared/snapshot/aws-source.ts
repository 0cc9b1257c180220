import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Table } from '../db/client.ts';
import { getPublished } from '../db/runs.ts';
import type { SnapshotSource } from './store.ts';

/** The published pointer from the table, the snapshot object from the data bucket. */
export function awsSnapshotSource(deps: { table: Table; s3: S3Client; bucket: string }): SnapshotSource {
  return {
    pointer: () => getPublished(deps.table),
    read: async (key) => {
      const res = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: key }));
      if (!res.Body) throw new Error(`Empty snapshot object ${key}`);
      return res.Body.transformToByteArray();
    },
  };
}
