import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  BACKFILL_TASK_STATE,
  backfillDefinition,
  RECORD_FAILURE_STATE,
  yearRange,
} from '#shared/history/state-machine.ts';

/** What the Lambda integration answers: the function's result under Payload. */
const answer = (payload: object) => ({ StatusCode: 200, Payload: payload });

function run(
  task: (event: { year: number }) => object,
  record: (event: { year: number; error: string; cause: string }) => object,
  years: number[],
) {
  const machine = new StateMachine(backfillDefinition('plein-backfill') as never);
  const calls: unknown[] = [];
  const execution = machine.run({ years } as never, {
    overrides: {
      taskResourceLocalHandlers: {
        [BACKFILL_TASK_STATE]: (input: unknown) => {
          const { Payload } = input as { Payload: { year: number } };
          calls.push(Payload);
          return answer(task(Payload)) as never;
        },
        [RECORD_FAILURE_STATE]: (input: unknown) => {
          const { Payload } = input as { Payload: { year: number; error: string; cause: string } };
          calls.push(Payload);
          return answer(record(Payload)) as never;
        },
      },
    },
  });
  return { result: execution.result as Promise<{ results: unknown[] }>, calls };
}

describe('the backfill state machine (shared/history/state-machine.ts)', () => {
  it('runs each year, records a failed one and goes on to the next', async () => {
    const { result, calls } = run(
      ({ year }) => {
        if (year === 2008)
          throw Object.assign(new Error('{"errorType":"FeedError","errorMessage":"HTML"}'), {
            name: 'FeedError',
          });
        return { year, outcome: 'written', stations: 2, changes: 10, bytesWritten: 99, extra: 'dropped' };
      },
      ({ year, error }) => ({ year, outcome: 'failed', error: { code: error, message: 'HTML' } }),
      [2007, 2008, 2009],
    );
    expect((await result).results).toEqual([
      { year: 2007, outcome: 'written', stations: 2, changes: 10, bytesWritten: 99 },
      { year: 2008, outcome: 'failed', error: { code: 'FeedError', message: 'HTML' } },
      { year: 2009, outcome: 'written', stations: 2, changes: 10, bytesWritten: 99 },
    ]);
    // One year at a time, in order; the failure is recorded with Lambda's error and cause.
    expect(calls).toEqual([
      { year: 2007 },
      { year: 2008 },
      { year: 2008, error: 'FeedError', cause: '{"errorType":"FeedError","errorMessage":"HTML"}' },
      { year: 2009 },
    ]);
  });

  it('still lists a year whose failure could not be recorded', async () => {
    const { result } = run(() => {
      throw Object.assign(new Error('timed out'), { name: 'Sandbox.Timedout' });
    }, () => {
      throw new Error('table unreachable');
    }, [2010]);
    expect((await result).results).toEqual([
      { year: 2010, outcome: 'failed', error: 'Sandbox.Timedout', cause: 'timed out' },
    ]);
  });

  it('retries only Lambda service errors, with backoff, within a timeout over the function’s', () => {
    const task = backfillDefinition('fn').States.Years.ItemProcessor.States[BACKFILL_TASK_STATE];
    expect(task.Retry).toHaveLength(1);
    expect(task.Retry[0]?.ErrorEquals.every((e) => e.startsWith('Lambda.'))).toBe(true);
    expect(task.Retry[0]?.BackoffRate).toBeGreaterThan(1);
    expect(task.TimeoutSeconds).toBeGreaterThan(900);
  });

  it('lists the years of a range', () => {
    expect(yearRange(2007, 2009)).toEqual([2007, 2008, 2009]);
    expect(yearRange(2010, 2009)).toEqual([]);
  });
});
