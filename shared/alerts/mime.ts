/**
 * The raw MIME message SES sends (SendRawEmail: the only way to set the List-Unsubscribe headers), and the
 * send that every alert and digest goes through.
 */
import { randomBytes } from 'node:crypto';
import type { RenderedEmail } from './email.ts';
import type { Mailer } from './mailer.ts';

export interface MimeInput {
  /** `Plein <alertes@plein.example>` or a bare address. */
  from: string;
  to: string;
  email: RenderedEmail;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  date?: Date;
}

const HEADER_UNSAFE = /[\r\n\0]/;

/** The headers of one-click unsubscribe (RFC 8058) that every Plein email carries. */
function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Builds the message from the run's sender with the one-click unsubscribe headers and sends it: how alerts
 * and digests go out.
 */
export async function sendWithUnsubscribe(
  sender: { mailer: Mailer; from: string },
  input: Omit<MimeInput, 'headers' | 'from'> & { unsubscribeUrl: string },
): Promise<void> {
  const { unsubscribeUrl, ...mime } = input;
  const message = buildMime({ ...mime, from: sender.from, headers: unsubscribeHeaders(unsubscribeUrl) });
  await sender.mailer.send(message, mime.to);
}

/**
 * A multipart/alternative message (text, then HTML), UTF-8, base64 bodies, RFC 2047 subject. Refuses any
 * header value with a line break (header injection).
 */
export function buildMime(input: MimeInput): string {
  const extra = Object.entries(input.headers ?? {});
  const raw: [string, string][] = [
    ['From', input.from],
    ['To', input.to],
    ['Subject', input.email.subject],
    ...extra,
  ];
  for (const [name, value] of raw) {
    if (HEADER_UNSAFE.test(value) || HEADER_UNSAFE.test(name))
      throw new Error(`Unsafe value in header ${name}`);
  }
  const boundary = `=_plein_${randomBytes(12).toString('hex')}`;
  const headers: [string, string][] = [
    ['From', input.from],
    ['To', input.to],
    ['Subject', encodeWord(input.email.subject)],
    ['Date', (input.date ?? new Date()).toUTCString().replace('GMT', '+0000')],
    ['MIME-Version', '1.0'],
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
    ['Auto-Submitted', 'auto-generated'],
    ...extra,
  ];
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(body),
    ].join('\r\n');
  return [
    ...headers.map(([n, v]) => `${n}: ${v}`),
    '',
    part('text/plain', input.email.text),
    part('text/html', input.email.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

function base64Lines(text: string): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  return b64.match(/.{1,76}/g)?.join('\r\n') ?? '';
}

/** RFC 2047 encoded words (base64), split on character boundaries so each stays under 75 bytes. */
export function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}
