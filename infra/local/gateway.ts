import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ROUTES, type Route } from '#functions/http/routes.ts';
import { AWS_LIMITS } from '#shared/platform.ts';
import type { AccessTokenVerifier } from './jwt.ts';
import { createLambdaService, type LocalFunction, RequestTooLargeError } from './lambda-service.ts';
import { readCapped } from './read-body.ts';
import type { StaticSite } from './static-site.ts';

export interface GatewayOptions {
  /** Project root: route handler files are relative to it. */
  root: string;
  verifier: AccessTokenVerifier;
  site: StaticSite;
  /** Served at /config.json: what the site needs to find the API and Cognito. */
  siteConfig: Record<string, unknown>;
  log?: (line: string) => void;
  /** The routes to serve: THE route table, or fixture routes in tests. */
  routes?: readonly Route[];
  /** API Gateway's integration timeout (AWS_LIMITS); tests shorten it. */
  apiTimeoutSeconds?: number;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  params: string[];
  /** The route's own function, as CDK deploys one per route. */
  fn: LocalFunction;
}

/** A request API Gateway refuses before invoking the function (400). */
class BadRequest extends Error {
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/**
 * One port, one origin, like CloudFront in AWS: `/api/…` goes to the route handlers as API Gateway proxy
 * events (after the same JWT checks as the Cognito authorizer), `/config.json` to the site config, the rest
 * to the built site.
 */
export function createGateway(options: GatewayOptions): Server {
  const { root, verifier, site, siteConfig, log = () => {} } = options;
  const routes = (options.routes ?? ROUTES).map(compile);
  const apiTimeoutMs = (options.apiTimeoutSeconds ?? AWS_LIMITS.apiTimeoutSeconds) * 1000;
  const lambda = createLambdaService({ root });

  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://local');
    try {
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        await handleApi(req, res, url);
      } else if (url.pathname === '/config.json') {
        send(
          res,
          200,
          { 'content-type': 'application/json', 'cache-control': 'no-cache' },
          JSON.stringify(siteConfig),
        );
      } else {
        await site.serve(req, res, url.pathname);
      }
    } catch (error) {
      log(`gateway error on ${req.method} ${url.pathname}: ${(error as Error).stack ?? error}`);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Internal error');
      else res.destroy();
    } finally {
      if (url.pathname.startsWith('/api/'))
        log(`${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`);
    }
  });
  server.on('close', () => void lambda.stop());
  return server;

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const matches = routes.filter((r) => r.pattern.test(url.pathname));
    const match = matches.find((r) => r.route.method === method);
    if (!match) {
      if (matches.length) return sendError(res, 405, 'method_not_allowed', `${method} is not allowed here`);
      return sendError(res, 404, 'not_found', `No route for ${method} ${url.pathname}`);
    }
    let claims: JwtPayload | null = null;
    if (match.route.auth !== 'public') {
      const token = bearer(req.headers.authorization);
      claims = token ? await verifier.verify(token) : null;
      if (!claims) return sendError(res, 401, 'unauthorized', 'Missing or invalid access token');
    }
    const body = await readCapped(req, AWS_LIMITS.apiBodyBytes);
    if (body === null) return tooLarge(res);
    let event: APIGatewayProxyEvent;
    try {
      event = toEvent(req, url, match, body, claims);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      return sendError(res, 400, 'invalid', error.message, error.field);
    }
    // What API Gateway sends when the function fails (502), Lambda refuses the invocation (500) or the
    // integration times out (504): its DEFAULT_5XX response, `internal` (infra/aws/api.ts GATEWAY_ERRORS).
    let answered = false;
    const gatewayTimeout = (awsMs: number) => {
      if (answered || awsMs <= apiTimeoutMs) return;
      answered = true; // the function goes on, as in AWS
      log(`${method} ${url.pathname}: integration timed out after ${apiTimeoutMs} ms (Lambda time)`);
      sendError(res, 504, 'internal', 'Endpoint request timed out');
    };
    let outcome: Awaited<ReturnType<typeof lambda.invoke>>;
    try {
      outcome = await lambda.invoke(match.fn, JSON.stringify(event), { onTick: gatewayTimeout });
    } catch (error) {
      if (!(error instanceof RequestTooLargeError) || answered) throw error;
      log(`${method} ${url.pathname}: ${error.name}: ${error.message}`);
      return sendError(res, 500, 'internal', 'Internal server error');
    }
    if (answered) return;
    const result = outcome.ok ? proxyResult(outcome.payload) : null;
    if (!result) {
      log(
        `${method} ${url.pathname}: ${outcome.ok ? 'malformed Lambda proxy response' : `${outcome.errorType}: ${outcome.errorMessage}`}`,
      );
      return sendError(res, 502, 'internal', 'Internal server error');
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
      headers[name] = values.map(String);
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    send(res, result.statusCode, headers, payload);
  }
}

/** The function's answer if it has the proxy integration's shape; API Gateway answers 502 otherwise. */
function proxyResult(payload: string): APIGatewayProxyResult | null {
  const result = JSON.parse(payload) as Partial<APIGatewayProxyResult> | null;
  if (!result || typeof result !== 'object' || !Number.isInteger(result.statusCode)) return null;
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') return null;
  return result as APIGatewayProxyResult;
}

function compile(route: Route): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  const fn = { name: functionName(route), handler: route.handler, limits: route.limits };
  return { route, pattern: new RegExp(`^${source}$`), params, fn };
}

/** API Gateway's REST proxy event (payload 1.0), with the authorizer claims flattened to strings as AWS does. */
function toEvent(
  req: IncomingMessage,
  url: URL,
  match: CompiledRoute,
  body: Buffer,
  claims: JwtPayload | null,
): APIGatewayProxyEvent {
  const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
  const pathParameters = Object.fromEntries(match.params.map((p, i) => [p, decodePathValue(p, values[i])]));
  // Keys come from the client (`__proto__`, `constructor`…): maps without a prototype hold them as plain keys,
  // and the event reaches the function as JSON, as in Lambda.
  const headers: Record<string, string> = Object.create(null);
  const multiValueHeaders: Record<string, string[]> = Object.create(null);
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    headers[name] = list.join(',');
    multiValueHeaders[name] = list;
  }
  const query: Record<string, string> = Object.create(null);
  const multiQuery: Record<string, string[]> = Object.create(null);
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    multiQuery[k] = [...(multiQuery[k] ?? []), v];
  }
  const hasQuery = Object.keys(query).length > 0;
  const textBody = isText(headers['content-type']);
  return {
    resource: match.route.path,
    path: url.pathname,
    httpMethod: match.route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: match.params.length ? pathParameters : null,
    stageVariables: null,
    body: body.length ? (textBody ? body.toString('utf8') : body.toString('base64')) : null,
    isBase64Encoded: body.length > 0 && !textBody,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: claims ? { claims: flattenClaims(claims) } : null,
      protocol: 'HTTP/1.1',
      httpMethod: match.route.method,
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      },
      path: url.pathname,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: match.route.path,
    } as APIGatewayProxyEvent['requestContext'],
  };
}

function decodePathValue(param: string, value = ''): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new BadRequest(`Path parameter "${param}" is not valid percent-encoding`, param);
  }
}

/** AWS hands claims to the Lambda as strings; arrays become "a,b" (functions/http/lib/caller.ts reads both). */
function flattenClaims(claims: JwtPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
}

/** The function's name as CDK would derive it from the handler file: get-station.ts → get-station. */
function functionName(route: Route): string {
  return route.handler.replace(/^.*\/|\.ts$/g, '');
}

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  // The AWS Cognito authorizer takes the raw token; accept the usual "Bearer " prefix too.
  const token = header.startsWith('Bearer ') ? header.slice(7) : header;
  return token.trim() || null;
}

function isText(contentType: string | undefined): boolean {
  return !contentType || /^(text\/|application\/(json|x-www-form-urlencoded))/.test(contentType);
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: string | Buffer,
) {
  res.writeHead(status, headers);
  res.end(body);
}

/** API Gateway's REQUEST_TOO_LARGE answer; the connection is closed rather than the rest of the body read. */
function tooLarge(res: ServerResponse) {
  res.setHeader('connection', 'close');
  sendError(res, 413, 'too_large', 'Request Too Long');
}

/** Errors the gateway itself produces, in the API's JSON error shape. */
function sendError(res: ServerResponse, status: number, code: string, message: string, field?: string) {
  if (res.headersSent) return;
  send(
    res,
    status,
    {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    JSON.stringify({ error: { code, message, ...(field ? { field } : {}) } }),
  );
}
