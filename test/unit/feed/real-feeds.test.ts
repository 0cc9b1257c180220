import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '#shared/domain/station.ts';
import {
  EXTRACT_2014,
  feedBytes,
  NATIONAL_2025,
  type ReadResult,
  RUPTURES_2026,
  readAll,
} from '../../helpers/feed.ts';

// Counts from ../shared/feeds/README.md, computed independently of this project.
const NATIONAL = [
  {
    file: 'instantane_2019-05-10_bbohec-carber.zip',
    entry: 'PrixCarburants_instantane.xml',
    xmlBytes: 9_729_769,
    stations: 9_940,
    prices: 31_816,
    outOfStock: 0,
    updated: { min: '2014-02-20T16:45:05+01:00', max: '2019-05-10T19:40:16+02:00' },
    sha256: 'f0d6928758bad4d82b57b0e593f8fda98388d02fbcabb9a745f3361da0f85e88',
  },
  {
    file: 'instantane_2023-11-22_2220Z_yzpt-airflow.zip',
    entry: 'PrixCarburants_instantane.xml',
    xmlBytes: 11_947_849,
    stations: 10_002,
    prices: 33_435,
    outOfStock: 0,
    updated: { min: '2015-02-06T10:10:31+01:00', max: '2023-11-22T23:05:00+01:00' },
    sha256: '55970f8a79710ff8a3daf6ce376eee442f9484778b867c7019d0cf2f0a52c058',
  },
  {
    file: 'instantane_2023-11-23_0820Z_yzpt-airflow.zip',
    entry: 'PrixCarburants_instantane.xml',
    xmlBytes: 11_948_161,
    stations: 10_002,
    prices: 33_438,
    outOfStock: 0,
    updated: { min: '2015-02-06T10:10:31+01:00', max: '2023-11-23T09:20:01+01:00' },
    sha256: '5788403f4bf64a33dadbca27a607087f1ba6efa643e3e13ad353e78da809979c',
  },
  {
    file: NATIONAL_2025,
    entry: 'PrixCarburants_instantane.xml',
    xmlBytes: 12_268_700,
    stations: 10_007,
    prices: 33_646,
    outOfStock: 0,
    updated: { min: '2015-02-06T10:10:31+01:00', max: '2025-07-28T15:00:04+02:00' },
    sha256: 'baeb8103e42d48c88d2b7e543163a731886c4d16723079242be08b5898711cd7',
  },
  {
    file: RUPTURES_2026,
    entry: 'PrixCarburants_instantane_ruptures.xml',
    xmlBytes: 14_213_920,
    stations: 9_780,
    prices: 33_232,
    // Every <rupture> of this file has attributes (none is an empty <rupture/>), and all are kept.
    outOfStock: 22_879,
    updated: { min: '2024-05-24T10:17:53+02:00', max: '2026-06-05T12:09:37+02:00' },
    sha256: 'be3b25a5f67cad0d0086cfbcb154a29be4183003de1e4bdb04a731c36319011a',
  },
];

describe.each(NATIONAL)('$file', (expected) => {
  it('gives the independently computed counts, and rejects nothing', async () => {
    // Prepare
    const bytes = feedBytes(expected.file);

    // Act
    const { summary, rejects } = await readAll(bytes);

    // Assess
    expect(summary).toMatchObject({
      format: 'zip',
      entryName: expected.entry,
      encoding: 'iso-8859-1',
      stations: expected.stations,
      prices: expected.prices,
      outOfStock: expected.outOfStock,
      rejected: 0,
      updated: expected.updated,
      bytesIn: bytes.length,
      xmlBytes: expected.xmlBytes,
      sha256: expected.sha256,
    });
    expect(rejects).toEqual([]);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(summary.sha256);
  });
});

describe(NATIONAL_2025, () => {
  let feed: ReadResult;
  const byId = new Map<string, Station>();
  const station = (id: string): Station => {
    const found = byId.get(id);
    if (!found) throw new Error(`no station ${id}`);
    return found;
  };
  beforeAll(async () => {
    feed = await readAll(feedBytes(NATIONAL_2025));
    for (const s of feed.stations) byId.set(s.id, s);
  });

  it('yields every station once, in feed order, with a valid shape', () => {
    expect(feed.stations).toHaveLength(10_007);
    expect(byId.size).toBe(10_007);
    expect(feed.stations[0]?.id).toBe('44000009');
    for (const s of feed.stations) {
      expect(s.id).toMatch(/^\d{7,8}$/);
      expect(s.cp).toMatch(/^\d{5}$/);
      expect(s.road === 'R' || s.road === 'A').toBe(true);
      for (const p of s.prices) expect(p.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/);
    }
  });

  it('normalizes the first station completely', () => {
    expect(station('44000009')).toEqual({
      id: '44000009',
      lat: 47.20393,
      lon: -1.54657,
      cp: '44200',
      dept: '44',
      town: 'NANTES',
      address: '16 BD DES MARTYRS NANTAIS',
      road: 'R',
      prices: [
        { fuel: 'Gazole', fuelId: 1, price: 1.689, updatedAt: '2025-07-28T00:01:00+02:00' },
        { fuel: 'E10', fuelId: 5, price: 1.724, updatedAt: '2025-07-28T00:01:00+02:00' },
        { fuel: 'SP98', fuelId: 6, price: 1.834, updatedAt: '2025-07-28T00:01:00+02:00' },
      ],
      outOfStock: [],
      services: [
        'Toilettes publiques',
        'Boutique alimentaire',
        'Boutique non alimentaire',
        'Station de gonflage',
        'Piste poids lourds',
        'Lavage manuel',
        'Vente de gaz domestique (Butane, Propane)',
      ],
      hours: null,
      closure: null,
      flags: [],
    });
  });

  it('reads decimal coordinates and negative longitudes', () => {
    expect(station('33114001')).toMatchObject({ lat: 44.622873, lon: -0.786715 });
  });

  it('repairs UTF-8 stored as Latin-1 and drops stray control bytes, with a flag', () => {
    expect(station('92330002').address).toBe('77 Avenue Édouard Depreux');
    expect(station('81260003').address).toBe('Chemin de Castres à Brassac');
    expect(station('42160003').address).toBe('2 Avenue de Saint-Etienne');
    expect(station('42160003').town).toBe('Andrézieux-Bouthéon');
    expect(feed.summary.flags['text-repaired']).toEqual({
      count: 3,
      examples: ['92330002', '81260003', '42160003'],
    });
  });

  it('resolves character references and collapses whitespace', () => {
    expect(station('33370016').town).toBe('Sallebœuf');
    expect(station('18200011').address).toBe('Autoroute A71 - La GazonnièreSens Bourges – Clermond-Ferrand');
    expect(station('76720002').town).toBe('VARNEVILLE BRETTEVILLE');
  });

  it('keeps hours running past midnight and flags placeholders', () => {
    expect(station('30410002').hours?.days[0]).toEqual({
      day: 1,
      closed: false,
      ranges: [{ open: '06:00', close: '00:19' }],
    });
    const placeholder = station('33114001');
    expect(placeholder.flags).toContain('hours-placeholder');
    expect(placeholder.hours?.days).toHaveLength(7);
    expect(placeholder.hours?.days[6]).toEqual({
      day: 7,
      closed: true,
      ranges: [{ open: '01:00', close: '01:00' }],
    });
  });

  it('flags the three stations hundreds of km from their postcode, and keeps them', () => {
    expect(feed.summary.flags['coords-far-from-postcode']).toEqual({
      count: 3,
      examples: ['30300010', '30130014', '10100004'],
    });
    expect(station('30300010')).toMatchObject({ cp: '30300', dept: '30', lat: 43.482, lon: -1.543 });
  });

  it('keeps the stations without any price as places', () => {
    expect(feed.summary.flags['no-price']?.count).toBe(345);
    expect(station('81100009').prices).toEqual([]);
  });

  it('derives Corsican départements from the postcode', () => {
    const corsica = feed.stations.filter((s) => s.cp.startsWith('20'));
    expect(corsica.length).toBe(126);
    for (const s of corsica) expect(s.dept).toBe(s.cp < '20200' ? '2A' : '2B');
  });
});

describe(RUPTURES_2026, () => {
  it('reads out-of-stock fuels with their type', async () => {
    const { stations } = await readAll(feedBytes(RUPTURES_2026));
    const first = stations[0];
    expect(first?.outOfStock).toEqual([
      { fuel: 'SP95', fuelId: 2, type: 'definitive', since: '2019-01-09T12:12:42+01:00', until: null },
      { fuel: 'E85', fuelId: 3, type: 'definitive', since: '2020-03-21T16:13:39+01:00', until: null },
      { fuel: 'GPLc', fuelId: 4, type: 'definitive', since: '2020-03-21T16:13:39+01:00', until: null },
    ]);
    const types = new Map<string, number>();
    for (const s of stations) for (const o of s.outOfStock) types.set(o.type, (types.get(o.type) ?? 0) + 1);
    expect(Object.fromEntries(types)).toEqual({ definitive: 19_170, temporaire: 2_569, '': 1_140 });
  });
});

describe(EXTRACT_2014, () => {
  let feed: ReadResult;
  beforeAll(async () => {
    feed = await readAll(feedBytes(EXTRACT_2014));
  });

  it('reads the old format: UTF-8, millièmes, empty <prix/>, début', () => {
    expect(feed.summary).toMatchObject({
      format: 'xml',
      encoding: 'utf-8',
      stations: 10,
      prices: 30, // 31 <prix>, one of them empty
      outOfStock: 7,
      rejected: 0,
      updated: { min: '2014-06-13T09:14:25+02:00', max: '2014-09-29T12:27:33+02:00' },
    });
    const [first, second] = feed.stations;
    expect(first?.town).toBe('SAINT-DENIS-LèS-BOURG');
    expect(first?.prices[0]).toEqual({
      fuel: 'Gazole',
      fuelId: 1,
      price: 1.255,
      updatedAt: '2014-09-27T10:01:27+02:00',
    });
    expect(second?.outOfStock).toEqual([
      { fuel: 'E85', fuelId: 3, type: '', since: '2009-11-03T12:19:00+01:00', until: null },
    ]);
    expect(feed.stations.find((s) => s.id === '1000005')?.flags).toEqual(['no-price']);
  });

  it('turns <ouverture debut fin saufjour> into per-day hours', () => {
    const [first, second] = feed.stations;
    expect(second?.hours?.days.map((d) => [d.day, d.closed, d.ranges])).toEqual([
      [1, false, [{ open: '08:45', close: '19:30' }]],
      [2, false, [{ open: '08:45', close: '19:30' }]],
      [3, false, [{ open: '08:45', close: '19:30' }]],
      [4, false, [{ open: '08:45', close: '19:30' }]],
      [5, false, [{ open: '08:45', close: '19:30' }]],
      [6, false, [{ open: '08:45', close: '19:30' }]],
      [7, true, []],
    ]);
    expect(first?.flags).toContain('hours-placeholder');
    expect(feed.stations.at(-1)?.hours?.days.every((d) => d.closed)).toBe(true);
  });
});
