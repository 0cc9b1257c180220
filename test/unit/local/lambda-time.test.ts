import { expect, test } from 'vitest';
import { awsElapsedMs, lambdaContext } from '#infra/local/lambda-context.ts';

// The clock the local runtime enforces Lambda timeouts with (docs/LOCAL.md): waiting takes as long as here,
// CPU work as long divided by the function's CPU share (memory / 1,769 MB, at most one vCPU), and the
// time spent waiting for a CPU of this machine not at all.
test('Lambda time: CPU stretched by the memory’s CPU share, waiting unchanged', () => {
  expect(awsElapsedMs(1000, 0, 256)).toBe(1000); // all waiting
  expect(awsElapsedMs(400, 400, 1769)).toBe(400); // a full vCPU
  expect(awsElapsedMs(400, 400, 4096)).toBe(400); // single-threaded work gets one vCPU at most
  expect(awsElapsedMs(400, 400, 256)).toBeCloseTo((400 * 1769) / 256, 6); // 2,764 ms
  expect(awsElapsedMs(1000, 400, 1024)).toBeCloseTo(600 + (400 * 1769) / 1024, 6);
  // Time spent waiting for a CPU of this machine (others' load) is not the function's.
  expect(awsElapsedMs(3000, 400, 1769, 2600)).toBe(400);
});

test('the context counts remaining time on that clock and reports the function’s memory', () => {
  let elapsed = 0;
  const context = lambdaContext('f', 2000, { memoryMB: 256, elapsedMs: () => elapsed });
  expect(context.memoryLimitInMB).toBe('256');
  expect(context.getRemainingTimeInMillis()).toBe(2000);
  elapsed = 1500.4;
  expect(context.getRemainingTimeInMillis()).toBe(499);
  elapsed = 2500;
  expect(context.getRemainingTimeInMillis()).toBe(0);
});
