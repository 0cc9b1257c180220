import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NamesTable } from '#shared/domain/names.ts';
import { putNamesTable } from '#shared/names/store.ts';
import { BUCKETS, INVOKABLE_FUNCTIONS, NAMES } from '#shared/platform.ts';
import { createS3Client } from '#shared/s3.ts';
import { type E2E, openPage, startE2E, VIEWPORTS } from '../helpers/browser.ts';

/**
 * Issue 16 in the browser, on the real ruptures feed of 2026-06-05 (the plain feed carries no stock-out):
 * out-of-stock fuels on the station page and in the list, station titles from a names table, the
 * OpenStreetMap credit on the pages that show names, and the brand filter's requests.
 */
process.env.FEED_URL = 'http://127.0.0.1:9/instantane_ruptures';
process.env.FEED_FILE = '../shared/feeds/instantane_ruptures_2026-06-05_jstoudji1.zip';

/**
 * 114 BD DE L HOPITAL, 75013 PARIS in that file: prices for Gazole, E85 and E10; SP98 out of stock
 * (`temporaire`, since 2026-06-04 19:48:14), SP95 (`definitive`, since 2025-10-28 06:11:04) and GPLc.
 */
const STATION = '75013024';
/** 27 AVENUE DE LA PORTE D'ITALIE, 75013 Paris: a second named station nearby, of another brand. */
const OTHER = '75013022';
const OSM_COPYRIGHT = 'https://www.openstreetmap.org/copyright';

/** A small names table: one name that only repeats the brand (→ brand plus town), one that says more. */
const TABLE: NamesTable = {
  version: 'e2e-names-1',
  fetchedAt: '2026-06-01T05:00:00.000Z',
  source: 'names.test.ts',
  rows: 2,
  rowsWithId: 2,
  duplicateIds: 0,
  entries: {
    [STATION]: { name: 'TotalEnergies', brand: 'TotalEnergies', osmBrand: 'Total', operator: null },
    [OTHER]: { name: 'Esso Express Porte d’Italie', brand: 'Esso', osmBrand: 'Esso', operator: null },
  },
};

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
  // The first ingest ran before the table existed: publish it, then run the ingest again so it joins it (a
  // new names version re-publishes the stations).
  await putNamesTable(createS3Client(), e2e.product.env[BUCKETS.data.env] ?? '', TABLE);
  const lambda = new LambdaClient({
    endpoint: e2e.product.env.AWS_ENDPOINT_URL_LAMBDA ?? '',
    region: e2e.product.env.AWS_REGION ?? 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const res = await lambda.send(
    new InvokeCommand({
      FunctionName: INVOKABLE_FUNCTIONS.ingest.localName,
      // Forced: the feed file is the same, only the names changed.
      Payload: new TextEncoder().encode(JSON.stringify({ trigger: 'test', force: true })),
    }),
  );
  if (res.FunctionError)
    throw new Error(`the second ingest failed: ${new TextDecoder().decode(res.Payload)}`);
});
afterAll(async () => {
  await e2e?.stop();
});

/**
 * Accueil around the two stations (as a shared search URL), nearest first within 2 km so both are on the
 * first page, for one fuel, open or not, with the stock filter off unless asked.
 */
async function searchAround(page: Page, fuel: string, inStock = false): Promise<void> {
  const q = new URLSearchParams({ lat: '48.8260', lon: '2.3590', label: 'Paris 13e', fuel, radius: '2' });
  // Whatever the hour of the run: open-now is Accueil's default (issue 17), these tests are about names.
  q.set('sort', 'distance');
  q.set('open', '0');
  if (!inStock) q.set('stock', '0');
  await page.goto(`/?${q}`);
  await page.locator('#results li').first().waitFor();
}

/** The `brand` parameter of every GET /api/stations the page makes from now on. */
function stationRequests(page: Page): (string | null)[] {
  const seen: (string | null)[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/stations') seen.push(url.searchParams.get('brand'));
  });
  return seen;
}

describe('out-of-stock fuels from the ruptures feed', () => {
  test('the station page says which fuels are out, temporarily or for good, and since when', async () => {
    const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    await page.goto(`/station/?id=${STATION}`);
    const stock = page.getByRole('heading', { name: 'Ruptures de stock' }).locator('..');
    await stock.waitFor();
    const items = await stock.locator('li').allTextContents();
    expect(items).toContain('SP98 (E5) : rupture temporaire depuis le 4 juin 2026 à 19:48');
    expect(items).toContain('SP95 (E5) : plus vendu (rupture définitive) depuis le 28 octobre 2025 à 06:11');
    // The fuels it still prices are not marked out of stock.
    const gazole = page.locator('#prices tr', { hasText: 'Gazole' });
    expect(await gazole.textContent()).not.toContain('En rupture');
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('the list says "Rupture de …" for the fuel searched when the stock filter is off', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await searchAround(page, 'SP98');
    const row = page.locator(`#results li[data-station="${STATION}"]`);
    await expect.poll(() => row.locator('.badge-stock').textContent()).toBe('Rupture de SP98 (E5)');
    // With the filter on (the default), the API leaves it out.
    await page.getByLabel('Carburant disponible').check();
    await expect.poll(() => row.count()).toBe(0);
    await close();
  });
});

describe('the OpenStreetMap credit (ODbL) where names appear', () => {
  test('in the footer of every page and under the home list, with the names download', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await searchAround(page, 'Gazole');
    const credits = page.getByRole('link', { name: NAMES.credit, exact: true });
    expect(await credits.count()).toBe(2); // the list's and the footer's
    for (const link of await credits.all()) expect(await link.getAttribute('href')).toBe(OSM_COPYRIGHT);
    expect(await page.locator('footer a[href="/api/names?format=csv"]').count()).toBe(1);
    await page.goto('/tendances/');
    expect(await page.locator(`footer a[href="${OSM_COPYRIGHT}"]`).textContent()).toBe(NAMES.credit);
    await close();
  });
});

// These need the ingest's join of the names table (helper B's branch) and, for brands and station search
// hits, the API's GET /api/brands, brand= filter and search by name (helper C's branch).
describe('station titles from the names table', () => {
  test('the station page: brand plus town as title, the address beneath, the credit beside it', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.mobile);
    await page.goto(`/station/?id=${STATION}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('TotalEnergies Paris');
    expect(await page.title()).toBe('TotalEnergies Paris · Plein');
    expect(await page.locator('.station-head .lead').textContent()).toBe('114 BD DE L HOPITAL, 75013 Paris');
    const credit = page.locator('.station-head .osm-credit');
    expect(await credit.isVisible()).toBe(true);
    expect(await credit.getByRole('link', { name: NAMES.credit }).getAttribute('href')).toBe(OSM_COPYRIGHT);
    await close();
  });

  test('the list and the map popup: the OSM name when it says more than the brand', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await searchAround(page, 'Gazole');
    const row = page.locator(`#results li[data-station="${OTHER}"]`);
    await expect.poll(() => row.locator('h3').textContent()).toBe('Esso Express Porte d’Italie');
    expect(await row.locator('.address').textContent()).toBe("27 AVENUE DE LA PORTE D'ITALIE, 75013 Paris");
    // Out of its group if the map groups it (its popup opens: closed again, the click below must open it).
    await row.getByRole('button', { name: 'Voir sur la carte : Esso Express Porte d’Italie' }).click();
    await page.locator('.leaflet-popup-close-button').click();
    await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
    // The marker's div is a zero-size anchor; the price label inside it is what a driver clicks.
    await page.locator(`.price-marker[title="Esso Express Porte d’Italie"] span`).click();
    await expect.poll(() => page.locator('.leaflet-popup-content').textContent()).toContain('Esso Express');
    await close();
  });

  test('a station found by its name in the search box opens its page', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.mobile);
    await page.goto('/');
    await page.getByLabel('Où cherchez-vous ?').fill('Esso Express');
    await page.getByRole('option', { name: /Esso Express Porte d’Italie/ }).click();
    await page.waitForURL(new RegExp(`/station/\\?id=${OTHER}`));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Esso Express Porte d’Italie');
    await close();
  });
});

describe('the brand filter', () => {
  test('Accueil sends the brands ticked as brand=A,B, keeps them in the URL, and resets', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await searchAround(page, 'Gazole');
    const sent = stationRequests(page);
    await page.locator('summary', { hasText: 'Marques' }).click();
    await page.getByRole('checkbox', { name: /^TotalEnergies/ }).check();
    await expect.poll(() => sent.at(-1)).toBe('TotalEnergies');
    await expect.poll(() => new URL(page.url()).searchParams.get('brand')).toBe('TotalEnergies');
    await expect
      .poll(async () => page.locator('#results li').evaluateAll((rows) => rows.map((r) => r.dataset.station)))
      .toEqual([STATION]);
    await page.getByRole('checkbox', { name: /^Esso/ }).check();
    await expect.poll(() => sent.at(-1)?.split(',').sort()).toEqual(['Esso', 'TotalEnergies']);
    expect(await page.locator('[data-ref="brandSummary"]').textContent()).toMatch(/TotalEnergies/);
    await page.getByRole('button', { name: 'Toutes les marques' }).click();
    await expect.poll(() => sent.at(-1)).toBeNull();
    expect(new URL(page.url()).searchParams.has('brand')).toBe(false);
    await close();
  });

  test('the trends page passes the brand chosen to /api/stats', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    const asked: (string | null)[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/stats') asked.push(url.searchParams.get('brand'));
    });
    await page.goto('/tendances/');
    await page.locator('#trend-brand option[value="TotalEnergies"]').waitFor({ state: 'attached' });
    await page.getByLabel('Marque', { exact: true }).selectOption('TotalEnergies');
    await expect.poll(() => asked.at(-1)).toBe('TotalEnergies');
    await close();
  });
});
