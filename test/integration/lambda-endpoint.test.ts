import { resolve } from 'node:path';
import {
  InvokeCommand,
  LambdaClient,
  RequestTooLargeException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LambdaEndpoint, startLambdaEndpoint } from '#infra/local/lambda-endpoint.ts';

const root = resolve(import.meta.dirname, '..', '..');
const handler = 'test/helpers/handlers/echo-handler.ts';
let endpoint: LambdaEndpoint;
let lambda: LambdaClient;

beforeAll(async () => {
  endpoint = await startLambdaEndpoint({
    root,
    functions: {
      echo: { handler, limits: { memoryMB: 1024, timeoutSeconds: 10 } },
      hasty: { handler, limits: { memoryMB: 1769, timeoutSeconds: 1 } },
    },
    port: 0,
    log: () => {},
  });
  lambda = new LambdaClient({
    endpoint: endpoint.url,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
});
afterAll(() => endpoint?.stop());

const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

test('RequestResponse returns the handler result through the real SDK, with the function’s memory', async () => {
  const res = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: payload({ n: 1 }) }));
  expect(res.StatusCode).toBe(200);
  expect(decode(res.Payload)).toEqual({ event: { n: 1 }, remaining: true, memoryLimitInMB: '1024' });
});

test('a failing handler is reported as a function error, like Lambda', async () => {
  const res = await lambda.send(
    new InvokeCommand({ FunctionName: 'echo', Payload: payload({ fail: true }) }),
  );
  expect(res.FunctionError).toBe('Unhandled');
  expect(decode(res.Payload)).toMatchObject({ errorMessage: 'asked to fail' });
});

test('Event invocations are accepted at once and run in the background, in the function’s instance', async () => {
  const res = await lambda.send(
    new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: payload({ n: 'async' }) }),
  );
  expect(res.StatusCode).toBe(202);
  await endpoint.idle();
  const seen = await lambda.send(
    new InvokeCommand({ FunctionName: 'echo', Payload: payload({ calls: true }) }),
  );
  expect(decode(seen.Payload).calls).toContainEqual({ n: 'async' });
});

test('past its timeout the invocation is a Sandbox.Timedout function error', async () => {
  const res = await lambda.send(
    new InvokeCommand({ FunctionName: 'hasty', Payload: payload({ sleepMs: 1500 }) }),
  );
  expect(res.FunctionError).toBe('Unhandled');
  expect(decode(res.Payload)).toMatchObject({
    errorType: 'Sandbox.Timedout',
    errorMessage: 'Task timed out after 1.00 seconds',
  });
});

test('payloads over 6 MB: the request is refused (413), the response is a function error', async () => {
  const big = payload({ pad: 'x'.repeat(6 * 1024 * 1024) });
  await expect(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: big }))).rejects.toBeInstanceOf(
    RequestTooLargeException,
  );
  const res = await lambda.send(
    new InvokeCommand({ FunctionName: 'echo', Payload: payload({ responseMB: 7 }) }),
  );
  expect(res.FunctionError).toBe('Unhandled');
  expect(decode(res.Payload)).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
});

test('an unknown function is a ResourceNotFoundException', async () => {
  await expect(lambda.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
});
