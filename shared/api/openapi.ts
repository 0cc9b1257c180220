import * as z from 'zod';
import { NAMES } from '../platform.ts';

/**
 * Builds the OpenAPI 3.1 document from the zod schemas the handlers validate with (query, path, body) and
 * declare as responses. Nothing here is written by hand per route: a route without schemas still gets an
 * entry (path parameters from its template, a generic body), marked `x-schemas: false`.
 * Pure: the route table and each route's schemas are passed in (scripts/openapi.ts gathers them).
 */

/**
 * The document's description: what the data is and whose it is. Station names and brands are OpenStreetMap's
 * (issue 16), so the licence that share-alike asks us to state is stated here, next to the feed's.
 */
export const API_DESCRIPTION =
  'French fuel prices from the government open-data feed (prix-carburants). Station ' +
  `names and brands: ${NAMES.credit} (https://www.openstreetmap.org/copyright), under the Open Database ` +
  `License (ODbL) 1.0 (${NAMES.licenceUrl}); GET /api/names downloads them under the same licence. ` +
  'Generated from the route table and the zod schemas that validate each request (scripts/openapi.ts); ' +
  'see docs/API.md.';

export interface OpenApiRoute {
  method: string;
  path: string;
  handler: string;
  auth: 'public' | 'user' | 'admin';
  access: { table?: string; snapshot?: boolean };
}

export interface OpenApiRouteSchemas {
  summary?: string;
  query?: z.ZodType;
  path?: z.ZodType;
  body?: z.ZodType;
  /** The success body; `null` for none (204). */
  response?: z.ZodType | null;
  /** The success statuses (default 200). */
  status?: readonly number[];
  /** Client errors beyond the ones every route of its kind can answer. */
  errors?: readonly number[];
  cache?: string;
  /** Sends an ETag and answers If-None-Match with 304. */
  conditional?: boolean;
  /** Other bodies a 200 may be, by content type (a string each, e.g. a CSV download): what it is. */
  alternatives?: Readonly<Record<string, string>>;
  /** Response headers of a 200 (name → description). */
  headers?: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

const ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['invalid', 'not_found', 'no_data'] },
        message: { type: 'string' },
        field: { type: 'string', description: 'The parameter at fault (400)' },
      },
    },
  },
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the work continues after the answer',
  204: 'Done; no body',
  304: 'Not modified (If-None-Match matched the ETag); no body',
  400: 'Invalid parameter: `error.field` names it',
  401: 'Missing or invalid access token',
  403: 'Not in the required group',
  404: 'Unknown id',
  409: 'Conflict with the current state: `error.code` says which',
  413: 'Body too large',
  415: 'The body is not sent as application/json',
  503: 'No data published yet (`no_data`), or temporarily unavailable',
};

export function buildOpenApi(
  routes: readonly OpenApiRoute[],
  schemasOf: (route: OpenApiRoute) => OpenApiRouteSchemas | undefined,
  info: { title: string; version: string; description?: string },
): Json {
  const components: Record<string, Json> = { Error: ERROR_SCHEMA };
  const paths: Record<string, Record<string, Json>> = {};

  for (const route of routes) {
    const s = schemasOf(route);
    const parameters = [...pathParameters(route, s?.path), ...queryParameters(s?.query)];
    const responses: Record<string, Json> = {};
    for (const status of s?.status ?? [200]) {
      const headers = {
        ...(s?.cache ? cacheHeaders(s) : {}),
        ...Object.fromEntries(
          Object.entries(s?.headers ?? {}).map(([name, description]) => [
            name,
            { schema: { type: 'string' }, description },
          ]),
        ),
      };
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? 'OK',
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(s?.response === null
          ? {}
          : {
              content: {
                'application/json': {
                  schema: s?.response ? toSchema(s.response, components) : { type: 'object' },
                },
                ...Object.fromEntries(
                  Object.entries(s?.alternatives ?? {}).map(([type, description]) => [
                    type,
                    { schema: { type: 'string', description } },
                  ]),
                ),
              },
            }),
      };
    }
    const errors = [
      ...(s?.conditional ? [304] : []),
      400,
      ...(route.auth !== 'public' ? [401] : []),
      ...(route.auth === 'admin' ? [403] : []),
      ...(route.path.includes('{') ? [404] : []),
      ...(s?.errors ?? []),
      ...(s?.body ? [413, 415] : []),
      ...(route.access.snapshot ? [503] : []),
    ];
    for (const status of errors) {
      responses[String(status)] =
        status === 304
          ? { description: STATUS_TEXT[status] }
          : {
              description: STATUS_TEXT[status],
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            };
    }
    const operation: Json = {
      operationId: operationId(route.handler),
      summary: s?.summary ?? `${route.method} ${route.path}`,
      tags: [tagOf(route.path)],
      security: route.auth === 'public' ? [] : [{ cognito: [] }],
      'x-auth': route.auth,
      ...(s ? {} : { 'x-schemas': false }),
      ...(parameters.length ? { parameters } : {}),
      ...(s?.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(s.body, components) } },
            },
          }
        : {}),
      responses,
    };
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, Json>)[route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito access token (user routes; admin routes also need the admin group)',
        },
      },
    },
  };
}

/** JSON Schema of what the server produces (`io: output`), shared definitions hoisted into components. */
function toSchema(
  schema: z.ZodType,
  components: Record<string, Json>,
  io: 'input' | 'output' = 'output',
): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const defs = (json.$defs ?? {}) as Record<string, Json>;
  delete json.$defs;
  delete json.$schema;
  for (const [id, def] of Object.entries(defs)) components[id] = tidy(def);
  return tidy(json);
}

/** `#/$defs/X` → `#/components/schemas/X`; drops zod's ±MAX_SAFE_INTEGER bounds on integers. */
function tidy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(tidy) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/$defs/', '#/components/schemas/');
    else if ((k === 'minimum' || k === 'maximum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER)
      continue;
    else out[k] = tidy(v);
  }
  return out as T;
}

function objectParts(schema: z.ZodType, components: Record<string, Json>) {
  const output = toSchema(schema, components, 'output');
  const input = toSchema(schema, components, 'input');
  return {
    properties: (output.properties ?? {}) as Record<string, Json>,
    // A parameter with a default is optional for the client: take `required` from the input side.
    required: new Set((input.required ?? []) as string[]),
  };
}

function queryParameters(query: z.ZodType | undefined): Json[] {
  if (!query) return [];
  const { properties, required } = objectParts(query, {});
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(route: OpenApiRoute, path: z.ZodType | undefined): Json[] {
  const names = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] as string);
  const properties = path ? objectParts(path, {}).properties : {};
  return names.map((name) => {
    const { description, ...schema } = properties[name] ?? { type: 'string' };
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
  });
}

function cacheHeaders(s: OpenApiRouteSchemas): Json {
  return {
    'Cache-Control': { schema: { type: 'string', examples: [s.cache] } },
    ...(s.conditional
      ? {
          ETag: {
            schema: { type: 'string' },
            description: 'Strong validator; send it back in If-None-Match',
          },
        }
      : {}),
  };
}

/** functions/http/get-station-history.ts → getStationHistory */
function operationId(handler: string): string {
  const base = handler.replace(/^.*\//, '').replace(/\.ts$/, '');
  return base.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
}

function tagOf(path: string): string {
  const first = path.split('/')[2] ?? 'api';
  return first.replace(/\.json$/, '');
}
