import { describe, expect, it } from 'vitest';
import { feedXml, latin1, oneStation, pdv, price, readAll } from '../../helpers/feed.ts';

describe('prices', () => {
  it('rejects an unreadable price, counts it, and keeps the station and its other prices', async () => {
    // Prepare
    const xml = feedXml(pdv({ id: '1000001' }, `${price(1, 'abc')}${price(2, '1.799')}`));

    // Act
    const { stations, summary, rejects } = await readAll(latin1(xml));

    // Assess
    expect(stations).toHaveLength(1);
    expect(stations[0]?.prices).toEqual([
      { fuel: 'SP95', fuelId: 2, price: 1.799, updatedAt: '2025-07-28T10:00:00+02:00' },
    ]);
    expect(stations[0]?.flags).toEqual(['price-invalid']);
    expect(rejects).toEqual([{ id: '1000001', kind: 'price', reason: 'Gazole: unreadable price "abc"' }]);
    expect(summary).toMatchObject({ stations: 1, prices: 1, rejected: 1, rejects });
  });

  it('keeps 0.001 € and 7.9 € as outliers, flagged', async () => {
    const station = await oneStation(pdv({}, `${price(1, '0.001')}${price(6, '7.9')}${price(2, '1.85')}`));
    expect(station.prices.map((p) => [p.fuel, p.price, p.outlier])).toEqual([
      ['Gazole', 0.001, true],
      ['SP98', 7.9, true],
      ['SP95', 1.85, undefined],
    ]);
    expect(station.flags).toEqual(['price-outlier']);
  });

  it('reads millièmes per value', async () => {
    const station = await oneStation(pdv({}, `${price(1, '1739')}${price(2, '1.759')}`));
    expect(station.prices.map((p) => p.price)).toEqual([1.739, 1.759]);
  });

  it('rejects a price with an unreadable date, with its own flag', async () => {
    const { stations, rejects } = await readAll(
      latin1(feedXml(pdv({ id: '7' }, price(1, '1.7', '28/07/2025')))),
    );
    expect(stations[0]?.prices).toEqual([]);
    expect(stations[0]?.flags).toEqual(['price-date-invalid', 'no-price']);
    expect(rejects[0]).toEqual({ id: '7', kind: 'price', reason: 'Gazole: unreadable date "28/07/2025"' });
  });

  it('rejects an unknown fuel and a second price for the same fuel', async () => {
    const xml = feedXml(
      pdv(
        { id: '7' },
        `<prix nom="Kerosene" id="9" maj="2025-07-28 10:00:00" valeur="1.2"/>${price(1, '1.7')}${price(1, '1.8')}`,
      ),
    );
    const { stations, rejects } = await readAll(latin1(xml));
    expect(stations[0]?.prices.map((p) => p.price)).toEqual([1.7]);
    expect(rejects.map((r) => r.reason)).toEqual([
      'unknown fuel "Kerosene"',
      'Gazole: second price, first kept',
    ]);
  });

  it('finds the fuel by name when the id is missing', async () => {
    const station = await oneStation(pdv({}, '<prix nom="E85" maj="2025-07-28 10:00:00" valeur="0.799"/>'));
    expect(station.prices[0]).toMatchObject({ fuel: 'E85', fuelId: 3 });
  });
});

describe('stations', () => {
  it('keeps the first of two stations with the same id and reports the second', async () => {
    const xml = feedXml(
      `${pdv({ id: '1000001' }, price(1, '1.7'))}${pdv({ id: '1000001' }, price(1, '1.9'))}`,
    );
    const { stations, summary, rejects } = await readAll(latin1(xml));
    expect(stations).toHaveLength(1);
    expect(stations[0]?.prices[0]?.price).toBe(1.7);
    expect(rejects).toEqual([
      { id: '1000001', kind: 'station', reason: 'duplicate id: the first record was kept' },
    ]);
    expect(summary.flags['duplicate-id']).toEqual({ count: 1, examples: ['1000001'] });
  });

  it('tells every repeated id among 20,000, numeric or not, and keeps ids that only look alike', async () => {
    // Numeric ids go through the reader's int32 table (which grows past 8,192), others through a Set.
    const ids = Array.from({ length: 20_000 }, (_, i) => String(10_000_000 + i * 7919));
    const repeats = [ids[0], ids[8_191], ids[19_999], 'A1', '012'] as string[];
    const lookAlikes = ['12', '012', '0012', ' 12', 'A1', '999999999', '1000000000', '4294967296'];
    const all = [...ids, ...lookAlikes, ...repeats];
    const xml = feedXml(all.map((id) => pdv({ id }, price(1, '1.7'))).join(''));

    const { stations, rejects } = await readAll(latin1(xml));

    // ' 12' is trimmed to '12': a repeat too.
    expect(rejects.map((r) => r.id)).toEqual(['12', ...repeats]);
    expect(stations).toHaveLength(ids.length + lookAlikes.length - 1);
    expect(new Set(stations.map((s) => s.id)).size).toBe(stations.length);
  });

  it('rejects a station without id', async () => {
    const { stations, rejects } = await readAll(latin1(feedXml(pdv({ id: ' ' }))));
    expect(stations).toEqual([]);
    expect(rejects).toEqual([{ id: '', kind: 'station', reason: 'station without id' }]);
  });

  it('flags odd postcodes, roads and coordinates but keeps the station', async () => {
    const station = await oneStation(pdv({ cp: '6110', pop: 'N', latitude: '701600', longitude: '4357200' }));
    expect(station).toMatchObject({ cp: '6110', dept: '06', road: 'N', lat: 43.572, lon: 7.016 });
    expect(station.flags.sort()).toEqual(['coords-swapped', 'no-price', 'postcode-invalid', 'road-unknown']);
  });

  it('flags missing coordinates', async () => {
    const station = await oneStation(pdv({ latitude: '', longitude: '' }));
    expect(station).toMatchObject({ lat: null, lon: null });
    expect(station.flags).toContain('coords-missing');
  });

  it('trims text, resolves references and reads CDATA', async () => {
    const station = await oneStation(
      pdv(
        {},
        '<adresse>  Rue   de la Paix &amp; &#339;uvre </adresse><ville><![CDATA[Saint-Étienne]]></ville>',
      ),
    );
    expect(station.address).toBe('Rue de la Paix & œuvre');
    expect(station.town).toBe('Saint-Étienne');
  });

  it('repairs UTF-8 stored as Latin-1, with a flag', async () => {
    const station = await oneStation(
      pdv({}, '<adresse>77 Avenue \u00c3\u0089douard Depreux</adresse><ville>CLAMART</ville>'),
    );
    expect(station.address).toBe('77 Avenue Édouard Depreux');
    expect(station.flags).toContain('text-repaired');
  });

  it('reads services and skips empty ones', async () => {
    const station = await oneStation(
      pdv({}, '<services><service> Laverie </service><service/><service>DAB</service></services>'),
    );
    expect(station.services).toEqual(['Laverie', 'DAB']);
  });

  it('bounds the listed rejects but counts them all', async () => {
    const body = Array.from({ length: 30 }, (_, i) => pdv({ id: String(1000000 + i) }, price(1, 'x'))).join(
      '',
    );
    const { summary, rejects } = await readAll(latin1(feedXml(body)), { maxRejects: 5 });
    expect(summary.rejected).toBe(30);
    expect(summary.rejects).toHaveLength(5);
    expect(rejects).toHaveLength(30);
    expect(summary.flags['price-invalid']).toEqual({
      count: 30,
      examples: ['1000000', '1000001', '1000002', '1000003', '1000004'],
    });
  });
});

describe('opening hours', () => {
  const day = (id: number, ferme: string, ranges: string) =>
    `<jour id="${id}" nom="x" ferme="${ferme}">${ranges}</jour>`;
  const range = (open: string, close: string) => `<horaire ouverture="${open}" fermeture="${close}"/>`;

  it('reads days, ranges past midnight, and closed days', async () => {
    const hours = `<horaires automate-24-24="1">${day(1, '', `${range('06.00', '12.00')}${range('14.00', '00.30')}`)}${day(7, '1', '')}</horaires>`;
    const station = await oneStation(pdv({}, hours));
    expect(station.hours).toEqual({
      automat24: true,
      days: [
        {
          day: 1,
          closed: false,
          ranges: [
            { open: '06:00', close: '12:00' },
            { open: '14:00', close: '00:30' },
          ],
        },
        { day: 7, closed: true, ranges: [] },
      ],
    });
    expect(station.flags).toEqual(['no-price']);
  });

  it('flags placeholder ranges (same opening and closing time)', async () => {
    const station = await oneStation(
      pdv({}, `<horaires automate-24-24="">${day(1, '1', range('01.00', '01.00'))}</horaires>`),
    );
    expect(station.hours?.days[0]?.ranges).toEqual([{ open: '01:00', close: '01:00' }]);
    expect(station.flags).toContain('hours-placeholder');
  });

  it('reports unreadable days and times, keeping the rest', async () => {
    const hours = `<horaires automate-24-24="">${day(9, '', '')}${day(2, '', `${range('25.00', '12.00')}${range('08.00', '12.00')}`)}</horaires>`;
    const { stations, rejects } = await readAll(latin1(feedXml(pdv({ id: '5' }, hours))));
    expect(stations[0]?.hours?.days).toEqual([
      { day: 2, closed: false, ranges: [{ open: '08:00', close: '12:00' }] },
    ]);
    expect(stations[0]?.flags).toContain('hours-invalid');
    expect(rejects.map((r) => [r.kind, r.reason])).toEqual([
      ['hours', 'day id "9"'],
      ['hours', 'hours 25.00-12.00'],
    ]);
  });
});

describe('out of stock and closures', () => {
  it('reads ruptures (both spellings of debut), keeps repeated fuels, skips empty ones', async () => {
    const inner = [
      '<rupture/>',
      '<rupture nom="E85" id="3" debut="2009-11-03 12:19:00" fin="" type=""/>',
      '<rupture nom="E85" id="3" debut="2017-09-01 08:32:55" fin="2017-09-02 08:00:00" type="definitive"/>',
      '<rupture id="2" nom="SP95" d\u00e9but="2011-06-01 00:00:00" fin="" type="temporaire"/>',
    ].join('');
    const station = await oneStation(pdv({}, inner));
    expect(station.outOfStock).toEqual([
      { fuel: 'E85', fuelId: 3, type: '', since: '2009-11-03T12:19:00+01:00', until: null },
      {
        fuel: 'E85',
        fuelId: 3,
        type: 'definitive',
        since: '2017-09-01T08:32:55+02:00',
        until: '2017-09-02T08:00:00+02:00',
      },
      { fuel: 'SP95', fuelId: 2, type: 'temporaire', since: '2011-06-01T00:00:00+02:00', until: null },
    ]);
  });

  it('reports a rupture of an unknown fuel and flags an unreadable date', async () => {
    const inner =
      '<rupture nom="Fioul" id="12" debut="" fin="" type=""/><rupture nom="E10" id="5" debut="hier" fin="" type=""/>';
    const { stations, rejects } = await readAll(latin1(feedXml(pdv({ id: '5' }, inner))));
    expect(stations[0]?.outOfStock).toEqual([{ fuel: 'E10', fuelId: 5, type: '', since: null, until: null }]);
    expect(stations[0]?.flags).toContain('outofstock-invalid');
    expect(rejects).toEqual([
      { id: '5', kind: 'out-of-stock', reason: 'out of stock "Fioul": unknown fuel' },
    ]);
  });

  it('reads a closure from <fermeture> and ignores an empty one', async () => {
    const closed = await oneStation(pdv({}, '<fermeture type="D" debut="2024-01-15 08:00:00" fin=""/>'));
    expect(closed.closure).toEqual({ type: 'D', since: '2024-01-15T08:00:00+01:00', until: null });
    expect((await oneStation(pdv({}, '<fermeture/>'))).closure).toBeNull();
  });
});
