import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { cpuShare } from '#shared/platform.ts';

/**
 * How long work measured on this machine would take in Lambda at `memoryMB` (docs/LOCAL.md): the time spent
 * waiting for I/O is the same, the CPU time is stretched by the function's CPU share, and the time the thread
 * waited for a CPU of this (shared, loaded) machine does not count: in Lambda its share is its own.
 * (wall − waitForCpu − cpu) + cpu / share.
 */
export function awsElapsedMs(wallMs: number, cpuMs: number, memoryMB: number, waitForCpuMs = 0): number {
  return wallMs - waitForCpuMs + cpuMs * (1 / cpuShare(memoryMB) - 1);
}

/** A thread's CPU time and time spent runnable but waiting for a CPU, from Linux's schedstat (ns). */
export interface ThreadTimes {
  cpuMs: number;
  waitMs: number;
}

/** Reads /proc/…/task/<tid>/schedstat; null where there is none (not Linux). */
export function readSchedstat(path: string): ThreadTimes | null {
  try {
    const [cpu, wait] = readFileSync(path, 'utf8').split(' ').map(Number);
    if (!Number.isFinite(cpu) || !Number.isFinite(wait)) return null;
    return { cpuMs: (cpu as number) / 1e6, waitMs: (wait as number) / 1e6 };
  } catch {
    return null;
  }
}

export interface ContextOptions {
  memoryMB?: number;
  /** Milliseconds of the invocation so far, as Lambda would count them (default: wall clock). */
  elapsedMs?: () => number;
  requestId?: string;
}

/** The Lambda context a function gets in AWS; middy arms its timeout from getRemainingTimeInMillis. */
export function lambdaContext(
  functionName: string,
  timeoutMs: number,
  options: ContextOptions = {},
): Context {
  const started = Date.now();
  const elapsed = options.elapsedMs ?? (() => Date.now() - started);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(options.memoryMB ?? 512),
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, Math.floor(timeoutMs - elapsed())),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
