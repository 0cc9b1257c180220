/**
 * GET /api/stations/{id}/fill-days (issue 18 item 5, "Quand faire le plein ?"): per fuel, the weekday means
 * of the last weeks and their verdict, as shared/domain/fill-days.ts computes them (the one source of the shape).
 */
import type { FillDays } from '../domain/fill-days.ts';
import type { FuelCode } from '../domain/fuels.ts';
import type { FeedVersion } from './types.ts';

export type { FillDays, LastVariation, Weekday } from '../domain/fill-days.ts';

export type FillDaysFuel = { fuel: FuelCode } & FillDays;

export interface FillDaysResponse {
  version: FeedVersion;
  stationId: string;
  /** The window read: `windowDays` days back from the request time. */
  from: string;
  to: string;
  windowDays: number;
  /** One entry per fuel asked for, or per fuel the station sells today. */
  fuels: FillDaysFuel[];
}
