import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AWS_LIMITS, type FunctionLimits } from '#shared/platform.ts';
import {
  createLambdaService,
  type InvokeResult,
  type LocalFunction,
  RequestTooLargeError,
} from './lambda-service.ts';
import { readCapped } from './read-body.ts';

export interface LambdaEndpoint {
  url: string;
  server: Server;
  /** Invokes a function synchronously without HTTP (the local schedules), under the same limits. */
  invoke(name: string, event: unknown): Promise<InvokeResult>;
  /** Resolves when no `Event` invocation is running. */
  idle(): Promise<void>;
  /** Closes the endpoint once idle and terminates the instances. */
  stop(): Promise<void>;
}

/**
 * The Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations) for the functions other functions
 * call, so handler code uses the real @aws-sdk/client-lambda locally too (AWS_ENDPOINT_URL_LAMBDA).
 * Each function runs in its own instances with its limits (lambda-service.ts, as behind the gateway).
 * `Event` invocations answer 202 at once and run in the background, as in AWS.
 */
export async function startLambdaEndpoint(opts: {
  root: string;
  /** function name → handler file (relative to root, exporting `handler`) and limits. */
  functions: Record<string, { handler: string; limits: FunctionLimits }>;
  port: number;
  log: (line: string) => void;
}): Promise<LambdaEndpoint> {
  const lambda = createLambdaService({ root: opts.root });
  const functions = new Map<string, LocalFunction>(
    Object.entries(opts.functions).map(([name, f]) => [name, { name, handler: f.handler, limits: f.limits }]),
  );
  const running = new Set<Promise<unknown>>();

  const server = createServer(async (req, res) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split('?')[0] ?? '');
    const name = match
      ? safeDecode(match[1] ?? '')
          .split(':')
          .pop()
      : undefined;
    const fn = name ? functions.get(name) : undefined;
    if (req.method !== 'POST' || !fn) {
      return sendJson(res, 404, 'ResourceNotFoundException', {
        Type: 'User',
        message: `Function not found: ${name ?? req.url}`,
      });
    }
    const async = req.headers['x-amz-invocation-type'] === 'Event';
    const limit = async ? AWS_LIMITS.lambdaAsyncPayloadBytes : AWS_LIMITS.lambdaPayloadBytes;
    const raw = await readCapped(req, limit);
    if (raw === null) {
      res.setHeader('connection', 'close');
      return sendJson(res, 413, 'RequestTooLargeException', {
        Type: 'User',
        message: `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      });
    }
    const event = raw.length ? raw.toString('utf8') : '{}';
    if (!isJson(event))
      return sendJson(res, 400, 'InvalidRequestContentException', {
        Type: 'User',
        message: 'Could not parse request body into json',
      });
    if (async) {
      const tracked = lambda
        .invoke(fn, event)
        .then((r) => !r.ok && opts.log(`lambda ${fn.name}: ${r.errorType}: ${r.errorMessage}`))
        .catch((e: Error) => opts.log(`lambda ${fn.name}: ${e.message}`))
        .finally(() => running.delete(tracked));
      running.add(tracked);
      res.writeHead(202).end();
      return;
    }
    try {
      const result = await lambda.invoke(fn, event);
      if (result.ok) {
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
        res.end(result.payload);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
        res.end(JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage }));
      }
    } catch (error) {
      if (!(error instanceof RequestTooLargeError)) throw error;
      sendJson(res, 413, error.name, { Type: 'User', message: error.message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const idle = async () => {
    while (running.size) await Promise.all(running);
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    invoke: (name, event) => {
      const fn = functions.get(name);
      if (!fn) throw new Error(`Function not found: ${name}`);
      return lambda.invoke(fn, JSON.stringify(event));
    },
    idle,
    stop: async () => {
      server.close();
      await idle();
      await lambda.stop();
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function sendJson(res: ServerResponse, status: number, errorType: string, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType });
  res.end(JSON.stringify(body));
}
