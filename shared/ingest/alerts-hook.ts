import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { type AlertsInvocation, type PriceChangeRecord, putRunChanges } from '../alerts/changes.ts';
import type { PriceChange, StationIndex } from './diff.ts';
import type { AlertsTarget } from './types.ts';

/**
 * The ingest's only tie to the price alerts (issue 8, docs/ALERTS.md): after a run published, write its
 * changed prices (with the previous price of each) as `changes/<runId>.json.gz` in the data bucket and invoke
 * the alerts function asynchronously with that key. Nothing happens when no alerts function is configured
 * (no `alerts` in the ingest's deps: ALERTS_FUNCTION_NAME unset in the Lambda) or when there is no previous run to compare with (first run, unreadable
 * index: every price would look new). Never throws: a failure is returned as a warning for the run record.
 */
export interface AlertsHookInput {
  runId: string;
  snapshotKey: string;
  publishedAt: string;
  feedTime: string | null;
  history: readonly PriceChange[];
  previous: StationIndex | null;
}

export type AlertsHookOutcome =
  | { status: 'invoked'; changesKey: string; changes: number }
  | { status: 'skipped'; reason: 'not-configured' | 'no-previous-run' | 'no-changes' }
  | { status: 'failed'; warning: string };

/** The target for a configured function name, undefined when there is none (alerts off). */
export function alertsTarget(functionName: string | undefined): AlertsTarget | undefined {
  return functionName ? { functionName, lambda: new LambdaClient({ maxAttempts: 3 }) } : undefined;
}

export async function notifyAlerts(
  deps: { s3: S3Client; dataBucket: string; alerts?: AlertsTarget },
  input: AlertsHookInput,
): Promise<AlertsHookOutcome> {
  if (!deps.alerts) return { status: 'skipped', reason: 'not-configured' };
  if (!input.previous) return { status: 'skipped', reason: 'no-previous-run' };
  if (input.history.length === 0) return { status: 'skipped', reason: 'no-changes' };
  try {
    const changes: PriceChangeRecord[] = input.history.map((h) => ({
      s: h.stationId,
      f: h.fuel,
      p: h.price,
      at: h.updatedAt,
      prev: previousPrice(input.previous, h.stationId, h.fuel),
    }));
    const changesKey = await putRunChanges(deps.s3, deps.dataBucket, {
      runId: input.runId,
      snapshotKey: input.snapshotKey,
      publishedAt: input.publishedAt,
      feedTime: input.feedTime,
      changes,
    });
    const event: AlertsInvocation = { runId: input.runId, changesKey };
    await deps.alerts.lambda.send(
      new InvokeCommand({
        FunctionName: deps.alerts.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
    return { status: 'invoked', changesKey, changes: changes.length };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: 'failed', warning: `price alerts not notified: ${message}` };
  }
}

/** The previous run's price from its index entry (`price@date` per fuel); null when the fuel is new. */
function previousPrice(index: StationIndex | null, stationId: string, fuel: string): number | null {
  const sig = index?.[stationId]?.p[fuel];
  if (!sig) return null;
  const price = Number(sig.slice(0, sig.indexOf('@')));
  return Number.isFinite(price) ? price : null;
}
