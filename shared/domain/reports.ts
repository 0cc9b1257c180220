import * as z from 'zod';
import { FUEL_CODES, type FuelCode } from './fuels.ts';
import { distanceKm, isFarFromDept, isInFrenchArea } from './geo.ts';
import type { NameOverride } from './names.ts';
import { cleanText } from './profile.ts';
import { REPORT_KINDS, REPORT_LIMITS, type ReportKind, type ReportStatus } from './report-rules.ts';
import { parisDay, parisInstant } from './time.ts';

/**
 * "Signaler une erreur" (issue 16, docs/ADMIN.md, docs/ACCOUNTS.md): a signed-in driver reports a wrong
 * name, brand or position, a closed station or a wrong price; an admin accepts or rejects each report.
 * An accepted name, brand or position becomes a `NameOverride` (it wins over OpenStreetMap at every ingest);
 * closed and price reports only record the decision: the feed is the station's own declaration, and only
 * the station can correct its prices, on the government site.
 */

const L = REPORT_LIMITS;
const text = cleanText(L.name.min, L.name.max);
const comment = cleanText(0, L.comment.max).optional();
const degrees = (max: number) =>
  z.number({ error: 'Expected a number of degrees' }).finite().min(-max).max(max);

/** POST /api/stations/{id}/reports: one shape per kind; unknown fields are refused. */
export const reportBodySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('name'), name: text, comment }),
    z.strictObject({ kind: z.literal('brand'), brand: text, comment }),
    z
      .strictObject({ kind: z.literal('position'), lat: degrees(90), lon: degrees(180), comment })
      .refine((p) => isInFrenchArea(p.lat, p.lon), {
        message: 'The position is outside France',
        path: ['lat'],
      }),
    z.strictObject({ kind: z.literal('closed'), comment }),
    z.strictObject({ kind: z.literal('price'), fuel: z.enum(FUEL_CODES).optional(), comment }),
  ],
  { error: `Expected kind ${REPORT_KINDS.join(', ')}` },
);
export type ReportBody = z.output<typeof reportBodySchema>;

/** What a report proposes, without its kind (the fields of its body). */
export interface ReportProposal {
  name?: string;
  brand?: string;
  lat?: number;
  lon?: number;
  fuel?: FuelCode;
}

export interface Report {
  id: string;
  stationId: string;
  kind: ReportKind;
  proposal: ReportProposal;
  comment: string | null;
  status: ReportStatus;
  createdAt: string;
  /** The reporter's Cognito sub; null once their account was erased (the report stays, anonymised). */
  reporter: string | null;
  decidedAt: string | null;
  /** The admin who decided (their sub), and their note. */
  decidedBy: string | null;
  note: string | null;
}

export function proposalOf(body: ReportBody): ReportProposal {
  const { kind: _kind, comment: _comment, ...rest } = body;
  return rest;
}

/** Where the station is, as the position check needs it. */
export interface StationPlace {
  lat: number | null;
  lon: number | null;
  dept: string;
  flags: readonly string[];
}

/**
 * Why a proposed position is refused, or null. Near where the station is now, unless its coordinates are
 * missing or flagged by the feed reader (then they may be anywhere): near its département then.
 */
export function positionProblem(station: StationPlace, lat: number, lon: number): string | null {
  const trusted =
    station.lat !== null && station.lon !== null && !station.flags.some((f) => f.startsWith('coords-'));
  if (trusted) {
    const km = distanceKm(station.lat as number, station.lon as number, lat, lon);
    return km > L.maxMoveKm ? `The position is more than ${L.maxMoveKm} km from the station` : null;
  }
  return station.dept && isFarFromDept(station.dept, lat, lon)
    ? `The position is far from the station's département (${station.dept})`
    : null;
}

/**
 * The override an accepted report writes (null for closed and price: the decision only), on top of the
 * station's existing override so that accepting a brand keeps an accepted name.
 */
export function overrideFrom(
  report: Pick<Report, 'id' | 'stationId' | 'kind' | 'proposal'>,
  existing: NameOverride | undefined,
  acceptedAt: string,
): NameOverride | null {
  const base = { ...existing, stationId: report.stationId, reportId: report.id, acceptedAt };
  const p = report.proposal;
  if (report.kind === 'name' && p.name) return { ...base, name: p.name };
  if (report.kind === 'brand' && p.brand) return { ...base, brand: p.brand };
  if (report.kind === 'position' && p.lat !== undefined && p.lon !== undefined)
    return { ...base, lat: p.lat, lon: p.lon };
  return null;
}

/** The Paris day a report counts against, and the seconds until the next one starts (Retry-After). */
export function reportDay(now: Date): { day: string; retryAfterSeconds: number } {
  const day = parisDay(now);
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000);
  const midnight = parisInstant(parisDay(next), 0, 0);
  return { day, retryAfterSeconds: Math.max(1, Math.ceil((midnight.getTime() - now.getTime()) / 1000)) };
}
