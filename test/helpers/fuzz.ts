import * as fc from 'fast-check';

/**
 * How many cases each property runs: FUZZ_RUNS (default 100, for CI). The full run documented in
 * docs/RELIABILITY.md uses FUZZ_RUNS=2000.
 */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 100) || 100);

/** Parameters for fc.assert: the run count, plus FUZZ_SEED to replay a failure. */
export function fuzzParams<T>(runs = FUZZ_RUNS): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: runs, ...(seed === undefined ? {} : { seed }) };
}

/** One line per property on stderr: `fuzz <name>: <runs> cases, <extra>`; docs/RELIABILITY.md quotes them. */
export function fuzzSummary(name: string, runs: number, extra: Record<string, number | string> = {}): void {
  const details = Object.entries(extra)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  process.stderr.write(`fuzz ${name}: ${runs} cases${details ? ` (${details})` : ''}\n`);
}

/** Random edits of real bytes: flips, insertions, deletions, then maybe a truncation. */
export function mutatedBytes(source: Uint8Array, maxEdits = 8): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
    }),
  );
  return fc
    .record({
      edits: fc.array(edit, { minLength: 0, maxLength: maxEdits }),
      // Half the cases are also truncated, uniformly anywhere (fast-check's bias would favour empty input).
      cut: fc.option(fc.noBias(fc.integer({ min: 0, max: 10_000 })), { freq: 2 }),
    })
    .map(({ edits, cut }) => {
      let bytes = Buffer.from(source);
      for (const e of edits) {
        const at = bytes.length ? e.at % bytes.length : 0;
        if (e.kind === 'flip' && bytes.length) bytes[at] = (bytes[at] ?? 0) ^ (1 << e.bit);
        else if (e.kind === 'set' && bytes.length) bytes[at] = e.value;
        else if (e.kind === 'insert')
          bytes = Buffer.concat([bytes.subarray(0, at), e.bytes, bytes.subarray(at)]);
        else if (e.kind === 'delete')
          bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.length)]);
      }
      if (cut !== null) bytes = bytes.subarray(0, Math.floor((bytes.length * cut) / 10_000));
      return new Uint8Array(bytes);
    });
}
