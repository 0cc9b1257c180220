/**
 * The kinds, statuses and limits of reports ("Signaler une erreur", issue 16), apart from their zod
 * schemas (reports.ts): the site's report form imports these, and zod in a page's bundle trips the site's
 * CSP (zod probes for eval).
 */

export const REPORT_KINDS = ['name', 'brand', 'position', 'closed', 'price'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * The product limits of reports. Per Paris day: enough for a driver who checks the stations of their
 * area, too few to flood the queue; the per-address cap covers several accounts behind one connection
 * (a household, an office, a café's wifi) and stops one person with many accounts.
 */
export const REPORT_LIMITS = {
  perUserPerDay: 10,
  perIpPerDay: 30,
  name: { min: 1, max: 80 },
  comment: { max: 500 },
  adminNote: { max: 500 },
  /** A proposed position at most this far from where the station is now. */
  maxMoveKm: 5,
} as const;

/**
 * Only the station can correct its prices (it declares them itself); the government site's FAQ sends
 * drivers to its contact form ("module de courrier", passed on to the DGCCRF) from its home page.
 */
export const OFFICIAL_PRICE_CONTACT = 'https://www.prix-carburants.gouv.fr/';
