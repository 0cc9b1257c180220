import type { Page } from 'playwright-core';
import Supercluster from 'supercluster';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NearbyResponse } from '#shared/api/types.ts';
import { CLUSTERING } from '../../web/src/lib/cluster-label.ts';
import { type E2E, openPage, screenshot, seriousA11yViolations, startE2E } from '../helpers/browser.ts';

/**
 * Issue 19 item 5, a map that reads on a phone: 50 stations 20 km around Paris in a 12rem map. Pills that
 * would overlap are grouped; a group says how many stations and its members' cheapest price (checked here
 * against the stations the page got from the API, grouped by Supercluster with the map's options: the
 * members from the index, the cheapest from the API's prices); activating it zooms in and splits it; a
 * list row's "Voir sur la carte" brings its pill out of its group.
 */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const PHONE = { width: 390, height: 844 };
const SEARCH = '/?lat=48.8414&lon=2.3003&label=Paris%2015e&fuel=Gazole&radius=20&sort=price';
const WORLD: [number, number, number, number] = [-180, -85, 180, 85];
const comma = (price: number) => price.toFixed(3).replace('.', ',');

type Listed = NearbyResponse['stations'][number];

/** Opens the search, and returns the stations of the API answer the page drew (list and map). */
async function search(page: Page): Promise<Listed[]> {
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/stations'));
  await page.goto(SEARCH);
  const body = (await (await answer).json()) as NearbyResponse;
  await page.locator('#results li').first().waitFor();
  await page.locator('#map .price-marker').first().waitFor({ state: 'attached' });
  expect(await page.locator('#results li').count()).toBe(body.stations.length);
  return body.stations;
}

/** The same stations grouped as the map groups them, in the list's order, at `zoom`. */
function expectedMarkers(stations: Listed[], zoom: number) {
  const placed = stations.filter((s) => s.lat !== null && s.lon !== null);
  const index = new Supercluster<{ id: string; order: number }>({ ...CLUSTERING }).load(
    placed.map((s, order) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [s.lon as number, s.lat as number] },
      properties: { id: s.id, order },
    })),
  );
  const byId = new Map(placed.map((s) => [s.id, s]));
  return index
    .getClusters(WORLD, zoom)
    .map((f) => {
      const p = f.properties as { cluster?: true; cluster_id: number; id: string; order: number };
      const members = p.cluster ? index.getLeaves(p.cluster_id, Number.POSITIVE_INFINITY) : [f];
      const ids = members.map((m) => (m.properties as { id: string }).id);
      const prices = ids
        .map((id) => byId.get(id)?.price)
        .filter((price) => price && !price.outlier)
        .map((price) => price?.price as number);
      const orders = members.map((m) => (m.properties as { order: number }).order);
      return {
        group: p.cluster === true,
        ids,
        first: Math.min(...orders),
        cheapest: prices.length ? Math.min(...prices) : null,
      };
    })
    .sort((a, b) => a.first - b.first);
}

/** Each marker on the map, in its order: a group's count and "dès" price, a station pill's price. */
function drawnMarkers(page: Page) {
  return page.locator('#map .price-marker').evaluateAll((nodes) =>
    nodes.map((n) => ({
      group: n.classList.contains('group-marker'),
      name: n.getAttribute('aria-label') ?? '',
      text: [...n.querySelectorAll('span span, :scope > span:not(.cluster)')]
        .map((s) => s.textContent)
        .join(' | '),
    })),
  );
}

const zoomOf = async (page: Page) => Number(await page.locator('#map').getAttribute('data-zoom'));

describe('a phone’s map of many stations', () => {
  test('groups say how many stations and their cheapest price, as the list has them; the note says so', async () => {
    const { page, pageErrors, cspViolations, close } = await openPage(e2e, PHONE);
    const stations = await search(page);
    expect(stations.length).toBeGreaterThanOrEqual(40);
    const zoom = await zoomOf(page);
    const expected = expectedMarkers(stations, zoom);
    const groups = expected.filter((m) => m.group);
    expect(groups.length, 'a phone map of 50 stations around Paris has groups').toBeGreaterThan(0);

    const drawn = await drawnMarkers(page);
    expect(drawn.map((m) => m.group)).toEqual(expected.map((m) => m.group));
    for (const [i, m] of expected.entries()) {
      const d = drawn[i];
      if (!m.group) continue;
      const count = m.ids.length;
      const cheapest = m.cheapest === null ? null : comma(m.cheapest);
      // The pill's two lines, and the full name with the level in words (the pill has no level colour).
      expect(d?.text).toBe(cheapest ? `${count} stations | dès ${cheapest}` : `${count} stations`);
      expect(d?.name).toMatch(
        cheapest
          ? new RegExp(
              `^${count} stations, la moins chère à ${cheapest} € le litre de Gazole \\(B7\\) \\((Prix bas|Assez bas|Moyen|Assez élevé|Prix élevé)\\) : zoomer pour les voir$`,
            )
          : /prix non communiqués/,
      );
    }
    // A group holding the list's first row (the cheapest, sorted by price) quotes that row's price.
    const first = stations[0];
    const holder = expected.find((m) => first && m.ids.includes(first.id));
    if (holder?.group && first?.price)
      expect(drawn[expected.indexOf(holder)]?.text).toContain(`dès ${comma(first.price.price)}`);

    // Single stations keep their pill: named with station, fuel and price.
    for (const d of drawn.filter((m) => !m.group))
      expect(d.name).toMatch(/^.+ : Gazole \(B7\)( à \d,\d{3} € le litre|, prix non communiqué)$/);
    // The line under the map tells the list's reader what the map groups.
    const grouped = groups.reduce((n, g) => n + g.ids.length, 0);
    expect(await page.locator('.map-note').textContent()).toBe(
      `Sur la carte, ${grouped} des ${stations.filter((s) => s.lat !== null).length} stations sont regroupées en ${groups.length} groupe${groups.length > 1 ? 's' : ''} : touchez un groupe ou zoomez pour les voir une à une.`,
    );
    await page.locator('#map').scrollIntoViewIfNeeded();
    await screenshot(page, 'groupes-telephone', false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('a group activated from the keyboard zooms in, splits, and hands the focus to its first station', async () => {
    const { page, pageErrors, close } = await openPage(e2e, PHONE);
    const stations = await search(page);
    const zoom = await zoomOf(page);
    const expected = expectedMarkers(stations, zoom);
    const at = expected.findIndex(
      (m) => m.group && m.ids.length === Math.max(...expected.map((e) => e.ids.length)),
    );
    const group = expected[at];
    if (!group) throw new Error('no group to open');
    expect((await drawnMarkers(page)).map((m) => m.group)).toEqual(expected.map((m) => m.group));
    const pill = await page.locator('#map .price-marker').nth(at).elementHandle();
    if (!pill) throw new Error('the group’s pill is not drawn');
    await pill.focus();
    await page.keyboard.press('Enter');

    await expect.poll(() => zoomOf(page)).toBeGreaterThan(zoom);
    expect(await pill.evaluate((e) => e.isConnected), 'the group’s pill is gone').toBe(false);
    // Its stations are now drawn as the index has them at the new zoom: more markers, each as expected.
    const now = expectedMarkers(stations, await zoomOf(page));
    expect(now.length).toBeGreaterThan(expected.length);
    await expect
      .poll(async () => (await drawnMarkers(page)).map((m) => m.group))
      .toEqual(now.map((m) => m.group));
    // The focus went on to the marker holding the group's first station (in the list's order).
    const next = now.findIndex((m) => m.ids.includes(stations[group.first]?.id ?? ''));
    expect(
      await page
        .locator('#map .price-marker')
        .nth(next)
        .evaluate((e) => e === document.activeElement),
    ).toBe(true);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('“Voir sur la carte” on a row inside a group brings its pill out, selected with its popup', async () => {
    const { page, pageErrors, close } = await openPage(e2e, PHONE);
    const stations = await search(page);
    const zoom = await zoomOf(page);
    const group = expectedMarkers(stations, zoom).find((m) => m.group);
    // The group's last member in the list: any one would do, the first would be too easy.
    const id = group?.ids.at(-1) ?? '';
    const row = page.locator(`#results li[data-station="${id}"]`);
    const title = ((await row.locator('h3').textContent()) ?? '').trim();
    const price = ((await row.locator('.price').textContent()) ?? '').replace(/[^\d,]/g, '');
    expect(await page.locator(`#map .price-marker[title=${JSON.stringify(title)}]`).count()).toBe(0);

    await row.getByRole('button', { name: `Voir sur la carte : ${title}` }).click();
    const popup = page.locator('.leaflet-popup-content', {
      has: page.locator(`a[href="/station/?id=${id}"]`),
    });
    await popup.waitFor();
    expect(await popup.textContent()).toContain(title);
    expect(await zoomOf(page)).toBeGreaterThan(zoom);
    // Its own pill, highlighted and focused, named as every pill is; the row is selected too.
    const selected = page.locator('#map .price-marker.selected:not(.group-marker)');
    expect(await selected.getAttribute('aria-label')).toBe(`${title} : Gazole (B7) à ${price} € le litre`);
    expect(await selected.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await row.getAttribute('class')).toContain('selected');
    // The station stands alone at this zoom, as the index says.
    const alone = expectedMarkers(stations, await zoomOf(page)).find((m) => m.ids.includes(id));
    expect(alone?.group).toBe(false);

    // Back out: the group that holds it again shows it is there (outlined as selected).
    await page.getByRole('button', { name: 'Zoom arrière' }).click();
    await expect.poll(() => page.locator('#map .group-marker.selected').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
    await close();
  });
});
