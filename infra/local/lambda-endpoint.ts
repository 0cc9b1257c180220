import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * The Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations) for the functions other functions
 * call, so handler code uses the real @aws-sdk/client-lambda locally too (AWS_ENDPOINT_URL_LAMBDA).
 * `Event` invocations answer 202 at once and run in the background, as in AWS.
 */
export async function startLambdaEndpoint(opts: {
  root: string;
  /** function name → handler file (relative to root), exporting `handler`. */
  functions: Record<string, string>;
  port: number;
  timeoutMs: number;
  log: (line: string) => void;
}): Promise<{ url: string; server: Server; idle(): Promise<void> }> {
  const running = new Set<Promise<unknown>>();
  const server = createServer(async (req, res) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split('?')[0] ?? '');
    const name = match
      ? decodeURIComponent(match[1] ?? '')
          .split(':')
          .pop()
      : undefined;
    const file = name ? opts.functions[name] : undefined;
    if (req.method !== 'POST' || !name || !file) {
      res.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name ?? req.url}` }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString('utf8');
    const event: unknown = raw ? JSON.parse(raw) : {};
    const { handler } = (await import(pathToFileURL(join(opts.root, file)).href)) as { handler: Handler };
    const invocation = handler(event, lambdaContext(name, opts.timeoutMs));
    if (req.headers['x-amz-invocation-type'] === 'Event') {
      const tracked = invocation
        .catch((e: Error) => opts.log(`lambda ${name}: ${e.message}`))
        .finally(() => running.delete(tracked));
      running.add(tracked);
      res.writeHead(202).end();
      return;
    }
    try {
      const result = await invocation;
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(JSON.stringify(result ?? null));
    } catch (error) {
      const e = error as Error;
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
      res.end(JSON.stringify({ errorType: e.name, errorMessage: e.message }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    idle: async () => {
      await Promise.all(running);
    },
  };
}
