import {
  DeleteObjectsCommand,
  type DeleteObjectsCommandInput,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  NoSuchKey,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { deleteGeneration, readPointer } from '#shared/history/store.ts';

/**
 * What the integration test (test/integration/history-store.test.ts) leaves out, too many objects for the
 * local stand-in: a generation of more than 1000 objects, listed over pages, is deleted 1000 keys a call.
 */
function fakeS3(keys: string[]) {
  const deletes: number[] = [];
  const send = async (command: unknown) => {
    if (command instanceof ListObjectsV2Command) {
      const input = command.input as ListObjectsV2CommandInput;
      const start = Number(input.ContinuationToken ?? 0);
      const page = keys.filter((k) => k.startsWith(input.Prefix ?? '')).slice(start, start + 1000);
      const more = start + 1000 < keys.length;
      return {
        Contents: page.map((Key) => ({ Key })),
        IsTruncated: more,
        NextContinuationToken: more ? String(start + 1000) : undefined,
      };
    }
    if (command instanceof DeleteObjectsCommand) {
      deletes.push((command.input as DeleteObjectsCommandInput).Delete?.Objects?.length ?? 0);
      return {};
    }
    throw new NoSuchKey({ message: 'missing', $metadata: {} });
  };
  return { s3: { send } as unknown as S3Client, deletes };
}

describe('history store', () => {
  it('deletes a generation of 2500 objects in calls of at most 1000 keys', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `history/v1/2010/g1/stations/${i}.json.gz`);
    const { s3, deletes } = fakeS3(keys);
    expect(await deleteGeneration({ s3, bucket: 'b' }, 2010, 'g1')).toBe(2500);
    expect(deletes).toEqual([1000, 1000, 500]);
  });

  it('reads a missing pointer as null', async () => {
    const { s3 } = fakeS3([]);
    expect(await readPointer({ s3, bucket: 'b' }, 2012)).toBeNull();
  });
});
