/**
 * The alert and digest emails (pure): French plain text + simple HTML, every interpolated value escaped.
 * Numbers and dates are written by email-format.ts; mime.ts turns the result into the message SES sends.
 */
import type { SavingsEstimate } from '../domain/savings.ts';
import {
  type Directions,
  formatAge,
  formatCents,
  formatEuros,
  formatOneDecimal,
  formatPrice,
  frenchDate,
  fuelLabel,
  osmCredit,
  type StationText,
  stationUrl,
} from './email-format.ts';
import { escapeHtml, footer, page, stationLinks } from './email-html.ts';
import type { EmailLine } from './match.ts';

export { type StationText, stationTexts } from './email-format.ts';
export { escapeHtml } from './email-html.ts';

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
  /** The station's title, then its address beneath. */
  station: string;
  address: string;
  details: string;
  url: string;
  directions: Directions | null;
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
      ? ` · à ${formatOneDecimal(line.distanceKm)} km de ${line.placeLabel ?? 'votre lieu'}`
      : '';
  return {
    title: `${fuelLabel(line.fuel)} — ${formatPrice(line.price)}${change}`,
    station: station?.title ?? `Station ${line.stationId}`,
    address: station?.address ?? '',
    details: `Prix mis à jour ${formatAge(line.updatedAt, nowMs)}${distance}`,
    url: stationUrl(siteUrl, line.stationId),
    directions: station?.directions ?? null,
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
  const firstStation = first ? input.stations.get(first.stationId) : undefined;
  // The driver's own name for the station says more than its town ("Chez maman").
  const where = firstStation?.ownName
    ? ` — ${firstStation.ownName}`
    : firstStation?.town
      ? ` à ${firstStation.town}`
      : '';
  const subject =
    lines.length === 1 && first
      ? `Alerte prix : ${fuelLabel(first.fuel)} à ${formatPrice(first.price)}${where}`
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
    ...texts.flatMap((t) => [
      t.title,
      `  ${t.station}`,
      ...(t.address ? [`  ${t.address}`] : []),
      `  ${t.details}`,
      `  ${t.url}`,
      ...(t.directions ? [`  Itinéraire : ${t.directions.google}`] : []),
      `  ${t.why}`,
      '',
    ]),
    ...(moreText ? [moreText, ''] : []),
    `Gérer mes alertes : ${manage}`,
    `Ne plus recevoir d’alertes prix : ${links.unsubscribeUrl}`,
    '',
    'Plein — les prix des carburants en France (données publiques prix-carburants.gouv.fr).',
    ...[osmCredit(input.stations)].filter((line) => line !== null),
  ].join('\n');

  const e = escapeHtml;
  const html = page(subject, [
    `<p>${e(hello)}</p>`,
    '<p>Vos alertes prix Plein ont trouvé :</p>',
    ...texts.map(
      (t) =>
        `<div style="margin:0 0 20px;padding:8px 12px;border-left:4px solid #0a7d32">` +
        `<p style="margin:0;font-weight:bold">${e(t.title)}</p>` +
        `<p style="margin:4px 0"><strong>${e(t.station)}</strong>` +
        (t.address ? `<br><span style="font-size:14px;color:#555">${e(t.address)}</span>` : '') +
        '</p>' +
        `<p style="margin:4px 0;color:#555">${e(t.details)}</p>` +
        `<p style="margin:4px 0;color:#555">${e(t.why)}</p>` +
        `<p style="margin:8px 0 0">${stationLinks(t.url, t.directions, t.station)}</p></div>`,
    ),
    moreText ? `<p>${e(moreText)}</p>` : '',
    footer(manage, links.unsubscribeUrl, 'Ne plus recevoir d’alertes prix', input.stations),
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
      ...(s.directions ? [`  Itinéraire : ${s.directions.google}`] : []),
      '',
    ]),
    `Gérer mes alertes et le résumé : ${manage}`,
    `Ne plus recevoir ce résumé : ${links.unsubscribeUrl}`,
    '',
    'Plein — les prix des carburants en France (données publiques prix-carburants.gouv.fr).',
    ...[osmCredit(input.stations)].filter((line) => line !== null),
  ].join('\n');
  const e = escapeHtml;
  const html = page(subject, [
    `<p>${e(hello)}</p>`,
    '<p>Le résumé de la semaine pour vos stations favorites :</p>',
    ...sections.map(
      (s) =>
        `<div style="margin:0 0 16px"><p style="margin:0;font-weight:bold">${e(s.title)}</p>` +
        s.lines.map((l) => `<p style="margin:4px 0">${e(l)}</p>`).join('') +
        (s.url ? `<p style="margin:8px 0 0">${stationLinks(s.url, s.directions, s.station)}</p>` : '') +
        '</div>',
    ),
    footer(manage, links.unsubscribeUrl, 'Ne plus recevoir ce résumé', input.stations),
  ]);
  return { subject, text, html };
}

function digestSection(
  f: DigestFuelSection,
  stations: ReadonlyMap<string, StationText>,
  nowMs: number,
  siteUrl: string,
): DigestSectionText {
  const lines: string[] = [];
  const st = f.cheapest ? stations.get(f.cheapest.stationId) : undefined;
  if (f.cheapest) {
    lines.push(
      `Le moins cher aujourd’hui : ${formatPrice(f.cheapest.price)}${st ? ` — ${st.title}` : ''} (mis à jour ${formatAge(f.cheapest.updatedAt, nowMs)})`,
      ...(st?.address ? [st.address] : []),
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
    station: st?.title ?? '',
    directions: st?.directions ?? null,
  };
}

interface DigestSectionText {
  title: string;
  lines: string[];
  url: string | null;
  /** The cheapest station's title, to name it in its links. */
  station: string;
  directions: Directions | null;
}
