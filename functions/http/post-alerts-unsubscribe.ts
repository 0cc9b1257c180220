import { unsubscribeQuery, unsubscribeResponse } from '#shared/api/alert-schemas.ts';
import { httpHandler } from './lib/middleware.ts';
import { htmlForBrowsers, unsubscribe } from './lib/unsubscribe.ts';

/**
 * POST /api/alerts/unsubscribe?token=… — unsubscribes: RFC 8058 one-click (`List-Unsubscribe-Post`: mail
 * clients POST `List-Unsubscribe=One-Click` to the List-Unsubscribe URL) and the confirmation page's button.
 * The body is ignored. JSON, or the French result page for a browser.
 */
export const handler = htmlForBrowsers(
  httpHandler(
    'POST /api/alerts/unsubscribe',
    {
      query: unsubscribeQuery,
      response: unsubscribeResponse,
      summary: 'Unsubscribe: RFC 8058 one-click (List-Unsubscribe-Post) or the confirmation page',
    },
    ({ query }) => unsubscribe(query.token),
  ),
);
