import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { AWS_LIMITS, type FunctionLimits } from '#shared/platform.ts';
import { awsElapsedMs, readSchedstat, type ThreadTimes } from './lambda-context.ts';
import type { FromWorker, ToWorker, WorkerData } from './lambda-worker.ts';

/** One deployed function: its name (as in the context), handler file (relative to the root) and limits. */
export interface LocalFunction {
  readonly name: string;
  readonly handler: string;
  readonly limits: FunctionLimits;
}

/** What Lambda's Invoke answers: the function's JSON result, or a function error (X-Amz-Function-Error). */
export type InvokeResult =
  | { ok: true; payload: string }
  | { ok: false; errorType: string; errorMessage: string };

/** Lambda refused the invocation before running it (the event is over the payload limit): HTTP 413. */
export class RequestTooLargeError extends Error {
  override name = 'RequestTooLargeException';
}

interface InvokeOptions {
  /** The invocation's time so far as Lambda would count it (queue, init, invoke), on every poll. */
  onTick?: (awsMs: number) => void;
}

export interface LambdaService {
  invoke(fn: LocalFunction, event: string, options?: InvokeOptions): Promise<InvokeResult>;
  /** Terminates every instance. */
  stop(): Promise<void>;
}

/** Lambda's Init phase limit; past it, the init is run again inside the invocation, under its timeout. */
const INIT_LIMIT_MS = 10_000;
/** How often the CPU of a running instance is read. */
const POLL_MS = 20;
/** Instances of one function at once: Lambda would start more; this machine queues the rest (docs/LOCAL.md). */
const MAX_INSTANCES = 4;

interface Instance {
  worker: Worker;
  busy: boolean;
  /** The thread's CPU time so far and, on Linux, its time waiting for a CPU. */
  times(): Promise<ThreadTimes>;
  /** Settles with the worker's next `ready`/`init-error`/`result` message, or rejects when it dies. */
  next(): Promise<FromWorker>;
}

/**
 * The local Lambda service: each function runs in instances of its own, like Lambda execution environments.
 * An instance is a worker thread started on demand (cold start: the handler's import is its Init), with a heap
 * limit from the function's memory, reused by later invocations, one at a time. While an invocation runs its
 * CPU time is read, and the time it would take in Lambda, at the function's CPU share, is enforced as the
 * timeout: the instance is then terminated, and the next invocation starts a fresh one, as Lambda does.
 */
export function createLambdaService(opts: { root: string; maxInstances?: number }): LambdaService {
  const maxInstances = opts.maxInstances ?? MAX_INSTANCES;
  const pools = new Map<LocalFunction, Instance[]>();
  const waiting = new Map<LocalFunction, (() => void)[]>();
  let stopped = false;

  function spawn(fn: LocalFunction): Instance {
    const data: WorkerData = {
      file: join(opts.root, fn.handler),
      functionName: fn.name,
      memoryMB: fn.limits.memoryMB,
      timeoutMs: fn.limits.timeoutSeconds * 1000,
      payloadBytes: AWS_LIMITS.lambdaPayloadBytes,
    };
    const worker = new Worker(new URL('./lambda-worker.ts', import.meta.url), {
      workerData: data,
      // Functions read their configuration from the environment at first use, as in Lambda; tests set it in
      // this process (some after start), so the instances share it.
      env: SHARE_ENV,
      // The Lambda Node.js runtime sets V8's old space to 90% of the function's memory (its bootstrap script).
      resourceLimits: { maxOldGenerationSizeMb: Math.floor(fn.limits.memoryMB * 0.9) },
    });
    worker.unref();
    const queue: FromWorker[] = [];
    let pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | undefined;
    let died: Error | undefined;
    let schedstat: string | null = null;
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'log') {
        process[message.stream].write(message.text);
        return;
      }
      if (message.type === 'thread') {
        schedstat = message.schedstat;
        return;
      }
      if (pending) {
        pending.resolve(message);
        pending = undefined;
      } else queue.push(message);
    });
    const die = (error: Error) => {
      died ??= error;
      remove(fn, instance);
      pending?.reject(died);
      pending = undefined;
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`Runtime exited with error: exit status ${code}`)));
    const instance: Instance = {
      worker,
      busy: true,
      times: async () => {
        const stat = schedstat ? readSchedstat(schedstat) : null;
        if (stat) return stat;
        const { user, system } = await worker.cpuUsage();
        return { cpuMs: (user + system) / 1000, waitMs: 0 };
      },
      next: () => {
        const queued = queue.shift();
        if (queued) return Promise.resolve(queued);
        if (died) return Promise.reject(died);
        return new Promise((resolve, reject) => {
          pending = { resolve, reject };
        });
      },
    };
    return instance;
  }

  function remove(fn: LocalFunction, instance: Instance) {
    const pool = pools.get(fn) ?? [];
    if (pool.includes(instance))
      pools.set(
        fn,
        pool.filter((i) => i !== instance),
      );
    void instance.worker.terminate();
    release(fn);
  }

  function release(fn: LocalFunction) {
    waiting.get(fn)?.shift()?.();
  }

  async function acquire(
    fn: LocalFunction,
  ): Promise<{ instance: Instance; cold: boolean; spawnedAt?: number }> {
    for (;;) {
      if (stopped) throw new Error('The local Lambda service is stopped');
      const pool = pools.get(fn) ?? [];
      pools.set(fn, pool);
      const idle = pool.find((i) => !i.busy);
      if (idle) {
        idle.busy = true;
        return { instance: idle, cold: false };
      }
      if (pool.length < maxInstances) {
        const spawnedAt = performance.now();
        const instance = spawn(fn);
        pool.push(instance);
        return { instance, cold: true, spawnedAt };
      }
      await new Promise<void>((resolve) => waiting.set(fn, [...(waiting.get(fn) ?? []), resolve]));
    }
  }

  /**
   * Waits for `work` while measuring the instance in Lambda time; `limitMs` past, gives up. The result is
   * checked once more at the end, so that work finished between two polls is judged on its full time.
   */
  async function measure(
    instance: Instance,
    memoryMB: number,
    limitMs: number,
    start: () => void,
    tick: (ms: number) => void,
    fromStart?: number,
  ): Promise<{ message?: FromWorker; error?: Error; ms: number }> {
    const zero = { cpuMs: 0, waitMs: 0 };
    // A new thread's init is measured from its start; an invocation from its current times.
    const t0 = fromStart === undefined ? await instance.times().catch(() => zero) : zero;
    const wall0 = fromStart ?? performance.now();
    const elapsed = async () => {
      const t = await instance.times().catch(() => t0);
      return awsElapsedMs(performance.now() - wall0, t.cpuMs - t0.cpuMs, memoryMB, t.waitMs - t0.waitMs);
    };
    start();
    const work = instance.next();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (out: { message?: FromWorker; error?: Error; ms: number }) => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        resolve(out);
      };
      const timer = setInterval(async () => {
        const ms = await elapsed();
        if (settled) return;
        tick(ms);
        if (ms > limitMs) finish({ ms });
      }, POLL_MS);
      work.then(
        async (message) => {
          const ms = await elapsed();
          tick(ms);
          finish(ms > limitMs ? { ms } : { message, ms });
        },
        async (error: Error) => finish({ error, ms: await elapsed() }),
      );
    });
  }

  async function invoke(
    fn: LocalFunction,
    event: string,
    options: InvokeOptions = {},
  ): Promise<InvokeResult> {
    if (Buffer.byteLength(event) > AWS_LIMITS.lambdaPayloadBytes)
      throw new RequestTooLargeError(
        `Request must be smaller than ${AWS_LIMITS.lambdaPayloadBytes} bytes for the InvokeFunction operation`,
      );
    const started = performance.now();
    const tick = options.onTick ?? (() => {});
    const { instance, cold, spawnedAt } = await acquire(fn);
    const timeoutMs = fn.limits.timeoutSeconds * 1000;
    const { memoryMB } = fn.limits;
    let before = performance.now() - started; // queued for an instance
    let budget = timeoutMs;
    const failed = (errorType: string, errorMessage: string): InvokeResult => {
      remove(fn, instance);
      return { ok: false, errorType, errorMessage };
    };
    const timedOut = () =>
      failed('Sandbox.Timedout', `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    const crashed = (error: Error) =>
      (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? failed('Runtime.OutOfMemory', `Runtime exited with error: out of memory (${memoryMB} MB)`)
        : failed('Runtime.ExitError', error.message);

    if (cold) {
      const init = await measure(
        instance,
        memoryMB,
        INIT_LIMIT_MS + timeoutMs,
        () => {},
        (ms) => tick(before + ms),
        spawnedAt,
      );
      if (init.error) return crashed(init.error);
      if (!init.message) return timedOut();
      if (init.message.type === 'init-error')
        return failed(init.message.errorType, init.message.errorMessage);
      // An init over Lambda's 10 s is run again within the invocation: it counts against the timeout.
      if (init.ms > INIT_LIMIT_MS) budget -= init.ms;
      before += init.ms;
    }
    const message: ToWorker = { event, requestId: randomUUID() };
    const run = await measure(
      instance,
      memoryMB,
      budget,
      () => instance.worker.postMessage(message),
      (ms) => tick(before + ms),
    );
    if (run.error) return crashed(run.error);
    if (run.message?.type !== 'result') return timedOut();
    instance.busy = false;
    release(fn);
    const { type: _type, ...result } = run.message;
    return result;
  }

  return {
    invoke,
    stop: async () => {
      stopped = true;
      const all = [...pools.values()].flat();
      pools.clear();
      for (const resolve of [...waiting.values()].flat()) resolve();
      await Promise.all(all.map((i) => i.worker.terminate()));
    },
  };
}
