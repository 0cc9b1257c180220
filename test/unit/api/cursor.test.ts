import { describe, expect, test } from 'vitest';
import { checkCursor, encodeCursor, queryHash } from '#shared/api/cursor.ts';

const q = { lat: 45.7578, lon: 4.832, radiusKm: 5, fuel: 'Gazole', sort: 'price' };
const expected = { queryHash: queryHash(q), runId: 'run-1' };

describe('paging cursors', () => {
  test('round trip', () => {
    expect(checkCursor(encodeCursor({ ...expected, offset: 40 }), expected)).toEqual({ offset: 40 });
  });

  test('the query hash ignores key order', () => {
    expect(queryHash({ sort: 'price', fuel: 'Gazole', radiusKm: 5, lon: 4.832, lat: 45.7578 })).toBe(
      expected.queryHash,
    );
    expect(queryHash({ ...q, radiusKm: 6 })).not.toBe(expected.queryHash);
  });

  test('an edited payload (offset changed, MAC kept) is rejected', () => {
    const cursor = encodeCursor({ ...expected, offset: 20 });
    const [, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ o: 0, q: expected.queryHash, r: 'run-1' })).toString('base64url')}.${mac}`;
    expect(checkCursor(forged, expected)).toMatchObject({ problem: 'tampered' });
  });

  test('a flipped MAC bit, garbage, an empty or oversized cursor are rejected', () => {
    const cursor = encodeCursor({ ...expected, offset: 20 });
    const last = cursor.at(-1) === 'A' ? 'B' : 'A';
    expect(checkCursor(`${cursor.slice(0, -1)}${last}`, expected)).toMatchObject({ problem: 'tampered' });
    for (const bad of ['', 'abc', 'a.b.c', '..', '{"o":0}', 'x'.repeat(500), `${cursor}.x`, "' OR 1=1 --"]) {
      expect(checkCursor(bad, expected)).toHaveProperty('problem');
    }
  });

  test('a genuine cursor of another query or another snapshot is refused', () => {
    const cursor = encodeCursor({ ...expected, offset: 20 });
    expect(checkCursor(cursor, { ...expected, queryHash: queryHash({ ...q, fuel: 'E10' }) })).toMatchObject({
      problem: 'other-query',
    });
    expect(checkCursor(cursor, { ...expected, runId: 'run-2' })).toMatchObject({ problem: 'other-version' });
  });
});
