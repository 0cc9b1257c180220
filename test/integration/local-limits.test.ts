import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Route } from '#functions/http/routes.ts';
import { createGateway } from '#infra/local/gateway.ts';
import { eventually } from '../helpers/eventually.ts';

// The local gateway enforces each function's limits as Lambda and API Gateway do (docs/LOCAL.md): the
// timeout in Lambda time (CPU stretched by the memory's CPU share), the memory, the payload limits; a fresh
// instance after a timeout or a crash. Fixture routes, each its own function with its own limits.

const root = resolve(import.meta.dirname, '..', '..');
const handler = 'test/helpers/handlers/limits-handler.ts';
const route = (path: string, memoryMB: number, timeoutSeconds: number, method: Route['method'] = 'GET') =>
  ({ method, path, handler, auth: 'public', access: {}, limits: { memoryMB, timeoutSeconds } }) as Route;

const ROUTES = [
  route('/api/small', 256, 2),
  route('/api/full', 1769, 2),
  route('/api/sleepy', 1769, 1),
  route('/api/tiny', 128, 20), // long enough that memory, not time, is what it runs out of
  route('/api/upload', 1769, 5, 'POST'),
  { ...route('/api/broken', 1769, 5), handler: 'test/helpers/handlers/broken-handler.ts' },
];

const servers: Server[] = [];
const logs: string[] = [];
/** The gateway's log lines about one function error (they name Lambda's error type). */
const logged = (errorType: string) => logs.filter((l) => l.includes(errorType));
let base: string;
/** A gateway whose API Gateway integration timeout is 1 s, for the 504. */
let shortBase: string;

async function startGateway(routes: Route[], apiTimeoutSeconds?: number): Promise<string> {
  const server = createGateway({
    root,
    routes,
    apiTimeoutSeconds,
    verifier: { verify: async () => null },
    site: { serve: async (_req, res) => void res.writeHead(404).end() },
    siteConfig: {},
    log: (line) => logs.push(line),
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  base = await startGateway(ROUTES);
  shortBase = await startGateway([route('/api/slow', 1769, 5)], 1);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
});

interface Answer {
  status: number;
  body: {
    instance?: string;
    invocations?: number;
    completed?: number;
    held?: number;
    bodyBytes?: number;
    memoryLimitInMB?: string;
    remainingMs?: number;
    error?: { code: string; message: string };
  };
}

async function call(path: string, init?: RequestInit, at = base): Promise<Answer> {
  const res = await fetch(`${at}${path}`, init);
  const text = await res.text();
  expect(res.headers.get('content-type'), `${path}: ${text.slice(0, 200)}`).toMatch(/^application\/json/);
  return { status: res.status, body: JSON.parse(text) };
}

function expectError(answer: Answer, status: number, code: string) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(status);
  expect(answer.body.error?.code).toBe(code);
}

describe('the timeout, in Lambda time at the function’s CPU share', () => {
  test('400 ms of CPU: over 2 s at 256 MB (14.5% of a vCPU), 502; well within at 1,769 MB (a full vCPU), 200', async () => {
    // Warm both first: the import (Init) is not part of the invocation's timeout.
    expect((await call('/api/small')).status).toBe(200);
    expect((await call('/api/full')).status).toBe(200);
    expectError(await call('/api/small?burnMs=400'), 502, 'internal');
    expect(logged('Sandbox.Timedout').join('\n')).toMatch(
      /Sandbox.Timedout: Task timed out after 2.00 seconds/,
    );
    const full = await call('/api/full?burnMs=400');
    expect(full.status).toBe(200);
    expect(full.body.memoryLimitInMB).toBe('1769');
  });

  test('the context tells the truth: memory and remaining time come from the limits', async () => {
    const { body } = await call('/api/small');
    expect(body.memoryLimitInMB).toBe('256');
    expect(body.remainingMs).toBeGreaterThan(0);
    expect(body.remainingMs).toBeLessThanOrEqual(2000);
  });

  test('a handler sleeping past its timeout is 502, and the next request gets a fresh instance', async () => {
    const before = await call('/api/sleepy');
    expect(before.status).toBe(200);
    expectError(await call('/api/sleepy?sleepMs=1500'), 502, 'internal');
    const after = await call('/api/sleepy');
    expect(after.status).toBe(200);
    expect(after.body.instance).not.toBe(before.body.instance);
    expect(after.body.invocations).toBe(1);
  });

  test('past API Gateway’s integration timeout the client gets 504; the function itself goes on', async () => {
    const warm = await call('/api/slow', undefined, shortBase);
    expectError(await call('/api/slow?sleepMs=2000', undefined, shortBase), 504, 'internal');
    // The same instance finishes the slow invocation (its count goes on) instead of being terminated.
    const later = await eventually(
      'the slow invocation to complete',
      async () => {
        const { body } = await call('/api/slow', undefined, shortBase);
        return body.instance === warm.body.instance && (body.completed ?? 0) >= 3 ? body : null;
      },
      { ms: 20_000, everyMs: 200 },
    );
    expect(later.invocations).toBe(later.completed);
  });
});

describe('init', () => {
  test('a function whose Init throws is a 502, and every request tries a new Init', async () => {
    expectError(await call('/api/broken'), 502, 'internal');
    expectError(await call('/api/broken'), 502, 'internal');
    expect(logged('FIXTURE')).toHaveLength(2);
  });
});

describe('memory', () => {
  test('a function that outgrows its memory dies (502) and the next request starts a new instance', async () => {
    const before = await call('/api/tiny');
    expect((await call('/api/tiny?allocMB=8')).body.held).toBe(8); // control: a little is fine
    expectError(await call('/api/tiny?allocMB=400'), 502, 'internal');
    expect(logged('Runtime.OutOfMemory')).toHaveLength(1);
    const after = await call('/api/tiny');
    expect(after.status).toBe(200);
    expect(after.body.instance).not.toBe(before.body.instance);
  });
});

describe('payload limits, with the status codes of AWS', () => {
  const MB = 1024 * 1024;
  const post = (bytes: number, type = 'text/plain') =>
    call('/api/upload', {
      method: 'POST',
      headers: { 'content-type': type },
      body: Buffer.alloc(bytes, 'a'),
    });

  test('a request body over API Gateway’s 10 MB: 413', async () => {
    expectError(await post(10 * MB + 1), 413, 'too_large');
  });

  test('an event over Lambda’s 6 MB (the serialized event, base64 for binary bodies): 500', async () => {
    const control = await post(4 * MB);
    expect(control.status).toBe(200);
    expect(control.body.bodyBytes).toBe(4 * MB);
    expectError(await post(7 * MB), 500, 'internal');
    // 5 MB of binary is 6.7 MB of base64 in the event.
    expectError(await post(5 * MB, 'application/octet-stream'), 500, 'internal');
  });

  test('a response over Lambda’s 6 MB: 502', async () => {
    expect((await call('/api/full?responseMB=5')).status).toBe(200);
    expectError(await call('/api/full?responseMB=7'), 502, 'internal');
    expect(logged('Function.ResponseSizeTooLarge')).toHaveLength(1);
  });
});
