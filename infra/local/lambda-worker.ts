/**
 * One Lambda instance (execution environment), run by lambda-service.ts in a worker thread: the handler module
 * is imported once (Init), then the instance runs one invocation at a time (Invoke), as in Lambda.
 */
import { readlinkSync } from 'node:fs';
import { threadCpuUsage } from 'node:process';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { awsElapsedMs, lambdaContext, readSchedstat, type ThreadTimes } from './lambda-context.ts';

export interface WorkerData {
  file: string;
  functionName: string;
  memoryMB: number;
  timeoutMs: number;
  payloadBytes: number;
}
export type FromWorker =
  | { type: 'log'; stream: 'stdout' | 'stderr'; text: string }
  /** This thread's schedstat file, for the main thread to read while the handler runs. */
  | { type: 'thread'; schedstat: string | null }
  | { type: 'ready' }
  | { type: 'init-error'; errorType: string; errorMessage: string }
  | { type: 'result'; ok: true; payload: string }
  | { type: 'result'; ok: false; errorType: string; errorMessage: string };
export interface ToWorker {
  event: string;
  requestId: string;
}

const port = parentPort;
if (!port) throw new Error('lambda-worker.ts runs in a worker thread');
const data = workerData as WorkerData;
const post = (message: FromWorker) => port.postMessage(message);

// Log lines travel on the same port as results, so the main thread writes them before it answers the request
// (the security test reads the logs of a request right after its response).
for (const name of ['stdout', 'stderr'] as const) {
  process[name].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    post({
      type: 'log',
      stream: name,
      text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(),
    });
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof process.stdout.write;
}

const schedstat = (() => {
  try {
    return `/proc/${readlinkSync('/proc/thread-self')}/schedstat`;
  } catch {
    return null;
  }
})();
post({ type: 'thread', schedstat: schedstat && readSchedstat(schedstat) ? schedstat : null });

const errorOf = (e: unknown) => ({
  errorType: e instanceof Error ? e.name : 'Error',
  errorMessage: e instanceof Error ? e.message : String(e),
});
const times = (): ThreadTimes => {
  const stat = schedstat ? readSchedstat(schedstat) : null;
  if (stat) return stat;
  const { user, system } = threadCpuUsage();
  return { cpuMs: (user + system) / 1000, waitMs: 0 };
};

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let handler: Handler;
try {
  ({ handler } = (await import(pathToFileURL(data.file).href)) as { handler: Handler });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'init-error', ...errorOf(error) });
}

port.on('message', async ({ event, requestId }: ToWorker) => {
  const wall0 = performance.now();
  const t0 = times();
  const context = lambdaContext(data.functionName, data.timeoutMs, {
    memoryMB: data.memoryMB,
    requestId,
    // The same clock the main thread enforces the timeout with.
    elapsedMs: () => {
      const t = times();
      return awsElapsedMs(performance.now() - wall0, t.cpuMs - t0.cpuMs, data.memoryMB, t.waitMs - t0.waitMs);
    },
  });
  try {
    const payload = JSON.stringify((await handler(JSON.parse(event), context)) ?? null);
    if (Buffer.byteLength(payload) > data.payloadBytes)
      post({
        type: 'result',
        ok: false,
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size exceeded maximum allowed payload size (${data.payloadBytes} bytes).`,
      });
    else post({ type: 'result', ok: true, payload });
  } catch (error) {
    post({ type: 'result', ok: false, ...errorOf(error) });
  }
});
