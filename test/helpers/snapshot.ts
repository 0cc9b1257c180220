import { gzipSync } from 'node:zlib';
import type { FeedVersion, Snapshot } from '#shared/domain/snapshot.ts';
import type { DayHours, OpeningHours, Station } from '#shared/domain/station.ts';
import { buildParts, type PartsLayout } from '#shared/snapshot/parts.ts';
import { makeStation, price } from './station.ts';

/** The feed time of the fixtures: Monday 2025-07-28 15:00 in Paris. Tests run "now" a little after it. */
const FEED_TIME = '2025-07-28T15:00:04+02:00';
export const NOW = Date.parse('2025-07-28T15:30:00+02:00');
const fresh = '2025-07-28T09:00:00+02:00';
const old = '2025-07-20T09:00:00+02:00';

export function version(runId: string): FeedVersion {
  return { runId, feedHash: `hash-${runId}`, feedTime: FEED_TIME, publishedAt: '2025-07-28T13:10:00.000Z' };
}

const everyDay = (open: string, close: string): OpeningHours => ({
  automat24: false,
  days: ([1, 2, 3, 4, 5, 6, 7] as DayHours['day'][]).map((day) => ({
    day,
    closed: false,
    ranges: [{ open, close }],
  })),
});

/** Lyon, Place Bellecour. */
export const CENTRE = { lat: 45.7578, lon: 4.832 };

/**
 * Eight stations within ~3 km of Place Bellecour, one 30 km away, one without coordinates. Gazole prices
 * are chosen so that price order differs from distance order; the nearest one has no Gazole at all.
 */
export const STATIONS: Station[] = [
  makeStation('69000001', {
    lat: 45.758,
    lon: 4.8325,
    cp: '69002',
    dept: '69',
    town: 'Lyon',
    address: 'Place Bellecour',
    prices: [price('SP98', 1.95, fresh)],
    hours: everyDay('07:00', '21:00'),
  }),
  makeStation('69000002', {
    lat: 45.765,
    lon: 4.835,
    cp: '69001',
    dept: '69',
    town: 'Lyon',
    address: '10 Quai Saint-Vincent',
    prices: [price('Gazole', 1.699, fresh), price('E10', 1.759, fresh)],
    hours: everyDay('07:00', '21:00'),
  }),
  makeStation('69000003', {
    lat: 45.75,
    lon: 4.845,
    cp: '69007',
    dept: '69',
    town: 'Lyon',
    address: 'Avenue Jean Jaurès',
    prices: [price('Gazole', 1.649, fresh)],
    outOfStock: [{ fuel: 'Gazole', fuelId: 1, type: 'temporaire', since: fresh, until: null }],
    hours: null,
  }),
  makeStation('69000004', {
    lat: 45.77,
    lon: 4.86,
    cp: '69006',
    dept: '69',
    town: 'Lyon',
    address: 'Cours Vitton',
    prices: [price('Gazole', 1.729, old)],
    hours: { automat24: true, days: [] },
  }),
  makeStation('69000005', {
    lat: 45.74,
    lon: 4.82,
    cp: '69007',
    dept: '69',
    town: 'Lyon',
    address: 'Rue de Gerland',
    prices: [price('Gazole', 0.001, fresh, true)],
    hours: everyDay('07:00', '12:00'),
    flags: ['price-outlier'],
  }),
  makeStation('69000006', {
    lat: 45.78,
    lon: 4.84,
    cp: '69004',
    dept: '69',
    town: 'Lyon',
    address: 'Boulevard de la Croix-Rousse',
    road: 'A',
    prices: [price('Gazole', 1.799, fresh)],
    hours: everyDay('00:00', '23:59'),
  }),
  makeStation('69000007', {
    lat: 45.76,
    lon: 4.8,
    cp: '69005',
    dept: '69',
    town: 'Lyon',
    address: 'Montée de Choulans',
    prices: [price('Gazole', 1.699, fresh)],
    hours: everyDay('06:00', '22:00'),
  }),
  makeStation('69000008', {
    lat: 45.745,
    lon: 4.85,
    cp: '69007',
    dept: '69',
    town: 'Lyon',
    address: 'Rue de Marseille',
    prices: [price('Gazole', 1.759, fresh)],
    hours: everyDay('06:00', '22:00'),
    flags: ['coords-far-from-postcode'],
  }),
  makeStation('38000001', {
    lat: 45.52,
    lon: 5.0,
    cp: '38300',
    dept: '38',
    town: 'Bourgoin-Jallieu',
    address: 'Route de Lyon',
    prices: [price('Gazole', 1.6, fresh)],
  }),
  makeStation('75000001', {
    lat: null,
    lon: null,
    cp: '75001',
    dept: '75',
    town: 'Paris',
    address: '1 rue de Rivoli',
    prices: [price('Gazole', 1.85, fresh)],
    flags: ['coords-missing'],
  }),
];

export function snapshotOf(runId: string, stations: Station[] = STATIONS): Snapshot {
  return { version: version(runId), stations };
}

function gzipped(snapshot: Snapshot): Uint8Array {
  return new Uint8Array(gzipSync(JSON.stringify(snapshot)));
}

/**
 * What the ingest publishes for a snapshot: the pointer fields of its parts layout, and every object by key
 * (the full snapshot and its pre-built parts), as S3 would return them.
 */
export function publishedObjects(snapshot: Snapshot): {
  parts: PartsLayout;
  objects: Map<string, Uint8Array>;
} {
  const { layout, parts } = buildParts(snapshot.version, snapshot.stations);
  const objects = new Map(parts.map((p) => [p.key, p.body]));
  objects.set(`snapshot/${snapshot.version.runId}.json.gz`, gzipped(snapshot));
  return { parts: layout, objects };
}
