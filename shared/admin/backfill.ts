import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { AdminBackfillExecution, AdminBackfillYear } from '../api/admin-types.ts';
import type { BackfillRun } from '../db/backfill-runs.ts';
import type { YearPointer } from '../history/types.ts';

/** The execution running now, with the years it was started with; null when none runs. */
export async function runningExecution(
  sfn: SFNClient,
  stateMachineArn: string,
): Promise<AdminBackfillExecution | null> {
  const list = await sfn.send(
    new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }),
  );
  const first = list.executions?.[0];
  if (!first?.executionArn) return null;
  const d = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
  return {
    executionArn: first.executionArn,
    status: d.status ?? 'RUNNING',
    startDate: (d.startDate ?? new Date()).toISOString(),
    stopDate: d.stopDate?.toISOString() ?? null,
    years: yearsOf(d.input),
  };
}

/** Starts the state machine over `years` (`{ years }`, shared/history/state-machine.ts). */
export async function startBackfill(
  sfn: SFNClient,
  stateMachineArn: string,
  years: number[],
): Promise<AdminBackfillExecution> {
  const res = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ years }) }),
  );
  return {
    executionArn: res.executionArn ?? '',
    status: 'RUNNING',
    startDate: (res.startDate ?? new Date()).toISOString(),
    stopDate: null,
    years,
  };
}

function yearsOf(input: string | undefined): number[] | null {
  try {
    const years = (JSON.parse(input ?? '') as { years?: unknown }).years;
    return Array.isArray(years) && years.every(Number.isInteger) ? (years as number[]) : null;
  } catch {
    return null;
  }
}

/** One year's row of the console: its last run (BACKFILL item) and what is committed (its pointer). */
export function backfillYearRow(
  year: number,
  run: BackfillRun | undefined,
  pointer: YearPointer | null,
): AdminBackfillYear {
  return {
    year,
    run: run
      ? {
          status: run.status,
          outcome: run.outcome ?? null,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt ?? null,
          sourceBytes: run.sourceBytes ?? null,
          stations: run.stations ?? null,
          changes: run.changes ?? null,
          bytesWritten: run.bytesWritten ?? null,
          error: run.error ?? null,
        }
      : null,
    committed: pointer
      ? {
          generation: pointer.generation,
          sourceSha256: pointer.sourceSha256,
          stations: pointer.stations,
          changes: pointer.changes,
          committedAt: pointer.committedAt,
        }
      : null,
  };
}
