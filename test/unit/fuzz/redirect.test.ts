import * as fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { safeNext } from '../../../web/src/lib/pages/form-helpers.ts';
import { FUZZ_RUNS, fuzzParams, fuzzSummary } from '../../helpers/fuzz.ts';

// The sign-in page goes back to `?next=` after signing in (web/src/lib/pages/form-helpers.ts): whatever `next`
// is, the browser must stay on the site's own origin (no open redirect).
const ORIGIN = 'https://plein.example';
const HOSTILE = [
  'https://evil.example/',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%5Cevil.example',
  'javascript:alert(1)',
  ' /\t/evil.example',
  '/\n/evil.example',
  'https:evil.example',
  '/.\\./evil',
  '///evil.example',
  'data:text/html,x',
];
let runs = 0;
afterAll(() => fuzzSummary('redirect/safeNext', runs));

test('safeNext: known open-redirect tricks fall back to the default', () => {
  for (const next of HOSTILE) expect(new URL(safeNext(next, '/'), ORIGIN).origin, next).toBe(ORIGIN);
  expect(safeNext('//evil.example', '/')).toBe('/');
  expect(safeNext('/tableau-de-bord/', '/')).toBe('/tableau-de-bord/');
});

test('safeNext: any string resolves to a URL on our own origin', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        fc
          .webUrl()
          .map((u) => u.replace(/^https?:/, fc.sample(fc.constantFrom('', 'https:', '/', '//'), 1)[0] ?? '')),
        fc.constantFrom(...HOSTILE).chain((h) => fc.string().map((s) => h + s)),
      ),
      (next) => {
        runs++;
        const out = safeNext(next, '/');
        expect(new URL(out, ORIGIN).origin, `next=${JSON.stringify(next)} → ${out}`).toBe(ORIGIN);
      },
    ),
    fuzzParams(FUZZ_RUNS * 5),
  );
});
