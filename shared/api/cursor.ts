import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { foldName } from '../domain/names.ts';

/**
 * Opaque paging cursors: base64url(JSON {o: offset, q: query hash, r: snapshot runId}) + '.' + a 128-bit
 * HMAC-SHA256 tag. A cursor is only valid for the exact query (minus `cursor` and `limit`) and the snapshot
 * it was issued for: an edited, forged or replayed-elsewhere cursor is rejected, so a page never silently
 * mixes two data versions. The key is the deployment's own secret (functions/http/lib/cursors.ts reads it from
 * the table), so nobody can forge one, and one deployment's cursors mean nothing to another; it protects
 * integrity, not secrecy (offsets of public data are not secret).
 */
const MAX_CURSOR_LENGTH = 200;

export interface CursorState {
  offset: number;
  queryHash: string;
  runId: string;
}

type CursorProblem = 'malformed' | 'tampered' | 'other-query' | 'other-version';

export type CursorCheck = { offset: number } | { problem: CursorProblem; message: string };

const NOT_OURS = 'The cursor is not one this API issued';

/** A short stable hash of a normalized query object (keys sorted). */
export function queryHash(query: Record<string, unknown>): string {
  const sorted = Object.keys(query)
    .sort()
    .map((k) => [k, query[k] ?? null]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

/**
 * The hash GET /api/stations binds its cursors to: the query with its brand filter as a set of folded names
 * ("A,B" and "b,a" page alike); without a filter, exactly the hash cursors had before the filter existed.
 */
export function nearbyQueryHash(query: Record<string, unknown> & { brands: readonly string[] }): string {
  const { brands, ...rest } = query;
  const set = [...new Set(brands.map(foldName))].sort();
  return queryHash(set.length ? { ...rest, brands: set } : rest);
}

/** The HMAC key: the deployment's secret (at least 16 bytes). */
export type CursorKey = Uint8Array;

function tag(key: CursorKey, payload: string): Buffer {
  if (key.length < 16) throw new Error('The cursor key is too short');
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

export function encodeCursor(key: CursorKey, state: CursorState): string {
  const payload = Buffer.from(
    JSON.stringify({ o: state.offset, q: state.queryHash, r: state.runId }),
  ).toString('base64url');
  return `${payload}.${tag(key, payload).toString('base64url')}`;
}

/** The offset a cursor stands for, after checking it was issued for this query and this snapshot. */
export function checkCursor(
  key: CursorKey,
  cursor: string,
  expected: { queryHash: string; runId: string },
): CursorCheck {
  const [payload, mac, extra] = cursor.split('.');
  if (
    !payload ||
    !mac ||
    extra !== undefined ||
    cursor.length > MAX_CURSOR_LENGTH ||
    !/^[\w-]+$/.test(payload + mac)
  )
    return { problem: 'malformed', message: NOT_OURS };
  // Compare the text, not decoded bytes: base64url's last character has unused bits.
  const given = Buffer.from(mac);
  const wanted = Buffer.from(tag(key, payload).toString('base64url'));
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return { problem: 'tampered', message: NOT_OURS };
  // Authentic: we wrote this JSON.
  const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    o: unknown;
    q: unknown;
    r: unknown;
  };
  if (!Number.isSafeInteger(state.o) || (state.o as number) < 0)
    return { problem: 'malformed', message: NOT_OURS };
  if (state.q !== expected.queryHash)
    return {
      problem: 'other-query',
      message: 'The cursor belongs to another query: send the same parameters',
    };
  if (state.r !== expected.runId)
    return {
      problem: 'other-version',
      message: 'The data changed since this cursor was issued: start again',
    };
  return { offset: state.o as number };
}
