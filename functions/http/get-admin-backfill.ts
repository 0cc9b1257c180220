import { backfillYearRow, runningExecution } from '#shared/admin/backfill.ts';
import { adminBackfillResponse } from '#shared/api/admin-schemas.ts';
import { listBackfillRuns } from '#shared/db/backfill-runs.ts';
import { parisYear, yearRange } from '#shared/history/state-machine.ts';
import { readPointer } from '#shared/history/store.ts';
import { BACKFILL } from '#shared/platform.ts';
import { sfn, stateMachineArn } from './lib/backfill.ts';
import { historyStore } from './lib/history.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/** GET /api/admin/backfill — each year's last run and committed pointer, and the running execution. Admins only. */
export const handler = httpHandler(
  'GET /api/admin/backfill',
  {
    response: adminBackfillResponse,
    summary: 'The history backfill: each year, and the running execution (admin)',
  },
  async () => {
    const years = yearRange(BACKFILL.firstYear, parisYear());
    const [runs, pointers, running] = await Promise.all([
      listBackfillRuns(table),
      Promise.all(years.map((y) => readPointer(historyStore, y))),
      runningExecution(sfn, stateMachineArn),
    ]);
    const byYear = new Map(runs.map((r) => [r.year, r]));
    return {
      years: years.map((y, i) => backfillYearRow(y, byYear.get(y), pointers[i] ?? null)),
      running,
    };
  },
);
