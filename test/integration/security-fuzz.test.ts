import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as z from 'zod';
import type { RouteSchemas } from '#functions/http/lib/middleware.ts';
import { ROUTES } from '#functions/http/routes.ts';
import { type StepFunctionsEndpoint, startStepFunctionsEndpoint } from '#infra/local/step-functions.ts';
import {
  BACKFILL_TASK_STATE,
  backfillDefinition,
  RECORD_FAILURE_STATE,
} from '#shared/history/state-machine.ts';
import { putNamesTable } from '#shared/names/store.ts';
import { ADMIN_GROUP, BACKFILL, INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { apiEvent, testContext, userClaims } from '../helpers/api-event.ts';
import { FUZZ_RUNS, fuzzParams, fuzzSummary } from '../helpers/fuzz.ts';
import { ingestHarness } from '../helpers/ingest/harness.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';

// Every route of THE route table, called in-process with hostile query, path and body values (docs/RELIABILITY.md):
// the answer is a JSON client error (or a success for a value the schema accepts), never a 500, never a stack
// trace; whatever a schema accepts survives a JSON round-trip through the same schema. Real emulators behind,
// the small fixture feed published, so valid values reach the real code paths.

type Handler = ((event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>) & {
  schemas: RouteSchemas;
};

const root = resolve(import.meta.dirname, '..', '..');
let stack: TestStack;
let lambdaStub: Server;
let sfn: StepFunctionsEndpoint | undefined;
const handlers = new Map<string, Handler>();

beforeAll(async () => {
  stack = await startTestStack();
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // POST /api/admin/ingest invokes the ingest function: a stub Lambda endpoint accepts the async invoke.
  lambdaStub = createServer((_req, res) => res.writeHead(202).end());
  await new Promise<void>((ok) => lambdaStub.listen(0, '127.0.0.1', ok));
  const address = lambdaStub.address();
  process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  process.env[INVOKABLE_FUNCTIONS.ingest.env] = INVOKABLE_FUNCTIONS.ingest.localName;
  // The admin backfill handlers name the state machine at load, as the deployed ones have it.
  // The admin backfill routes call the local Step Functions stand-in; its task answers at once.
  sfn = await startStepFunctionsEndpoint({
    machines: {
      [BACKFILL.stateMachine.localName]: {
        definition: backfillDefinition(INVOKABLE_FUNCTIONS.backfill.localName),
        tasks: {
          [BACKFILL_TASK_STATE]: INVOKABLE_FUNCTIONS.backfill.localName,
          [RECORD_FAILURE_STATE]: INVOKABLE_FUNCTIONS.backfill.localName,
        },
      },
    },
    invoke: async () => ({ ok: true, payload: '{}' }),
    region: 'eu-west-3',
    port: 0,
    log: () => {},
  });
  process.env.AWS_ENDPOINT_URL_SFN = sfn.url;
  process.env[BACKFILL.stateMachine.env] = sfn.arns[BACKFILL.stateMachine.localName] ?? '';
  // A names table too, so GET /api/names answers from data (before the first refresh it is a deliberate 503).
  const entry = { name: 'Relais Fuzz', brand: 'TotalEnergies', osmBrand: 'Total', operator: null };
  await putNamesTable(createS3Client(), stack.resources.buckets.data, {
    version: 'fuzz',
    fetchedAt: '2026-06-01T05:00:00.000Z',
    source: 'fuzz.csv',
    rows: 1,
    rowsWithId: 1,
    duplicateIds: 0,
    entries: { '1000001': entry },
  });
  const harness = ingestHarness(stack);
  const run = await harness.ingest([resolve(root, 'test/fixtures/feed/small.xml')], { force: true });
  if (run.status !== 'succeeded') throw new Error(`fixture ingest ${run.status}`);
  for (const route of ROUTES) {
    const mod = (await import(resolve(root, route.handler))) as { handler: Handler };
    handlers.set(`${route.method} ${route.path}`, mod.handler);
  }
});

afterAll(async () => {
  await sfn?.stop();
  await new Promise((ok) => lambdaStub?.close(ok));
  await stack?.stop();
});

const HOSTILE = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x1F',
  '9007199254740993',
  "' OR '1'='1' --",
  '"; DROP TABLE stations; --',
  '{"$ne":null}',
  '{"$gt":""}',
  '$where',
  'attribute_exists(PK)',
  'STATION#1000001',
  'USER#someone-else',
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f',
  'a/b',
  'value\r\nSet-Cookie: injected=1',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '𝔉𝔲𝔢𝔩 ⛽ 🚗',
  'é'.repeat(300),
  '<script>alert(1)</script>',
  'x'.repeat(20_000),
  '1'.repeat(400),
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('1000001', '92330002', 'Gazole', 'E10', 'price', 'distance', '48.85', '2.35', '10', 'true'),
);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { polluted: true } } }, [
    [[[[]]]],
  ]),
  fc.array(hostileString, { maxLength: 5 }),
);

function shapeKeys(schema: z.ZodType | undefined): string[] {
  const s = schema as unknown as {
    shape?: Record<string, unknown>;
    _zod?: { def?: { in?: { shape?: object } } };
  };
  return Object.keys(s?.shape ?? s?._zod?.def?.in?.shape ?? {});
}
const pathKeys = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

/** Plausible values, so that many cases pass validation and reach the code behind it. */
const PLAUSIBLE: Record<string, string[]> = {
  lat: ['48.85', '43.3', '-90', '90.0001'],
  lon: ['2.35', '5.37', '180', '-180.5'],
  radiusKm: ['1', '10', '50', '0', '1000'],
  fuel: ['Gazole', 'E10', 'SP98', 'gazole', 'diesel'],
  sort: ['price', 'distance'],
  limit: ['1', '20', '100', '0', '101'],
  openNow: ['true', 'false', '1'],
  q: ['paris', 'sceaux', '92330', 'Ajaccio'],
  days: ['30', '90', '365', '0'],
  id: ['1000001', '92330002', '20000001', '99999999'],
  stationId: ['1000001', '92330002', '20000001', '99999999'],
  username: ['fuzz-user', 'nobody@example.com'],
  from: ['48.85,2.35', '0,0'],
};
const valueFor = (key: string) =>
  PLAUSIBLE[key] ? fc.oneof(fc.constantFrom(...(PLAUSIBLE[key] as string[])), hostileString) : hostileString;

/** A record of the schema's own keys (and sometimes a foreign one), each with a hostile string. */
const stringRecord = (keys: string[]) => fc.oneof(hostileRecord(keys), plausibleRecord(keys));
/** Every key that has plausible values, with one of its first two (valid) ones: reaches the handler's code. */
const plausibleRecord = (keys: string[]) => {
  const known = keys.filter((k) => PLAUSIBLE[k]);
  return fc
    .tuple(...known.map((k) => fc.constantFrom(...(PLAUSIBLE[k] as string[]).slice(0, 2))))
    .map((values) => Object.fromEntries(known.map((k, i) => [k, values[i] as string])));
};
const hostileRecord = (keys: string[]) =>
  fc
    .tuple(
      fc.subarray(keys),
      fc.tuple(...keys.map(valueFor), hostileString),
      fc.option(fc.constantFrom('__proto__', 'constructor', 'extra', 'lat', 'limit'), { freq: 3 }),
    )
    .map(([chosen, values, foreign]) => {
      const out: Record<string, string> = {};
      // defineProperty, so that `__proto__` is an own key as JSON.parse would make it, not a prototype change.
      const set = (k: string, value: string | undefined) =>
        Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
      for (const k of chosen) set(k, values[keys.indexOf(k)] as string);
      if (foreign) set(foreign, values[keys.length]);
      return out;
    });

const bodyArb = (keys: string[]) =>
  fc.oneof(
    fc
      .dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'sub', 'PK'), hostileJson, {
        maxKeys: 5,
      })
      .map((o) => JSON.stringify(o)),
    hostileJson.map((v) => JSON.stringify(v) ?? 'null'),
    fc.constantFrom('{"__proto__":{"polluted":true}}', '{', 'not json', '[]', 'null', '1e999', '"\\u0000"'),
    fc.string({ maxLength: 100 }),
  );

const STATUSES_OK = new Set([200, 201, 202, 204, 304, 400, 401, 403, 404, 409, 413, 415, 429]);
const tally = new Map<string, Record<string, number>>();

describe('every route of the route table under hostile input: never a 500, never a stack trace', () => {
  // One property per route: a route with no schema still gets unknown parameters thrown at it.
  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    test(key, { timeout: 300_000 }, async () => {
      const handler = handlers.get(key) as Handler;
      const { query, path, body } = handler.schemas;
      const qKeys = shapeKeys(query);
      const pKeys = pathKeys(route.path);
      const bKeys = shapeKeys(body);
      const claims =
        route.auth === 'admin'
          ? userClaims('fuzz-admin', [ADMIN_GROUP])
          : route.auth === 'user'
            ? userClaims('fuzz-user')
            : undefined;
      // Mutating routes run fewer cases: each valid case writes to the emulators.
      const runs = Math.max(10, Math.ceil(FUZZ_RUNS / (route.method === 'GET' ? 2 : 4)));
      const counts: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(
          qKeys.length ? stringRecord(qKeys) : fc.oneof(fc.constant({}), stringRecord(['q', 'id'])),
          stringRecord(pKeys),
          bodyArb(bKeys.length ? bKeys : ['x']),
          fc.boolean(),
          async (q, p, rawBody, withBody) => {
            const event = apiEvent({
              httpMethod: route.method,
              resource: route.path,
              path: route.path,
              queryStringParameters: Object.keys(q).length ? q : null,
              pathParameters: Object.keys(p).length ? p : null,
              body: withBody || body ? rawBody : null,
              headers: { 'content-type': 'application/json' },
              claims,
            });
            const res = await handler(event, testContext());
            counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
            const what = `${key} query=${JSON.stringify(q).slice(0, 200)} path=${JSON.stringify(p).slice(0, 200)} body=${rawBody.slice(0, 200)}`;
            expect(STATUSES_OK.has(res.statusCode), `${what} → ${res.statusCode} ${res.body}`).toBe(true);
            expect(res.body, `${what}: a stack trace in the body`).not.toMatch(
              /\n\s+at |node_modules|\.ts:\d+/,
            );
            if (res.statusCode >= 400) {
              const parsed = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
              expect(typeof parsed.error?.code, `${what}: JSON error body`).toBe('string');
            }
            // Whatever the schemas accept must survive a JSON round-trip through them (what the API gives back
            // or stores is re-validated the same way).
            for (const [schema, input] of [
              [query, q],
              [path, p],
            ] as const) {
              const first = schema?.safeParse(input);
              if (first?.success) {
                const again = schema?.safeParse(JSON.parse(JSON.stringify(first.data)));
                // Compared as JSON: "-0" parses to -0, which JSON (and so every answer or item) writes as 0.
                if (again?.success) expect(JSON.stringify(again.data)).toBe(JSON.stringify(first.data));
              }
            }
            if (body) {
              let json: unknown;
              try {
                json = JSON.parse(rawBody);
              } catch {
                return;
              }
              const first = body.safeParse(json);
              if (first.success) {
                const again = body.safeParse(JSON.parse(JSON.stringify(first.data)));
                expect(again.success, `${what}: accepted body does not re-validate`).toBe(true);
                if (again.success) expect(JSON.stringify(again.data)).toBe(JSON.stringify(first.data));
              }
            }
            expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
            expect(({} as Record<string, unknown>).admin, 'Object.prototype polluted').toBeUndefined();
          },
        ),
        fuzzParams(runs),
      );
      tally.set(key, counts);
      fuzzSummary(`api ${key}`, runs, counts);
    });
  }
});
