import { httpHandler } from './middleware.ts';
import { unsubscribe, unsubscribeQuery } from './unsubscribe.ts';

/**
 * POST /api/alerts/unsubscribe?token=… — RFC 8058 one-click unsubscribe (`List-Unsubscribe-Post`): mail
 * clients POST `List-Unsubscribe=One-Click` to the List-Unsubscribe URL. The body is ignored.
 */
export const handler = httpHandler(
  'POST /api/alerts/unsubscribe',
  { query: unsubscribeQuery, summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post)' },
  ({ query }) => unsubscribe(query.token),
);
