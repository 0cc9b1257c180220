/**
 * The alert and digest emails (pure): French plain text + simple HTML (every interpolated value escaped),
 * and the raw MIME message SES sends (SendRawEmail: the only way to set List-Unsubscribe headers).
 */
import { randomBytes } from 'node:crypto';
import { findFuel } from '../domain/fuels.ts';
import type { SavingsEstimate } from '../domain/savings.ts';
import type { Mailer } from './mailer.ts';
import type { EmailLine } from './match.ts';

export interface StationText {
  address: string;
  cp: string;
  town: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface Links {
  /** Site origin, no trailing slash: https://d123.cloudfront.net or http://localhost:3000. */
  siteUrl: string;
  /** The one-click unsubscribe URL (signed token inside). */
  unsubscribeUrl: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const euros3 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const euros2 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1.659 → "1,659 €/L". */
export const formatPrice = (p: number) => `${euros3.format(p)} €/L`;
/** 0.04 → "4,0 c€". */
export const formatCents = (euros: number) => `${oneDecimal.format(Math.abs(euros) * 100)} c€`;
export const formatEuros = (e: number) => `${euros2.format(e)} €`;
export const fuelLabel = (code: string) => findFuel(code)?.label ?? code;

/** "il y a 35 min", "il y a 2 h", "il y a 3 j"; "date inconnue" for an unreadable date. */
export function formatAge(updatedAt: string, nowMs: number): string {
  const at = Date.parse(updatedAt);
  if (Number.isNaN(at)) return 'date inconnue';
  const minutes = Math.max(0, Math.round((nowMs - at) / 60_000));
  if (minutes < 60) return `il y a ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `il y a ${hours} h`;
  return `il y a ${Math.round(hours / 24)} j`;
}

export function stationUrl(siteUrl: string, stationId: string): string {
  return `${siteUrl}/station/?id=${encodeURIComponent(stationId)}`;
}

function reasonText(line: EmailLine): string {
  const parts = line.reasons.map((r) => {
    if (r.kind === 'drop') {
      const drop = `le moins cher a baissé de ${formatCents(r.drop ?? 0)} (seuil ${r.dropCents} c€)`;
      return r.maxPrice !== null ? `${drop} et est sous ${formatPrice(r.maxPrice)}` : drop;
    }
    return `prix sous votre seuil de ${formatPrice(r.maxPrice ?? 0)}`;
  });
  return [...new Set(parts)].join(' ; ');
}

interface LineText {
  title: string;
  place: string;
  details: string;
  url: string;
  why: string;
}

function lineText(
  line: EmailLine,
  station: StationText | undefined,
  nowMs: number,
  siteUrl: string,
): LineText {
  const change =
    line.previous !== null
      ? ` (avant ${formatPrice(line.previous)}, −${formatCents(line.previous - line.price)})`
      : '';
  const distance =
    line.distanceKm !== null
      ? ` · à ${oneDecimal.format(line.distanceKm)} km de ${line.placeLabel ?? 'votre lieu'}`
      : '';
  return {
    title: `${fuelLabel(line.fuel)} — ${formatPrice(line.price)}${change}`,
    place: station ? `${station.address}, ${station.cp} ${station.town}`.trim() : `Station ${line.stationId}`,
    details: `Prix mis à jour ${formatAge(line.updatedAt, nowMs)}${distance}`,
    url: stationUrl(siteUrl, line.stationId),
    why: `Pourquoi : ${reasonText(line)}`,
  };
}

export interface AlertEmailInput {
  displayName: string;
  lines: readonly EmailLine[];
  more: number;
  stations: ReadonlyMap<string, StationText>;
  now: Date;
  links: Links;
}

export function renderAlertEmail(input: AlertEmailInput): RenderedEmail {
  const { lines, links } = input;
  const nowMs = input.now.getTime();
  const first = lines[0];
  const firstTown = first ? input.stations.get(first.stationId)?.town : undefined;
  const subject =
    lines.length === 1 && first
      ? `Alerte prix : ${fuelLabel(first.fuel)} à ${formatPrice(first.price)}${firstTown ? ` à ${firstTown}` : ''}`
      : `Alerte prix : ${lines.length + input.more} stations moins chères`;
  const hello = input.displayName ? `Bonjour ${input.displayName},` : 'Bonjour,';
  const texts = lines.map((l) => lineText(l, input.stations.get(l.stationId), nowMs, links.siteUrl));
  const moreText =
    input.more > 0
      ? `… et ${input.more} autre${input.more > 1 ? 's' : ''} station${input.more > 1 ? 's' : ''}.`
      : '';
  const manage = `${links.siteUrl}/profil/`;

  const text = [
    hello,
    '',
    'Vos alertes prix Plein ont trouvé :',
    '',
    ...texts.flatMap((t) => [t.title, `  ${t.place}`, `  ${t.details}`, `  ${t.url}`, `  ${t.why}`, '']),
    ...(moreText ? [moreText, ''] : []),
    `Gérer mes alertes : ${manage}`,
    `Ne plus recevoir d’alertes prix : ${links.unsubscribeUrl}`,
    '',
    'Plein — les prix des carburants en France (données publiques prix-carburants.gouv.fr).',
  ].join('\n');

  const e = escapeHtml;
  const html = page(subject, [
    `<p>${e(hello)}</p>`,
    '<p>Vos alertes prix Plein ont trouvé :</p>',
    ...texts.map(
      (t) =>
        `<div style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #0a7d32">` +
        `<p style="margin:0;font-weight:bold">${e(t.title)}</p>` +
        `<p style="margin:4px 0">${e(t.place)}</p>` +
        `<p style="margin:4px 0;color:#555">${e(t.details)}</p>` +
        `<p style="margin:4px 0;color:#555">${e(t.why)}</p>` +
        `<p style="margin:4px 0"><a href="${e(t.url)}">Voir la station</a></p></div>`,
    ),
    moreText ? `<p>${e(moreText)}</p>` : '',
    footer(manage, links.unsubscribeUrl, 'Ne plus recevoir d’alertes prix'),
  ]);
  return { subject, text, html };
}

// ─── The weekly digest ──────────────────────────────────────────────────────────────────────────────────

export interface DigestFuelSection {
  fuel: string;
  /** The cheapest usable favourite now. */
  cheapest: { stationId: string; price: number; updatedAt: string } | null;
  /** Lowest favourite price in effect during the last 7 days, and during the 7 days before. */
  weekLow: number | null;
  previousWeekLow: number | null;
  savings: SavingsEstimate | null;
}

export interface DigestEmailInput {
  displayName: string;
  /** Paris date of the Monday the digest is for (YYYY-MM-DD). */
  week: string;
  fuels: readonly DigestFuelSection[];
  stations: ReadonlyMap<string, StationText>;
  now: Date;
  links: Links;
}

export function renderDigestEmail(input: DigestEmailInput): RenderedEmail {
  const { links } = input;
  const nowMs = input.now.getTime();
  const subject = `Votre semaine carburant Plein (${frenchDate(input.week)})`;
  const hello = input.displayName ? `Bonjour ${input.displayName},` : 'Bonjour,';
  const sections = input.fuels.map((f) => digestSection(f, input.stations, nowMs, links.siteUrl));
  const manage = `${links.siteUrl}/profil/`;
  const text = [
    hello,
    '',
    'Le résumé de la semaine pour vos stations favorites :',
    '',
    ...sections.flatMap((s) => [
      s.title,
      ...s.lines.map((l) => `  ${l}`),
      ...(s.url ? [`  ${s.url}`] : []),
      '',
    ]),
    `Gérer mes alertes et le résumé : ${manage}`,
    `Ne plus recevoir ce résumé : ${links.unsubscribeUrl}`,
    '',
    'Plein — les prix des carburants en France (données publiques prix-carburants.gouv.fr).',
  ].join('\n');
  const e = escapeHtml;
  const html = page(subject, [
    `<p>${e(hello)}</p>`,
    '<p>Le résumé de la semaine pour vos stations favorites :</p>',
    ...sections.map(
      (s) =>
        `<div style="margin:0 0 16px"><p style="margin:0;font-weight:bold">${e(s.title)}</p>` +
        s.lines.map((l) => `<p style="margin:4px 0">${e(l)}</p>`).join('') +
        (s.url ? `<p style="margin:4px 0"><a href="${e(s.url)}">Voir la station</a></p>` : '') +
        '</div>',
    ),
    footer(manage, links.unsubscribeUrl, 'Ne plus recevoir ce résumé'),
  ]);
  return { subject, text, html };
}

function digestSection(
  f: DigestFuelSection,
  stations: ReadonlyMap<string, StationText>,
  nowMs: number,
  siteUrl: string,
): { title: string; lines: string[]; url: string | null } {
  const lines: string[] = [];
  if (f.cheapest) {
    const st = stations.get(f.cheapest.stationId);
    lines.push(
      `Le moins cher aujourd’hui : ${formatPrice(f.cheapest.price)}${st ? ` — ${st.address}, ${st.cp} ${st.town}` : ''} (mis à jour ${formatAge(f.cheapest.updatedAt, nowMs)})`,
    );
  } else lines.push('Aucun prix récent parmi vos favoris.');
  if (f.weekLow !== null) {
    let trend = '';
    if (f.previousWeekLow !== null) {
      const d = Math.round((f.weekLow - f.previousWeekLow) * 1000) / 1000;
      trend =
        d === 0
          ? ' — stable par rapport à la semaine précédente'
          : ` — ${d < 0 ? 'en baisse' : 'en hausse'} de ${formatCents(d)} par rapport à la semaine précédente (${formatPrice(f.previousWeekLow)})`;
    }
    lines.push(`Plus bas de la semaine : ${formatPrice(f.weekLow)}${trend}`);
  }
  if (f.savings) {
    const s = f.savings;
    const base =
      s.baseline.kind === 'dept-median'
        ? `la médiane du département ${s.baseline.dept}`
        : 'la médiane de vos favoris';
    lines.push(
      s.perLitre > 0
        ? `Économie estimée par rapport à ${base} : ${formatEuros(s.perFill)} par plein, ${formatEuros(s.perYear)} par an`
        : `Votre station la moins chère est au niveau de ${base} ou au-dessus.`,
    );
  }
  return {
    title: fuelLabel(f.fuel),
    lines,
    url: f.cheapest ? stationUrl(siteUrl, f.cheapest.stationId) : null,
  };
}

function frenchDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function footer(manage: string, unsubscribe: string, unsubscribeLabel: string): string {
  const e = escapeHtml;
  return (
    '<hr style="border:0;border-top:1px solid #ddd">' +
    `<p style="color:#555;font-size:13px"><a href="${e(manage)}">Gérer mes alertes</a> · ` +
    `<a href="${e(unsubscribe)}">${e(unsubscribeLabel)}</a></p>` +
    '<p style="color:#555;font-size:13px">Plein — les prix des carburants en France (données publiques prix-carburants.gouv.fr).</p>'
  );
}

function page(title: string, body: string[]): string {
  return (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)}</title></head>` +
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#111;max-width:600px">' +
    body.filter(Boolean).join('') +
    '</body></html>'
  );
}

// ─── MIME ───────────────────────────────────────────────────────────────────────────────────────────────

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
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** Builds the message with the one-click unsubscribe headers and sends it: how alerts and digests go out. */
export async function sendWithUnsubscribe(
  mailer: Mailer,
  input: Omit<MimeInput, 'headers'> & { unsubscribeUrl: string },
): Promise<void> {
  const { unsubscribeUrl, ...mime } = input;
  await mailer.send(buildMime({ ...mime, headers: unsubscribeHeaders(unsubscribeUrl) }), mime.to);
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
