import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { FuelCode } from '#shared/domain/fuels.ts';
import type { Station } from '#shared/domain/station.ts';
import { PLAUSIBLE_PRICE } from '#shared/domain/stats.ts';
import { readFeed } from '#shared/feed/index.ts';
import type { PointFlag } from '#shared/history/types.ts';
import { FEEDS, feedXml, latin1 } from './ingest/feeds.ts';

/**
 * A file in the shape of the official yearly archive (`/opendata/annee/2023`, ../shared/archives/README.md and
 * schema.xsd), built from the two real consecutive snapshots of 22 and 23 November 2023: one `<pdv>` per station
 * of the second snapshot (its attributes, address, town, hours and services as they are), then every distinct
 * `<prix>` of both snapshots in time order. Prices dated before 2023 play the "last price before the year".
 *
 * The expected changes are computed from the two snapshots as the feed reader yields them (what the stations
 * said), never from shared/history: the test checks that path against this.
 */

export interface ExpectedPoint {
  /** Paris ISO with offset, as the feed reader writes a `maj`. */
  at: string;
  price: number;
  flag?: PointFlag;
}

interface YearlyOptions {
  /** Pre-2015 shape: prices in millièmes (`valeur="1785"`) and a space between date and time. */
  legacy?: boolean;
  /** An empty `<prix/>` in the first station (closed stations in old files): no change. */
  emptyPrice?: boolean;
  /** A `<fermeture>` in the first station: no change. */
  closure?: boolean;
  /** Typos: one out-of-range value (flagged outlier) and one change undone within minutes (flagged reverted). */
  typos?: boolean;
}

export interface YearlyFile {
  /** The ZIP on disk (one entry `PrixCarburants_annuel_2023.xml`, ISO-8859-1), in its own temp dir. */
  file: string;
  dir: string;
  bytes: Uint8Array;
  year: 2023;
  /** Every change per station (of the second snapshot) and fuel, oldest first, pre-year points included. */
  expected: Map<string, Map<FuelCode, ExpectedPoint[]>>;
  /** Where the typos went (with `typos`). */
  typos: {
    outlier: { station: string; fuel: FuelCode };
    reverted: { station: string; fuel: FuelCode };
  } | null;
  remove(): Promise<void>;
}

interface RawPrice {
  nom: string;
  id: string;
  maj: string;
  valeur: string;
}

const YEAR = 2023;
const ENTRY = `PrixCarburants_annuel_${YEAR}.xml`;

/** Builds the yearly-shaped ZIP in a new temp dir. ~1 s: both snapshots are read once each. */
export async function buildYearly(options: YearlyOptions = {}): Promise<YearlyFile> {
  const [before, after] = await Promise.all([readStations(FEEDS.before), readStations(FEEDS.after)]);
  const afterXml = feedXml(FEEDS.after);
  const rawBefore = rawPrices(feedXml(FEEDS.before));
  const rawAfter = rawPrices(afterXml);

  const expected = new Map<string, Map<FuelCode, ExpectedPoint[]>>();
  for (const [id, station] of after) {
    const byFuel = new Map<FuelCode, ExpectedPoint[]>();
    for (const p of [...(before.get(id)?.prices ?? []), ...station.prices]) {
      const list = byFuel.get(p.fuel) ?? [];
      if (!list.some((q) => q.at === p.updatedAt && q.price === p.price))
        list.push({ at: p.updatedAt, price: p.price, ...(isOutlier(p.price) ? { flag: 'outlier' } : {}) });
      byFuel.set(p.fuel, list);
    }
    for (const list of byFuel.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    expected.set(id, byFuel);
  }

  const extra = new Map<string, RawPrice[]>();
  const typos = options.typos ? addTypos(after, expected, extra) : null;

  const blocks = [...afterXml.matchAll(/<pdv [^>]*>[\s\S]*?<\/pdv>/g)].map(([block], index) => {
    const id = /<pdv id="(\d+)"/.exec(block)?.[1] ?? '';
    const seen = new Set<string>();
    const prices = [...(rawBefore.get(id) ?? []), ...(rawAfter.get(id) ?? []), ...(extra.get(id) ?? [])]
      .filter((p) => {
        const key = `${p.id}|${p.maj}|${p.valeur}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => (a.maj < b.maj ? -1 : a.maj > b.maj ? 1 : 0));
    const lines = prices.map(
      (p) =>
        `    <prix nom="${p.nom}" id="${p.id}" maj="${date(p.maj, options)}" valeur="${value(p.valeur, options)}"/>`,
    );
    if (index === 0 && options.emptyPrice) lines.unshift('    <prix/>');
    if (index === 0 && options.closure)
      lines.push(`    <fermeture type="T" debut="${date('2023-11-20 08:00:00', options)}" fin=""/>`);
    const head = block.replace(/\s*<prix [^>]*\/>/g, '').replace(/\s*<\/pdv>$/, '');
    return `  ${head}\n${lines.join('\n')}\n  </pdv>`;
  });
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>\n<pdv_liste>\n${blocks.join('\n')}\n</pdv_liste>\n`;
  const bytes = zipSync({ [ENTRY]: latin1(xml) }, { level: 9 });

  const dir = await mkdtemp(join(tmpdir(), 'plein-yearly-'));
  const file = join(dir, `annee-${YEAR}.zip`);
  await writeFile(file, bytes);
  return {
    file,
    dir,
    bytes,
    year: YEAR,
    expected,
    typos,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

const isOutlier = (price: number) => price < PLAUSIBLE_PRICE.min || price > PLAUSIBLE_PRICE.max;

async function readStations(path: string): Promise<Map<string, Station>> {
  const out = new Map<string, Station>();
  for await (const station of readFeed([readFileSync(path)])) out.set(station.id, station);
  return out;
}

/** The raw `<prix>` attributes of each station, as written (the yearly file keeps them, reformatted). */
function rawPrices(xml: string): Map<string, RawPrice[]> {
  const out = new Map<string, RawPrice[]>();
  for (const [, id, body] of xml.matchAll(/<pdv id="(\d+)"[^>]*>([\s\S]*?)<\/pdv>/g)) {
    const list: RawPrice[] = [];
    for (const p of (body as string).matchAll(
      /<prix nom="([^"]+)" id="(\d+)" maj="([^"]+)" valeur="([^"]+)"\/>/g,
    ))
      list.push({ nom: p[1] as string, id: p[2] as string, maj: p[3] as string, valeur: p[4] as string });
    out.set(id as string, list);
  }
  return out;
}

/** The snapshots write `2023-11-23 07:36:48`; the yearly files from 2015 a `T`, before a space. */
const date = (maj: string, o: YearlyOptions) => (o.legacy ? maj : maj.replace(' ', 'T'));
/** Euros with three decimals → millièmes (integers) in the legacy shape. */
const value = (valeur: string, o: YearlyOptions) =>
  o.legacy ? String(Math.round(Number(valeur) * 1000)) : valeur;

/** Local Paris `YYYY-MM-DD HH:MM:SS` plus some minutes, by text (November: no DST change nearby). */
function plusMinutes(maj: string, minutes: number): string {
  const t = new Date(`${maj.replace(' ', 'T')}Z`).getTime() + minutes * 60_000;
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}
const isoPlusMinutes = (at: string, minutes: number) => {
  // at is `YYYY-MM-DDTHH:MM:SS+01:00`: shift the wall clock, keep the (November) offset.
  const local = plusMinutes(at.slice(0, 19).replace('T', ' '), minutes).replace(' ', 'T');
  return `${local}${at.slice(19)}`;
};

/**
 * Two typos in real series: at one station-fuel a value of 9.999 € 20 minutes after a 2023 change (outlier),
 * at another a change to +0.200 € 5 minutes after a 2023 change, undone 5 minutes later (reverted). Both are
 * placed where the next real change is over an hour later, so they interleave with real data predictably.
 */
function addTypos(
  after: Map<string, Station>,
  expected: Map<string, Map<FuelCode, ExpectedPoint[]>>,
  extra: Map<string, RawPrice[]>,
): NonNullable<YearlyFile['typos']> {
  const picks: {
    station: string;
    fuel: FuelCode;
    fuelId: number;
    point: ExpectedPoint;
    list: ExpectedPoint[];
  }[] = [];
  for (const [id, byFuel] of expected) {
    const station = after.get(id) as Station;
    for (const [fuel, list] of byFuel) {
      const i = list.findIndex((p) => p.at.startsWith('2023-11-1'));
      const point = list[i];
      const next = list[i + 1];
      if (!point || point.flag || point.at.slice(11, 13) > '20') continue;
      if (next && Date.parse(next.at) - Date.parse(point.at) < 3_600_000) continue;
      const fuelId = station.prices.find((p) => p.fuel === fuel)?.fuelId as number;
      picks.push({ station: id, fuel, fuelId, point, list });
      break;
    }
    if (picks.length === 2) break;
  }
  const [o, r] = picks;
  if (!o || !r) throw new Error('no place for the typos');
  const nom = (fuel: FuelCode) => fuel;
  const add = (station: string, p: RawPrice) => extra.set(station, [...(extra.get(station) ?? []), p]);
  const rawAt = (at: string, minutes: number) => plusMinutes(at.slice(0, 19).replace('T', ' '), minutes);

  add(o.station, { nom: nom(o.fuel), id: String(o.fuelId), maj: rawAt(o.point.at, 20), valeur: '9.999' });
  o.list.push({ at: isoPlusMinutes(o.point.at, 20), price: 9.999, flag: 'outlier' });

  const up = Math.round(r.point.price * 1000 + 200);
  add(r.station, {
    nom: nom(r.fuel),
    id: String(r.fuelId),
    maj: rawAt(r.point.at, 5),
    valeur: (up / 1000).toFixed(3),
  });
  add(r.station, {
    nom: nom(r.fuel),
    id: String(r.fuelId),
    maj: rawAt(r.point.at, 10),
    valeur: r.point.price.toFixed(3),
  });
  r.list.push(
    { at: isoPlusMinutes(r.point.at, 5), price: up / 1000, flag: 'reverted' },
    { at: isoPlusMinutes(r.point.at, 10), price: r.point.price },
  );
  for (const { list } of [o, r]) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { outlier: { station: o.station, fuel: o.fuel }, reverted: { station: r.station, fuel: r.fuel } };
}
