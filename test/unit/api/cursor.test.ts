import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { checkCursor, encodeCursor, queryHash } from '#shared/api/cursor.ts';

const q = { lat: 45.7578, lon: 4.832, radiusKm: 5, fuel: 'Gazole', sort: 'price' };
const expected = { queryHash: queryHash(q), runId: 'run-1' };
/** A deployment's key (functions/http/lib/cursors.ts reads the real one from the table). */
const KEY = randomBytes(32);

describe('paging cursors', () => {
  test('round trip', () => {
    expect(checkCursor(KEY, encodeCursor(KEY, { ...expected, offset: 40 }), expected)).toEqual({
      offset: 40,
    });
  });

  test('the query hash ignores key order', () => {
    expect(queryHash({ sort: 'price', fuel: 'Gazole', radiusKm: 5, lon: 4.832, lat: 45.7578 })).toBe(
      expected.queryHash,
    );
    expect(queryHash({ ...q, radiusKm: 6 })).not.toBe(expected.queryHash);
  });

  test('an edited payload (offset changed, MAC kept) is rejected', () => {
    const cursor = encodeCursor(KEY, { ...expected, offset: 20 });
    const [, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ o: 0, q: expected.queryHash, r: 'run-1' })).toString('base64url')}.${mac}`;
    expect(checkCursor(KEY, forged, expected)).toMatchObject({ problem: 'tampered' });
  });

  test('a flipped MAC bit, garbage, an empty or oversized cursor are rejected', () => {
    const cursor = encodeCursor(KEY, { ...expected, offset: 20 });
    const last = cursor.at(-1) === 'A' ? 'B' : 'A';
    expect(checkCursor(KEY, `${cursor.slice(0, -1)}${last}`, expected)).toMatchObject({
      problem: 'tampered',
    });
    for (const bad of ['', 'abc', 'a.b.c', '..', '{"o":0}', 'x'.repeat(500), `${cursor}.x`, "' OR 1=1 --"]) {
      expect(checkCursor(KEY, bad, expected)).toHaveProperty('problem');
    }
  });

  test('a genuine cursor of another query or another snapshot is refused', () => {
    const cursor = encodeCursor(KEY, { ...expected, offset: 20 });
    expect(
      checkCursor(KEY, cursor, { ...expected, queryHash: queryHash({ ...q, fuel: 'E10' }) }),
    ).toMatchObject({
      problem: 'other-query',
    });
    expect(checkCursor(KEY, cursor, { ...expected, runId: 'run-2' })).toMatchObject({
      problem: 'other-version',
    });
  });

  test("another deployment's genuine cursor (same query, same snapshot, its own key) is refused", () => {
    const theirs = encodeCursor(randomBytes(32), { ...expected, offset: 20 });
    expect(checkCursor(KEY, theirs, expected)).toMatchObject({ problem: 'tampered' });
    expect(() => encodeCursor(new Uint8Array(8), { ...expected, offset: 0 })).toThrow(/too short/);
  });
});
