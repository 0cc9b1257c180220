import { vapidKeys } from '#shared/alerts/vapid.ts';
import { pushKeyResponse } from '#shared/api/push-schemas.ts';
import type { PushKeyResponse } from '#shared/api/push-types.ts';
import { PUSH_KEY_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

let publicKey: Promise<string> | undefined;

/** Read once per instance (created on the very first use); a failed read is retried by the next request. */
function applicationServerKey(): Promise<string> {
  publicKey ??= vapidKeys(table).then(
    (k) => k.publicKey,
    (error) => {
      publicKey = undefined;
      throw error;
    },
  );
  return publicKey;
}

/**
 * GET /api/push/key — the deployment's VAPID public key (issue 19, docs/ALERTS.md), the browser's
 * `applicationServerKey`. The private half never leaves the backend.
 */
export const handler = httpHandler(
  'GET /api/push/key',
  {
    response: pushKeyResponse,
    summary: 'The Web Push application server key (VAPID public key) of this deployment',
    cache: PUSH_KEY_CACHE,
  },
  async () => ({ publicKey: await applicationServerKey() }) satisfies PushKeyResponse,
);
