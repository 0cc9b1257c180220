import { parisDay } from '../domain/time.ts';
import { BACKFILL, INVOKABLE_FUNCTIONS } from '../platform.ts';

/** The state that runs one year: the local stand-in (infra/local/step-functions.ts) overrides it by name. */
export const BACKFILL_TASK_STATE = 'Backfill year';
/** The state that records a year the function could not record itself (timeout, crash). */
export const RECORD_FAILURE_STATE = 'Record failure';

/** Lambda's own transient errors: retried with backoff; a failed run of the year is not (it would fail again). */
const LAMBDA_TRANSIENT = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** A Task state invoking the backfill function with `payload` (the Lambda optimized integration). */
function invoke(functionArn: string, payload: Record<string, string>, next: string | null) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: functionArn, Payload: payload },
    // The function's own timeout bounds it; a little over it so that Lambda's timeout error is what we see.
    TimeoutSeconds: INVOKABLE_FUNCTIONS.backfill.limits.timeoutSeconds + 60,
    Retry: [
      {
        ErrorEquals: LAMBDA_TRANSIENT,
        IntervalSeconds: 2,
        MaxAttempts: 3,
        BackoffRate: 2,
        JitterStrategy: 'FULL',
      },
    ],
    ResultSelector: {
      'year.$': '$.Payload.year',
      'outcome.$': '$.Payload.outcome',
      'stations.$': '$.Payload.stations',
      'changes.$': '$.Payload.changes',
      'bytesWritten.$': '$.Payload.bytesWritten',
    },
    ...(next ? { Next: next } : { End: true }),
  };
}

/**
 * THE backfill state machine (issue 18, docs/HISTORY.md), as Amazon States Language: CDK deploys it
 * (infra/aws/backfill.ts) and the local stand-in runs it, so both run the same definition. Input
 * `{ years: number[] }`; one function run per year, `BACKFILL.stateMachine.maxConcurrency` at a time. A year
 * that fails is recorded and the next one runs: the output lists each year's outcome
 * (`{ results: [{ year, outcome, … }] }`, outcome 'written', 'unchanged' or 'failed' with its error).
 */
export function backfillDefinition(functionArn: string) {
  const failed = {
    Type: 'Pass',
    Parameters: {
      'year.$': '$.year',
      outcome: 'failed',
      'error.$': '$.error.Error',
      'cause.$': '$.error.Cause',
    },
    End: true,
  };
  return {
    Comment: 'Plein: backfill the price history from the yearly archives, one year per function run',
    StartAt: 'Years',
    States: {
      Years: {
        Type: 'Map',
        ItemsPath: '$.years',
        ItemSelector: { 'year.$': '$$.Map.Item.Value' },
        MaxConcurrency: BACKFILL.stateMachine.maxConcurrency,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: BACKFILL_TASK_STATE,
          States: {
            [BACKFILL_TASK_STATE]: {
              ...invoke(functionArn, { 'year.$': '$.year' }, null),
              // Any failure of the year (its run already recorded it, unless Lambda timed out or crashed).
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: RECORD_FAILURE_STATE }],
            },
            [RECORD_FAILURE_STATE]: {
              ...invoke(
                functionArn,
                { 'year.$': '$.year', 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' },
                null,
              ),
              ResultSelector: {
                'year.$': '$.Payload.year',
                'outcome.$': '$.Payload.outcome',
                'error.$': '$.Payload.error',
              },
              // Recording is best effort: the execution's output still says the year failed and why.
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.recordError', Next: 'Failed' }],
            },
            Failed: failed,
          },
        },
        ResultPath: '$.results',
        End: true,
      },
    },
  };
}

/** The current year in Paris: the newest archive there is (the next year's is empty). */
export function parisYear(now: Date = new Date()): number {
  return Number(parisDay(now).slice(0, 4));
}

/** `from`..`to` inclusive: the state machine's input `years`. */
export function yearRange(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
