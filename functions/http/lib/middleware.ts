import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import createError from 'http-errors';
import * as z from 'zod';
import { readEnv } from '#shared/env.ts';
import { ADMIN_GROUP } from '#shared/platform.ts';
import { type AuthOf, findRoute, type RouteKey } from '../routes.ts';
import { type Caller, readCaller, readSourceIp } from './caller.ts';
import { erasureGuard } from './erasure.ts';
import { type ErrorBody, toErrorResponse } from './errors.ts';

export type { Caller } from './caller.ts';

/** Bodies are small JSON documents (profile, favourite name); anything bigger is a mistake or an attack. */
const MAX_BODY_BYTES = 16 * 1024;

export const logger = new Logger({ serviceName: 'plein-api' });

export interface HttpRequest<Q, P, B, C = Caller | null> {
  query: Q;
  path: P;
  body: B;
  /** The verified caller: always set on user and admin routes; on public routes, null without a token. */
  caller: C;
  headers: Readonly<Record<string, string | undefined>>;
  /** The connection's address (./caller.ts `readSourceIp`): for per-address limits, hashed, never stored. */
  sourceIp: string | null;
}

/** A handler returns plain data (200 JSON) or a `respond(...)` result for other statuses or headers. */
export interface HttpResult {
  readonly [RESULT]: true;
  status: number;
  body?: unknown;
  /** The body is text to send as is (respondText), not a value to serialise as JSON. */
  text?: true;
  headers?: Record<string, string>;
}
const RESULT = Symbol('http-result');

export function respond(status: number, body?: unknown, headers?: Record<string, string>): HttpResult {
  return { [RESULT]: true, status, body, headers };
}

/** A body sent as is (a CSV download), not as JSON: `contentType` names it. */
export function respondText(
  status: number,
  text: string,
  contentType: string,
  headers?: Record<string, string>,
): HttpResult {
  return {
    [RESULT]: true,
    status,
    body: text,
    text: true,
    headers: { 'content-type': contentType, ...headers },
  };
}

interface Spec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType, R extends z.ZodType | null> {
  query?: Q;
  path?: P;
  body?: B;
  /** One line for the OpenAPI document. */
  summary: string;
  /**
   * The success body (`null`: none, e.g. a 204), for the OpenAPI document. Not checked at run time:
   * test/integration/openapi-live.test.ts checks live answers against the published document.
   */
  response: R;
  /** The success statuses when not just 200 (e.g. `[201, 200]` for create-or-update, `[204]`). */
  status?: readonly number[];
  /** Client errors this route answers besides the ones the middleware gives every route (e.g. 409). */
  errors?: readonly number[];
  /** Cache-Control for successful responses; private routes are always `no-store`. */
  cache?: string;
  /**
   * Conditional requests: returns what the response depends on besides the route and its validated
   * parameters (e.g. the snapshot runId). The middleware then sends a strong ETag (a hash of route, version,
   * normalized query and path) and answers a matching If-None-Match with 304 before `fn` runs.
   */
  etag?: (req: { query: Out<Q, object>; path: Out<P, object> }) => Promise<string> | string;
  /** DELETE /api/me only: a retry with the erased session's token must still be able to finish the erase. */
  allowErasedSession?: true;
  /** Other bodies a 200 may be (respondText), by content type, for the OpenAPI document: e.g. a CSV download. */
  alternatives?: Readonly<Record<string, string>>;
  /** Response headers worth documenting (name → what it says), e.g. `Link` to a licence. */
  headers?: Readonly<Record<string, string>>;
}

/** What a handler validates and returns, as declared in its spec: the OpenAPI builder reads it. */
export interface RouteSchemas {
  route: string;
  summary: string;
  query?: z.ZodType;
  path?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType | null;
  status: readonly number[];
  errors: readonly number[];
  cache?: string;
  conditional: boolean;
  alternatives?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
}

type Out<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;
type CallerOf<K extends RouteKey> = AuthOf<K> extends 'public' ? Caller | null : Caller;

/**
 * The one middy stack every route uses: normalized headers, the route's auth level from THE route table,
 * validation of query/path/body with zod (400 naming the field), JSON errors, one log line per request.
 * Authenticated routes refuse a session whose account was erased (401 `account_erased`, ./erasure.ts): before
 * the handler, and after it for writes, so a write in flight during the erase is undone.
 */
export function httpHandler<
  K extends RouteKey,
  Q extends z.ZodType = z.ZodNever,
  P extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
  R extends z.ZodType | null = null,
>(
  key: K,
  spec: Spec<Q, P, B, R>,
  fn: (
    req: HttpRequest<Out<Q, object>, Out<P, object>, Out<B, undefined>, CallerOf<K>>,
  ) => Promise<Out<R, never> | HttpResult>,
) {
  const route = findRoute(key);
  if (!route) throw new Error(`Unknown route ${key}`);
  const noStore = route.auth !== 'public';
  const cors = corsHeaders();
  const erasure = route.auth === 'public' || spec.allowErasedSession ? null : erasureGuard();
  const writes = route.method !== 'GET';

  const run = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const caller = readCaller(event);
    if (route.auth !== 'public' && !caller)
      throw createError(401, 'Sign in to use this route', { code: 'unauthorized' });
    if (route.auth === 'admin' && !caller?.groups.includes(ADMIN_GROUP))
      throw createError(403, 'Admins only', { code: 'forbidden' });
    if (erasure && caller) await erasure.refuse(caller);
    const req = {
      query: parse(spec.query, queryInput(event), 'query'),
      path: parse(spec.path, event.pathParameters ?? {}, 'path'),
      body: spec.body ? parse(spec.body, readJsonBody(event), 'body') : undefined,
      caller,
      headers: event.headers as Record<string, string | undefined>,
      sourceIp: readSourceIp(event),
    } as HttpRequest<Out<Q, object>, Out<P, object>, Out<B, undefined>, CallerOf<K>>;
    const cacheControl = noStore ? 'no-store' : (spec.cache ?? 'no-store');
    const etag = spec.etag ? entityTag(key, await spec.etag(req), req.query, req.path) : undefined;
    if (etag && matchesIfNoneMatch(event.headers['if-none-match'], etag))
      return toResponse(respond(304, undefined, { etag }), cacheControl, cors);
    const out = await fn(req);
    if (erasure && caller && writes) await erasure.undoIfErased(caller);
    const result = isResult(out) ? out : respond(200, out);
    if (etag && result.status === 200) result.headers = { etag, ...result.headers };
    return toResponse(result, cacheControl, cors);
  };

  const schemas: RouteSchemas = {
    route: key,
    summary: spec.summary,
    query: spec.query,
    path: spec.path,
    body: spec.body,
    response: spec.response,
    status: spec.status ?? [200],
    errors: spec.errors ?? [],
    cache: noStore ? 'no-store' : spec.cache,
    conditional: Boolean(spec.etag),
    ...(spec.alternatives ? { alternatives: spec.alternatives } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
  };
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(requestLog(key))
    .use(jsonErrors(cors))
    .handler(run);
  return Object.assign(handler, { schemas });
}

/**
 * `CORS_ORIGIN` (set by infra/aws/api.ts only with `-c corsOrigin`, e.g. the site's dev server on
 * http://localhost:4321 against a deployed API): the one origin whose pages may read our answers. The
 * gateway answers the preflight and adds the same header to its own errors; without it here a browser would
 * get every response and show it to no one. Read at cold start; no variable, no header (same origin).
 */
function corsHeaders(): Record<string, string> {
  const { CORS_ORIGIN } = readEnv({ CORS_ORIGIN: z.url({ protocol: /^https?$/ }).optional() });
  // The same value for every request (not the caller's Origin echoed), so a cached answer stays right.
  return CORS_ORIGIN ? { 'access-control-allow-origin': CORS_ORIGIN } : {};
}

/** A strong validator: same route, data version and normalized parameters ⇒ same bytes. */
function entityTag(key: string, version: string, query: unknown, path: unknown): string {
  const text = JSON.stringify([key, version, sortedEntries(query), sortedEntries(path)]);
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

function sortedEntries(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value ?? null;
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` prefixes are ignored. `*` is not honoured
 * (it would turn a 404 into a 304); clients send back the tags we gave them.
 */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function parse(schema: z.ZodType | undefined, input: unknown, where: 'query' | 'path' | 'body') {
  if (!schema) {
    // A route without a query schema accepts no query parameters: unknown input is an error, not ignored.
    if (where !== 'body' && input && Object.keys(input).length > 0) {
      const field = Object.keys(input)[0];
      throw createError(400, `Unknown ${where} parameter "${field}"`, { code: 'invalid', field });
    }
    return {};
  }
  const res = schema.safeParse(input);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : where;
  const message =
    issue?.code === 'unrecognized_keys' ? `Unknown ${where} parameter "${issue.keys[0]}"` : issue?.message;
  // A schema's cap (e.g. a 7th saved place) says so with `params.code`, as the favourites' cap does.
  const limit = issue?.code === 'custom' && issue.params?.code === 'limit';
  throw createError(400, message ?? 'Invalid input', {
    code: limit ? 'limit' : 'invalid',
    field: issue?.code === 'unrecognized_keys' ? issue.keys[0] : field,
  });
}

/**
 * The query parameters: a parameter given once is a string; one given several times (`brand=A&brand=B`) is
 * the array of its values, which only list parameters accept (the others answer 400 naming it, rather than
 * silently keeping the last value as API Gateway's `queryStringParameters` does).
 */
function queryInput(event: APIGatewayProxyEvent): Record<string, string | string[]> {
  // No prototype: a parameter named `__proto__` is just a key (then an unknown parameter, 400).
  const input: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) input[k] = v;
  for (const [k, values] of Object.entries(event.multiValueQueryStringParameters ?? {}))
    if (values && values.length > 1) input[k] = values;
  return input;
}

function readJsonBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw createError(413, `Body larger than ${MAX_BODY_BYTES} bytes`, { code: 'too_large', field: 'body' });
  const type = event.headers['content-type'] ?? '';
  if (text && !type.startsWith('application/json'))
    throw createError(415, 'Send the body as application/json', {
      code: 'unsupported_media_type',
      field: 'body',
    });
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw createError(400, 'Body is not valid JSON', { code: 'invalid', field: 'body' });
  }
}

function isResult(value: unknown): value is HttpResult {
  return typeof value === 'object' && value !== null && RESULT in value;
}

function toResponse(
  result: HttpResult,
  cacheControl: string,
  cors: Record<string, string>,
): APIGatewayProxyResult {
  const hasBody = result.body !== undefined && result.status !== 204 && result.status !== 304;
  return {
    statusCode: result.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
      ...cors,
      ...result.headers,
    },
    body: hasBody ? (result.text ? String(result.body) : JSON.stringify(result.body)) : '',
  };
}

function jsonErrors(
  cors: Record<string, string>,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      const { status, body, cause } = toErrorResponse(request.error);
      if (cause) logger.error('Unhandled error', { error: cause });
      request.response = toResponse(respond(status, body satisfies ErrorBody), 'no-store', cors);
    },
  };
}

/** One structured line per request: route, status, duration. Never the token, the body or an email. */
function requestLog(key: string): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  // Keyed by event: the local gateway may run one handler for several requests at once.
  const started = new WeakMap<object, number>();
  const done = (event: object, status: number | undefined) =>
    logger.info('request', { route: key, status, ms: Date.now() - (started.get(event) ?? Date.now()) });
  return {
    before: (request) => {
      started.set(request.event, Date.now());
    },
    after: (request) => done(request.event, request.response?.statusCode),
    // Runs after jsonErrors (middy unwinds onError in reverse order), so the response is already set.
    onError: (request) => done(request.event, request.response?.statusCode),
  };
}
