import createError from 'http-errors';
import { type CursorState, checkCursor, encodeCursor } from '#shared/api/cursor.ts';
import { keys } from '#shared/db/keys.ts';
import { tableSecret } from '#shared/db/secrets.ts';
import { table } from './table.ts';

let key: Promise<Uint8Array> | undefined;

/**
 * The deployment's cursor key, read once per instance (created on the very first use: the route may put
 * `SECRET#cursor` and nothing else, infra/aws/api.ts). A failed read is retried by the next request.
 */
function cursorKey(): Promise<Uint8Array> {
  key ??= tableSecret(table, keys.secret('cursor'), { create: true }).then(
    (k) => k as Uint8Array,
    (error) => {
      key = undefined;
      throw error;
    },
  );
  return key;
}

/** shared/api/cursor.ts with this deployment's key. */
export const cursors = {
  check: async (cursor: string, expected: { queryHash: string; runId: string }) =>
    checkCursor(await cursorKey(), cursor, expected),
  encode: async (state: CursorState) => encodeCursor(await cursorKey(), state),
  /** Where the page starts: 0 without a cursor; a cursor of another query, run or key is a 400 on `cursor`. */
  offset: async (cursor: string | undefined, expected: { queryHash: string; runId: string }) => {
    if (!cursor) return 0;
    const check = await cursors.check(cursor, expected);
    if ('problem' in check) throw createError(400, check.message, { code: 'invalid', field: 'cursor' });
    return check.offset;
  },
};
