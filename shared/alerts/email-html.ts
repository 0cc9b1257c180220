/** The HTML around the alert and digest emails (pure): escaping, the page, the links, the footer. */
import { NAMES } from '../platform.ts';
import { type Directions, OSM_COPYRIGHT, osmCredit, type StationText } from './email-format.ts';

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

/** Big enough to tap on a phone (44 px high), and a plain link in mail clients that drop the styles. */
const BUTTON =
  'display:inline-block;margin:0 8px 8px 0;padding:11px 14px;border-radius:6px;background:#0a7d32;color:#fff;font-weight:bold;text-decoration:none';
const SECONDARY =
  'display:inline-block;margin:0 8px 8px 0;padding:10px 13px;border-radius:6px;border:1px solid #0a7d32;color:#0a7d32;text-decoration:none';

/** "Voir la station", then directions with Google Maps and Waze; each link's title names the station. */
export function stationLinks(url: string, directions: Directions | null, station: string): string {
  const e = escapeHtml;
  const of = station ? ` : ${station}` : '';
  return (
    `<a href="${e(url)}" style="${BUTTON}" title="${e(`Voir la station${of}`)}">Voir la station</a>` +
    (directions
      ? `<a href="${e(directions.google)}" style="${SECONDARY}" title="${e(`Itinéraire avec Google Maps${of}`)}">Itinéraire Google&nbsp;Maps</a>` +
        `<a href="${e(directions.waze)}" style="${SECONDARY}" title="${e(`Itinéraire avec Waze${of}`)}">Waze</a>`
      : '')
  );
}

export function footer(
  manage: string,
  unsubscribe: string,
  unsubscribeLabel: string,
  stations: ReadonlyMap<string, StationText>,
): string {
  const e = escapeHtml;
  const credit = osmCredit(stations)
    ? `<p style="color:#555;font-size:14px">Noms et marques des stations : <a href="${OSM_COPYRIGHT}">${e(NAMES.credit)}</a>.</p>`
    : '';
  return (
    '<hr style="border:0;border-top:1px solid #ddd">' +
    `<p style="color:#555;font-size:14px"><a href="${e(manage)}">Gérer mes alertes</a> · ` +
    `<a href="${e(unsubscribe)}">${e(unsubscribeLabel)}</a></p>` +
    '<p style="color:#555;font-size:14px">Plein — les prix des carburants en France (données publiques prix-carburants.gouv.fr).</p>' +
    credit
  );
}

export function page(title: string, body: string[]): string {
  return (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
    // Without it a phone lays the email out 980 px wide and shrinks the text (issue 17).
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title></head>` +
    '<body style="margin:0;padding:0;background:#fff">' +
    '<div style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.45;color:#111;' +
    'max-width:600px;margin:0 auto;padding:16px;overflow-wrap:break-word;word-wrap:break-word">' +
    body.filter(Boolean).join('') +
    '</div></body></html>'
  );
}
