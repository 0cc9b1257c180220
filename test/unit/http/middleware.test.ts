import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import * as z from 'zod';
import { keys } from '#shared/db/keys.ts';
import { apiEvent, testContext, userClaims } from '../../helpers/api-event.ts';

// Authenticated routes read the caller's erasure marker: a mocked table, with no marker unless a test sets one.
Object.assign(process.env, {
  TABLE_NAME: 'plein-test',
  AWS_REGION: 'eu-west-3',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
const ddb = mockClient(DynamoDBDocumentClient);
const markers: (number | null)[] = [];
beforeEach(() => {
  markers.length = 0;
  ddb.reset();
  ddb.on(GetCommand).callsFake(async (input: GetCommandInput) => {
    expect(input).toMatchObject({ Key: { PK: expect.stringMatching(/^ERASED#/) }, ConsistentRead: true });
    const at = markers.length > 1 ? markers.shift() : markers[0];
    return at ? { Item: { ...input.Key, erasedAt: at } } : {};
  });
  ddb.on(QueryCommand).resolves({ Items: [{ ...keys.favourite('a', '12345678') }] });
  ddb.on(BatchWriteCommand).resolves({});
});

// The stack is exercised through real route keys; the domain call is a spy so only the middleware is tested.
vi.mock('#functions/http/routes.ts', async (original) => {
  const mod = await original<typeof import('#functions/http/routes.ts')>();
  const extra = [
    { method: 'GET', path: '/api/t/public', handler: 'x.ts', auth: 'public', access: {} },
    { method: 'PUT', path: '/api/t/user/{id}', handler: 'x.ts', auth: 'user', access: {} },
    { method: 'GET', path: '/api/t/admin', handler: 'x.ts', auth: 'admin', access: {} },
  ];
  const routes = [...mod.ROUTES, ...extra];
  return {
    ...mod,
    ROUTES: routes,
    findRoute: (k: string) => routes.find((r) => `${r.method} ${r.path}` === k),
  };
});

const { httpHandler, respond } = await import('#functions/http/lib/middleware.ts');
const key = (k: string) => k as Parameters<typeof httpHandler>[0];

/** Every route declares these; their values do not matter to the middleware at run time. */
const DOC = { summary: 'A test route', response: z.unknown() };
const spy = vi.fn(async (_req: unknown): Promise<unknown> => ({ ok: true }));
beforeEach(() => spy.mockClear());

const publicRoute = httpHandler(
  key('GET /api/t/public'),
  {
    ...DOC,
    query: z.strictObject({ n: z.coerce.number().int().min(1).max(10) }),
    cache: 'public, max-age=60',
  },
  (req) => spy(req),
);
const userRoute = httpHandler(
  key('PUT /api/t/user/{id}'),
  {
    ...DOC,
    path: z.strictObject({ id: z.string().regex(/^\d{8}$/) }),
    body: z.strictObject({ name: z.string().max(10) }),
  },
  (req) => spy(req),
);
const adminRoute = httpHandler(key('GET /api/t/admin'), DOC, (req) => spy(req));

const call = (h: typeof publicRoute, event: Parameters<typeof publicRoute>[0]) => h(event, testContext());
const json = (res: { body: string }) => JSON.parse(res.body);

describe('validation', () => {
  test('valid input reaches the handler, parsed', async () => {
    const res = await call(publicRoute, apiEvent({ queryStringParameters: { n: '3' } }));
    expect(res.statusCode).toBe(200);
    expect(spy.mock.calls[0]?.[0]).toMatchObject({ query: { n: 3 }, caller: null });
    expect(res.headers?.['cache-control']).toBe('public, max-age=60');
  });

  test('a bad value is a 400 naming the field, and the handler never runs', async () => {
    const res = await call(publicRoute, apiEvent({ queryStringParameters: { n: 'abc' } }));
    expect(res.statusCode).toBe(400);
    expect(json(res).error).toMatchObject({ code: 'invalid', field: 'n' });
    expect(spy).not.toHaveBeenCalled();
  });

  test('a cap the schema checks itself (params.code limit) is a 400 limit, not invalid', async () => {
    const capped = httpHandler(
      key('PUT /api/me'),
      {
        ...DOC,
        body: z.strictObject({
          tags: z.array(z.string()).superRefine((tags, ctx) => {
            if (tags.length > 2)
              ctx.addIssue({ code: 'custom', message: 'At most 2', params: { code: 'limit' } });
          }),
        }),
      },
      (req) => spy(req),
    );
    const headers = { 'content-type': 'application/json' };
    const send = (body: unknown) =>
      call(capped, apiEvent({ claims: userClaims(), headers, body: JSON.stringify(body) }));
    const over = await send({ tags: ['a', 'b', 'c'] });
    expect([over.statusCode, json(over).error]).toEqual([
      400,
      { code: 'limit', message: 'At most 2', field: 'tags' },
    ]);
    const wrong = await send({ tags: [1] });
    expect([wrong.statusCode, json(wrong).error.code, json(wrong).error.field]).toEqual([
      400,
      'invalid',
      'tags.0',
    ]);
    expect(spy).not.toHaveBeenCalled();
  });

  test('an unknown query parameter is a 400 naming it', async () => {
    const res = await call(publicRoute, apiEvent({ queryStringParameters: { n: '1', evil: 'x' } }));
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('evil');
  });

  test('body: unknown fields, bad JSON, wrong type and oversize are rejected', async () => {
    const base = { claims: userClaims(), pathParameters: { id: '12345678' } };
    const headers = { 'content-type': 'application/json' };
    const extra = await call(
      userRoute,
      apiEvent({ ...base, headers, body: '{"name":"a","userId":"other"}' }),
    );
    expect([extra.statusCode, json(extra).error.field]).toEqual([400, 'userId']);
    const bad = await call(userRoute, apiEvent({ ...base, headers, body: '{"name":' }));
    expect([bad.statusCode, json(bad).error.field]).toEqual([400, 'body']);
    const text = await call(
      userRoute,
      apiEvent({ ...base, headers: { 'content-type': 'text/plain' }, body: 'x' }),
    );
    expect(text.statusCode).toBe(415);
    const big = await call(
      userRoute,
      apiEvent({ ...base, headers, body: JSON.stringify({ name: 'x'.repeat(20_000) }) }),
    );
    expect(big.statusCode).toBe(413);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('auth comes from the route table', () => {
  test('a user route without claims is a 401; private responses are never cached', async () => {
    const anonymous = await call(userRoute, apiEvent({ pathParameters: { id: '12345678' } }));
    expect(anonymous.statusCode).toBe(401);
    const ok = await call(
      userRoute,
      apiEvent({
        claims: userClaims('abc'),
        pathParameters: { id: '12345678' },
        headers: { 'content-type': 'application/json' },
        body: '{"name":"Maison"}',
      }),
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.headers?.['cache-control']).toBe('no-store');
    expect(spy.mock.calls[0]?.[0]).toMatchObject({ caller: { sub: 'abc' }, body: { name: 'Maison' } });
  });

  test('an ID token (token_use id) does not authorize API calls', async () => {
    const res = await call(
      adminRoute,
      apiEvent({ claims: { ...userClaims('a', ['admin']), token_use: 'id' } }),
    );
    expect(res.statusCode).toBe(401);
  });

  test('admin routes need the admin group, in the AWS string forms too', async () => {
    expect((await call(adminRoute, apiEvent({ claims: userClaims('a') }))).statusCode).toBe(403);
    expect((await call(adminRoute, apiEvent({ claims: userClaims('a', ['admin']) }))).statusCode).toBe(200);
    const bracketed = { ...userClaims('a'), 'cognito:groups': '[editors admin]' };
    expect((await call(adminRoute, apiEvent({ claims: bracketed }))).statusCode).toBe(200);
  });
});

describe('errors', () => {
  test('an unexpected error is a 500 with no detail', async () => {
    spy.mockRejectedValueOnce(new Error('secret table name leaked'));
    const res = await call(publicRoute, apiEvent({ queryStringParameters: { n: '1' } }));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(json(res)).toEqual({ error: { code: 'internal', message: 'Internal error' } });
  });

  test('respond() sets status and headers; 204 has no body', async () => {
    spy.mockResolvedValueOnce(respond(201, { id: 1 }, { location: '/x' }));
    const created = await call(publicRoute, apiEvent({ queryStringParameters: { n: '1' } }));
    expect([created.statusCode, created.headers?.location, json(created)]).toEqual([201, '/x', { id: 1 }]);
    spy.mockResolvedValueOnce(respond(204));
    const empty = await call(publicRoute, apiEvent({ queryStringParameters: { n: '1' } }));
    expect([empty.statusCode, empty.body]).toEqual([204, '']);
  });
});

describe('an erased account: its sessions end at once (erasure is final)', () => {
  const ERASED_AT = 1_800_000_000;
  const session = (authTime: number) => ({ ...userClaims('a'), auth_time: String(authTime) });
  const put = (authTime: number) =>
    call(
      userRoute,
      apiEvent({
        claims: session(authTime),
        pathParameters: { id: '12345678' },
        headers: { 'content-type': 'application/json' },
        body: '{"name":"x"}',
      }),
    );

  test('a session from before the erase (same second included) is a 401 account_erased; nothing runs', async () => {
    markers.push(ERASED_AT);
    for (const authTime of [ERASED_AT - 3600, ERASED_AT]) {
      const res = await put(authTime);
      expect(res.statusCode).toBe(401);
      expect(json(res)).toEqual({
        error: { code: 'account_erased', message: expect.stringContaining('erased') },
      });
    }
    const read = await call(
      adminRoute,
      apiEvent({ claims: { ...session(ERASED_AT), 'cognito:groups': 'admin' } }),
    );
    expect(read.statusCode).toBe(401);
    expect(spy).not.toHaveBeenCalled();
  });

  test('a session that signed in after the erase, or an account never erased, is served', async () => {
    markers.push(ERASED_AT);
    expect((await put(ERASED_AT + 1)).statusCode).toBe(200);
    markers.length = 0;
    expect((await put(ERASED_AT - 1)).statusCode).toBe(200);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  test('a write in flight when the erase began is undone: its items erased, then 401', async () => {
    markers.push(0, ERASED_AT); // no marker when the request starts, one when its write is done
    const res = await put(ERASED_AT - 60);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(res.statusCode).toBe(401);
    expect(json(res)).toMatchObject({ error: { code: 'account_erased' } });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':pk': keys.userPk('a') },
    });
    expect(ddb.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.['plein-test']).toEqual([
      { DeleteRequest: { Key: keys.favourite('a', '12345678') } },
    ]);
  });
});

describe('CORS_ORIGIN (set only with -c corsOrigin)', () => {
  const build = () => httpHandler(key('GET /api/t/public'), DOC, (req) => spy(req));
  const origin = (res: { headers?: Record<string, unknown> }) => res.headers?.['access-control-allow-origin'];

  test('without it, no CORS header: the site and the API share an origin', async () => {
    const res = await call(build(), apiEvent());
    expect(res.statusCode).toBe(200);
    expect(origin(res)).toBeUndefined();
  });

  test('with it, every answer (200 and errors, the handler’s and the middleware’s) lets that one origin read it', async () => {
    vi.stubEnv('CORS_ORIGIN', 'http://localhost:4321');
    try {
      const route = build();
      expect(origin(await call(route, apiEvent()))).toBe('http://localhost:4321');
      const bad = await call(route, apiEvent({ queryStringParameters: { x: '1' } }));
      expect([bad.statusCode, origin(bad)]).toEqual([400, 'http://localhost:4321']);
      spy.mockRejectedValueOnce(new Error('boom'));
      const failed = await call(route, apiEvent());
      expect([failed.statusCode, origin(failed)]).toEqual([500, 'http://localhost:4321']);
      const denied = await call(
        httpHandler(key('GET /api/t/admin'), DOC, (req) => spy(req)),
        apiEvent({ claims: userClaims('a') }),
      );
      expect([denied.statusCode, origin(denied)]).toEqual([403, 'http://localhost:4321']);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test('a malformed value fails the cold start, not a request', () => {
    vi.stubEnv('CORS_ORIGIN', 'localhost:4321/*');
    try {
      expect(build).toThrow(/CORS_ORIGIN/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
