import { unsubscribeConfirmation, unsubscribeQuery } from '#shared/api/alert-schemas.ts';
import { httpHandler } from './lib/middleware.ts';
import { confirmUnsubscribe, htmlForBrowsers } from './lib/unsubscribe.ts';

/**
 * GET /api/alerts/unsubscribe?token=… — the link in every alert and digest email. Changes nothing (mail
 * scanners and prefetchers GET links): a browser gets a French confirmation page whose button POSTs the
 * same URL. 400 for a forged or expired token.
 */
export const handler = htmlForBrowsers(
  httpHandler(
    'GET /api/alerts/unsubscribe',
    {
      query: unsubscribeQuery,
      response: unsubscribeConfirmation,
      summary: 'What an unsubscribe link turns off (confirm with POST); changes nothing',
    },
    ({ query }) => confirmUnsubscribe(query.token),
  ),
);
