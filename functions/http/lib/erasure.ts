import createError from 'http-errors';
import * as z from 'zod';
import { openTable, type Table } from '#shared/db/client.ts';
import { erasedAt, eraseUserData } from '#shared/db/users.ts';
import { readEnv } from '#shared/env.ts';
import { type Caller, sessionErased } from './caller.ts';

/**
 * Erasure is final (docs/ACCOUNTS.md): API Gateway accepts an access token until it expires, even after
 * DELETE /api/me removed its user, so the middleware asks here, on every authenticated request, whether the
 * caller's session predates an erasure of their account. Public routes never get here (their functions may
 * have no table); every authenticated route's function can read the table (infra/aws/api.ts).
 */
export interface ErasureGuard {
  /** Throws 401 `account_erased` when the caller's session was erased. */
  refuse(caller: Caller): Promise<void>;
  /**
   * After a write: if the account was erased meanwhile (a request in flight during DELETE /api/me), erases
   * what the write may have recreated, then throws 401 `account_erased`. With the erase's marker-then-erase
   * order, one of the two always sees the other (both read strongly consistently), so nothing survives.
   */
  undoIfErased(caller: Caller): Promise<void>;
}

let shared: { table: Table } | undefined;

/** Reads TABLE_NAME when the handler is created (cold start), so a function without it fails at once. */
export function erasureGuard(): ErasureGuard {
  shared ??= { table: openTable(readEnv({ TABLE_NAME: z.string().min(1) }).TABLE_NAME) };
  const { table } = shared;
  const erased = async (caller: Caller) => sessionErased(caller, await erasedAt(table, caller.sub));
  return {
    async refuse(caller) {
      if (await erased(caller)) throw accountErased();
    },
    async undoIfErased(caller) {
      if (!(await erased(caller))) return;
      await eraseUserData(table, caller.sub);
      throw accountErased();
    },
  };
}

function accountErased() {
  return createError(401, 'This account was erased: sign in with another account', {
    code: 'account_erased',
  });
}
