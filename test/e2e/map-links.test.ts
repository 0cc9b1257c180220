import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2E, openPage, startE2E, VIEWPORTS } from '../helpers/browser.ts';

/**
 * Issue 17 item 8: the map and the direction links for keyboard and screen-reader users. Markers are
 * buttons in the tab order, named with station, fuel and price, opened with Enter; Leaflet speaks French;
 * each direction link names its station; the geo: link shows on a touch phone only.
 */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

/** Searches Gazole around Paris 15e, as a driver does, and waits for the list and the markers. */
async function search(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Carburant', { exact: true }).selectOption('Gazole');
  await page.getByLabel('Où cherchez-vous ?').fill('75015');
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('#results li').first().waitFor();
  await page.locator('#map .price-marker').first().waitFor({ state: 'attached' });
}

/** Zooms in with "Zoom avant" until no pill is grouped (lib/map.ts groups those that would overlap). */
async function zoomInUntilAlone(page: Page): Promise<void> {
  const map = page.locator('#map');
  for (let i = 0; i < 12 && (await map.locator('.group-marker').count()) > 0; i++) {
    const zoom = Number(await map.getAttribute('data-zoom'));
    await page.getByRole('button', { name: 'Zoom avant' }).click();
    await expect.poll(() => map.getAttribute('data-zoom')).toBe(String(zoom + 1));
  }
  expect(await map.locator('.group-marker').count(), 'every station has its own pill').toBe(0);
}

describe('the map', () => {
  test('Tab reaches a marker, named with station, fuel and price; Enter opens its popup and selects its row', async () => {
    const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.desktop);
    await search(page);
    await zoomInUntilAlone(page);
    const markers = page.locator('#map .price-marker');
    const count = await markers.count();
    expect(count).toBe(await page.locator('#results li').count());

    // Every marker has a full accessible name: the same buttons found by role and name.
    const names = await markers.evaluateAll((nodes) =>
      nodes.map((n) => `${n.getAttribute('role')}|${n.getAttribute('aria-label') ?? ''}`),
    );
    for (const name of names) expect(name).toMatch(/^button\|.+ : Gazole \(B7\) à \d,\d{3} € le litre$/);
    const firstTitle = (await page.locator('#results li h3').first().textContent())?.trim() ?? '';
    const price = (await page.locator('#results li .price').first().textContent())?.trim() ?? '';
    expect(
      await page
        .locator('#map')
        .getByRole('button', {
          name: `${firstTitle} : Gazole (B7) à ${price.replace(/[^\d,]/g, '')} € le litre`,
        })
        .count(),
    ).toBeGreaterThan(0);

    // Keyboard only: from the map, Tab lands on a marker (after the map itself and its zoom buttons).
    await page.locator('#map').focus();
    let onMarker = false;
    for (let i = 0; i < 8 && !onMarker; i++) {
      await page.keyboard.press('Tab');
      onMarker = await page.evaluate(
        () => document.activeElement?.classList.contains('price-marker') ?? false,
      );
    }
    expect(onMarker, 'a marker is in the tab order').toBe(true);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    const focusedTitle = focused.replace(/ : Gazole.*$/, '');
    // Markers come in the list's order: the first Tab lands on the first row's station.
    expect(focusedTitle).toBe(firstTitle);
    await page.keyboard.press('Enter');
    const popupBox = page.locator('.leaflet-popup');
    await popupBox.waitFor();
    expect(await popupBox.textContent()).toContain(focusedTitle);
    expect(await page.locator('#results li.selected h3').textContent()).toContain(focusedTitle);
    // The popup's close button is French too.
    expect(await page.locator('.leaflet-popup-close-button').getAttribute('aria-label')).toBe('Fermer');
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('Leaflet speaks French: “Zoom avant”, “Zoom arrière”, no English left', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await search(page);
    // The first row's pill, out of its group if the map groups it, with its popup open.
    await page
      .locator('#results li')
      .first()
      .getByRole('button', { name: /^Voir sur la carte : / })
      .click();
    await page.locator('.leaflet-popup').waitFor();
    expect(await page.getByRole('button', { name: 'Zoom avant' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Zoom arrière' }).count()).toBe(1);
    const html = await page.locator('#map').evaluate((e) => e.outerHTML);
    for (const english of ['Zoom in', 'Zoom out', 'Close popup', 'A JavaScript library', 'Marker'])
      expect(html, english).not.toContain(english);
    await close();
  });
});

describe('direction links', () => {
  test('each names its station, and the geo: link is hidden on a desktop', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await search(page);
    const rows = page.locator('#results li');
    const n = await rows.count();
    const googleNames = new Set<string>();
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const title = (await row.locator('h3').textContent())?.trim() ?? '';
      const google = row.getByRole('link', { name: `Google Maps : itinéraire vers ${title}`, exact: true });
      const waze = row.getByRole('link', { name: `Waze : itinéraire vers ${title}`, exact: true });
      expect(await google.count(), title).toBe(1);
      expect(await waze.count(), title).toBe(1);
      const apple = row.getByRole('link', { name: `Apple Plans : itinéraire vers ${title}`, exact: true });
      expect(await apple.getAttribute('href'), title).toMatch(/^https:\/\/maps\.apple\.com\/\?daddr=-?\d/);
      googleNames.add((await google.getAttribute('aria-label')) ?? '');
      // On a desktop a geo: link opens nothing: it is not shown (nor read).
      expect(await row.locator('a[href^="geo:"]').isVisible()).toBe(false);
    }
    expect(googleNames.size, 'no two rows’ links sound the same').toBeGreaterThan(n / 2);
    await close();
  });

  test('on a touch phone the geo: link is shown, named with its station', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.mobile, { touch: true });
    await search(page);
    const row = page.locator('#results li').first();
    const title = (await row.locator('h3').textContent())?.trim() ?? '';
    const geo = row.getByRole('link', { name: `Appli de cartes : itinéraire vers ${title}`, exact: true });
    expect(await geo.isVisible()).toBe(true);
    expect(await geo.getAttribute('href')).toMatch(/^geo:/);
    await close();
  });
});
