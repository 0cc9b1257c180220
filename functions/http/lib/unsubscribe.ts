import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import createError from 'http-errors';
import { escapeHtml } from '#shared/alerts/email.ts';
import { type UnsubscribeClaim, verifyToken } from '#shared/alerts/token.ts';
import type { UnsubscribeConfirmation, UnsubscribeResponse } from '#shared/api/alert-types.ts';
import { alertsSecret, disableAlertEmails, disableDigest } from '#shared/db/alert-settings.ts';
import { table } from './table.ts';

const WHAT = {
  alerts: 'les alertes prix Plein',
  digest: 'le résumé hebdomadaire Plein',
} as const;

const DONE = {
  alerts:
    'C’est fait : vous ne recevrez plus d’alertes prix Plein. Vous pouvez les réactiver depuis votre profil.',
  digest:
    'C’est fait : vous ne recevrez plus le résumé hebdomadaire Plein. Vous pouvez le réactiver depuis votre profil.',
} as const;

const INVALID =
  'Ce lien de désabonnement est invalide ou a expiré. Vous pouvez gérer vos alertes depuis votre profil Plein.';

let secret: Uint8Array | null = null;

/** The token's claim when its signature and expiry hold; else a 400 naming `token`. Changes nothing. */
async function checkToken(token: string): Promise<UnsubscribeClaim> {
  secret ??= await alertsSecret(table, { create: false });
  const verdict = secret ? verifyToken(secret, token, new Date()) : null;
  if (!verdict?.ok)
    throw createError(400, 'Invalid or expired unsubscribe link', { code: 'invalid', field: 'token' });
  return verdict.claim;
}

/** GET: says what the link would turn off, and changes nothing (scanners and prefetchers GET links). */
export async function confirmUnsubscribe(token: string): Promise<UnsubscribeConfirmation> {
  const { purpose } = await checkToken(token);
  return {
    purpose,
    confirmWith: 'POST',
    message: `Voulez-vous ne plus recevoir ${WHAT[purpose]} ? Confirmez avec le bouton ci-dessous.`,
  };
}

/**
 * POST: checks the token (signature, expiry) and turns off what it names for its user. No sign-in: the
 * signature is the authorization. A forged, altered or expired token is a 400 and changes nothing. Idempotent.
 */
export async function unsubscribe(token: string): Promise<UnsubscribeResponse> {
  const { sub, purpose } = await checkToken(token);
  if (purpose === 'alerts') await disableAlertEmails(table, sub);
  else await disableDigest(table, sub);
  return { unsubscribed: purpose, message: DONE[purpose] };
}

type Handler = ((event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>) & {
  schemas?: unknown;
};

/**
 * A click in an email opens the link in a browser: answer it with a small French page instead of JSON when
 * the request prefers HTML — for GET a confirmation whose button POSTs the same URL (a plain form: no script,
 * so it fits any CSP with `form-action 'self'`), for POST the result. The JSON answer (and its status) stay
 * what the API sends to any other client.
 */
export function htmlForBrowsers<H extends Handler>(inner: H): H {
  const wrapped = async (event: APIGatewayProxyEvent, context: Context) => {
    const res = await inner(event, context);
    const accept = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'accept')?.[1] ?? '';
    if (!accept.includes('text/html') || res.statusCode >= 500) return res;
    let body: Partial<UnsubscribeResponse & UnsubscribeConfirmation> = {};
    try {
      body = res.statusCode === 200 ? JSON.parse(res.body) : {};
    } catch {}
    const token = event.queryStringParameters?.token ?? '';
    const e = escapeHtml;
    const main =
      body.confirmWith === 'POST'
        ? `<p>${e(body.message ?? '')}</p>` +
          `<form method="post" action="?token=${e(encodeURIComponent(token))}">` +
          '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
          '<button type="submit">Me désabonner</button></form>'
        : `<p>${e(body.unsubscribed ? (body.message ?? '') : INVALID)}</p>`;
    return {
      ...res,
      headers: {
        ...res.headers,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      },
      body:
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
        '<meta name="robots" content="noindex"><title>Plein — désabonnement</title></head>' +
        '<body style="font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">' +
        `<h1>Plein</h1>${main}<p><a href="/profil/">Mon profil</a></p></body></html>`,
    };
  };
  return Object.assign(wrapped, { schemas: inner.schemas }) as unknown as H;
}
