import { createECDH, createPublicKey, type ECDH, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

/**
 * A Web Push service on loopback (issue 19, docs/LOCAL.md "The push service"), the stand-in for FCM, Mozilla
 * autopush or Apple's: what aws-ses-v2-local is to SES. It plays both ends a browser and its push service
 * play, so tests check a delivered payload end to end:
 *
 * - `POST /subscriptions` — a new subscription, as `pushManager.subscribe` makes one: a P-256 key pair and a
 *   16-byte auth secret whose private parts stay here. Body `{ applicationServerKey? }` restricts it to that
 *   VAPID key (RFC 8292 §3.2). Answers `{ endpoint, keys: { p256dh, auth } }`, `PushSubscription.toJSON()`.
 * - `POST /push/<id>` — RFC 8030 §5: `TTL` required (400), `Content-Encoding: aes128gcm` (RFC 8291; 415
 *   otherwise), `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292): an ES256 JWT signed by k, `aud` = this
 *   origin, `exp` in the future and within 24 h (401 otherwise), k = the subscription's key if restricted
 *   (403). The body is decrypted with the subscription's keys (400 if that fails) and stored; 201 with a
 *   `Location`. An unknown id is 404, a removed one 410 (the statuses a sender must unsubscribe on).
 * - `GET /store?since=<epoch seconds>` — the decrypted messages; `POST /clear-store` empties it;
 *   `DELETE /subscriptions/<id>` removes one (410 afterwards), as a user revoking the permission would.
 *
 * Decryption is the `http_ece` package (the one web-push encrypts with, used here the other way): not our own
 * RFC 8188 code. Everything is in memory: a restart forgets subscriptions (their pushes then answer 404).
 */
export interface PushService {
  url: string;
  stop(): Promise<void>;
}

export interface StoredPush {
  subscriptionId: string;
  /** The decrypted payload, as text. */
  payload: string;
  headers: { ttl: number; urgency: string | null; topic: string | null; contentEncoding: string };
  /** The JWT's claims (aud, exp, sub), checked, and the application server key `k` it was signed with. */
  vapid: { aud: string; exp: number; sub: string | null; k: string };
  at: number;
}

interface Subscription {
  ecdh: ECDH;
  auth: Buffer;
  applicationServerKey: string | null;
  gone: boolean;
}

/** RFC 8292 §2: "exp" no more than 24 hours after the request. */
const MAX_EXP_SECONDS = 24 * 60 * 60;
const MAX_BODY = 8 * 1024;

export async function startPushService(port = 0): Promise<PushService> {
  const subscriptions = new Map<string, Subscription>();
  let store: StoredPush[] = [];
  let origin = '';

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'internal' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const body = await readBody(req);
    if (body === null) return send(res, 413, { error: 'payload too large' });
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'POST' && url.pathname === '/subscriptions') {
      const asked = body.length ? (JSON.parse(body.toString()) as { applicationServerKey?: string }) : {};
      const id = randomUUID();
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(id, {
        ecdh,
        auth,
        applicationServerKey: asked.applicationServerKey ?? null,
        gone: false,
      });
      return send(res, 201, {
        endpoint: `${origin}/push/${id}`,
        expirationTime: null,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      });
    }
    if (req.method === 'DELETE' && parts[0] === 'subscriptions' && parts.length === 2) {
      const s = subscriptions.get(parts[1] ?? '');
      if (!s) return send(res, 404, { error: 'no such subscription' });
      s.gone = true;
      return send(res, 204);
    }
    if (req.method === 'POST' && parts[0] === 'push' && parts.length === 2) {
      const id = parts[1] ?? '';
      const s = subscriptions.get(id);
      if (!s) return send(res, 404, { error: 'no such subscription' });
      if (s.gone) return send(res, 410, { error: 'subscription expired or unsubscribed' });
      const ttl = req.headers.ttl;
      if (typeof ttl !== 'string' || !/^\d+$/.test(ttl))
        return send(res, 400, { error: 'TTL header required' });
      const encoding = req.headers['content-encoding'];
      if (encoding !== 'aes128gcm') return send(res, 415, { error: 'Content-Encoding must be aes128gcm' });
      const vapid = checkVapid(req.headers.authorization, origin, Date.now());
      if ('error' in vapid) return send(res, 401, { error: vapid.error });
      if (s.applicationServerKey !== null && s.applicationServerKey !== vapid.k)
        return send(res, 403, { error: 'not the application server key of this subscription' });
      let payload: string;
      try {
        payload = ece
          .decrypt(body, {
            version: 'aes128gcm',
            privateKey: s.ecdh,
            authSecret: s.auth.toString('base64url'),
          })
          .toString('utf8');
      } catch {
        return send(res, 400, { error: 'the body does not decrypt with this subscription’s keys' });
      }
      const messageId = randomUUID();
      store.push({
        subscriptionId: id,
        payload,
        headers: {
          ttl: Number(ttl),
          urgency: header(req, 'urgency'),
          topic: header(req, 'topic'),
          contentEncoding: encoding,
        },
        vapid: { ...vapid.claims, k: vapid.k },
        at: Date.now(),
      });
      res.setHeader('Location', `${origin}/messages/${messageId}`);
      return send(res, 201);
    }
    if (req.method === 'GET' && url.pathname === '/store') {
      const since = Number(url.searchParams.get('since') ?? 0) * 1000;
      return send(res, 200, { messages: store.filter((m) => m.at >= since) });
    }
    if (req.method === 'POST' && url.pathname === '/clear-store') {
      store = [];
      return send(res, 200, { cleared: true });
    }
    return send(res, 404, { error: 'not found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * RFC 8292 §3: `vapid t=<JWT>, k=<public key>`. The JWT must be ES256, signed by k (a P-256 point), with `aud`
 * this push service's origin and an `exp` in the future, at most 24 h away.
 */
export function checkVapid(
  authorization: string | undefined,
  audience: string,
  nowMs: number,
): { k: string; claims: Omit<StoredPush['vapid'], 'k'> } | { error: string } {
  const params = /^vapid\s+(.+)$/i.exec(authorization ?? '')?.[1];
  if (!params) return { error: 'Authorization: vapid t=…, k=… required' };
  const fields = new Map(
    params.split(',').map((p) => {
      const [name, ...value] = p.trim().split('=');
      return [name?.toLowerCase(), value.join('=')] as const;
    }),
  );
  const t = fields.get('t');
  const k = fields.get('k');
  if (!t || !k) return { error: 'vapid: t and k required' };
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return { error: 'vapid: k is not a P-256 public key' };
  const [h, p, sig] = t.split('.');
  if (!h || !p || !sig) return { error: 'vapid: t is not a JWT' };
  let header: { alg?: unknown };
  let claims: { aud?: unknown; exp?: unknown; sub?: unknown };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString());
    claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  } catch {
    return { error: 'vapid: t is not a JWT' };
  }
  if (header.alg !== 'ES256') return { error: 'vapid: the JWT must be ES256' };
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig, 'base64url'),
  );
  if (!signed) return { error: 'vapid: bad JWT signature' };
  if (claims.aud !== audience) return { error: `vapid: aud must be ${audience}` };
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { error: 'vapid: JWT expired' };
  if (claims.exp > now + MAX_EXP_SECONDS) return { error: 'vapid: exp more than 24 hours ahead' };
  return {
    k,
    claims: { aud: claims.aud, exp: claims.exp, sub: typeof claims.sub === 'string' ? claims.sub : null },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
