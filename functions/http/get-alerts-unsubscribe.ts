import { httpHandler } from './middleware.ts';
import { htmlForBrowsers, unsubscribe, unsubscribeQuery } from './unsubscribe.ts';

/**
 * GET /api/alerts/unsubscribe?token=… — the link in every alert and digest email: turns that user's alerts
 * (or digest) off without signing in. JSON, or a small page for a browser. 400 for a forged or expired token.
 */
export const handler = htmlForBrowsers(
  httpHandler(
    'GET /api/alerts/unsubscribe',
    { query: unsubscribeQuery, summary: 'One-click unsubscribe from alert or digest emails (signed token)' },
    ({ query }) => unsubscribe(query.token),
  ),
);
