import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type E2E,
  holdFirstAnswer,
  openPage,
  screenshot,
  seriousA11yViolations,
  startE2E,
  VIEWPORTS,
} from '../helpers/browser.ts';

// The public pages against the real local product: search, list, map, station page, demo, trends, errors.
let e2e: E2E;
/** A station with prices near the search below, found through the site's own API. */
let stationId = '';

beforeAll(async () => {
  e2e = await startE2E();
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price`,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { stations: { id: string }[] };
  const first = body.stations[0];
  if (!first)
    throw new Error('the first ingest left no station with Gazole near the search: nothing to test');
  stationId = first.id;
});
afterAll(async () => {
  await e2e?.stop();
});

const readPrices = (texts: string[]) =>
  texts
    .map((t) => Number(t.replace(/[^\d,]/g, '').replace(',', '.')))
    .filter((n) => Number.isFinite(n) && n > 0);

describe('Accueil', () => {
  test('searching a town lists stations sorted by price, with every station on the map (its pill or a group)', async () => {
    const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.desktop);
    await page.goto('/');
    await page.getByLabel('Carburant', { exact: true }).selectOption('Gazole');
    await page.getByLabel('Où cherchez-vous ?').fill('75015');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#results li').first().waitFor();
    await page.locator('.price-marker').first().waitFor({ state: 'attached' });

    const prices = readPrices(await page.locator('#results li .price').allTextContents());
    expect(prices.length).toBeGreaterThan(3);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const rows = await page.locator('#results li').count();
    // One marker per row, or a group of the pills that would overlap (lib/map.ts) counting its stations.
    const onMap = await page
      .locator('#map .price-marker')
      .evaluateAll((nodes) =>
        nodes.map((n) =>
          n.classList.contains('group-marker') ? Number.parseInt(n.getAttribute('aria-label') ?? '', 10) : 1,
        ),
      );
    expect(onMap.reduce((a, b) => a + b, 0)).toBe(rows);
    // The row carries the price level in words, the age, distance and directions.
    const first = page.locator('#results li').first();
    await expect.poll(() => first.textContent()).toMatch(/Le moins cher/);
    await expect.poll(() => first.textContent()).toMatch(/Mis à jour il y a/);
    expect(await first.locator('a[href^="geo:"]').count()).toBe(1);
    expect(await first.locator('a[href*="waze.com"]').count()).toBe(1);
    expect(await first.locator('a[href*="google.com/maps"]').count()).toBe(1);

    // Sort by distance: distances ascend.
    await page.getByRole('button', { name: 'Distance' }).click();
    await expect.poll(() => page.locator('[data-sort="distance"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.url()).toContain('sort=distance');
    const readDistances = async () =>
      (await page.locator('#results li .meta strong').allTextContents()).map((t) => {
        const n = Number(t.replace(/[^\d,]/g, '').replace(',', '.'));
        return t.includes('km') ? n * 1000 : n;
      });
    // The URL and the button change before the list is drawn again: wait for the new list, then check it.
    await expect
      .poll(async () => {
        const distances = await readDistances();
        return distances.length > 3 && distances.every((d, i) => i === 0 || (distances[i - 1] ?? 0) <= d);
      })
      .toBe(true);
    const distances = await readDistances();
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // The fuel is remembered.
    expect(await page.evaluate(() => localStorage.getItem('plein.fuel'))).toBe('Gazole');
    await screenshot(page, 'accueil-resultats-desktop', false);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('“Me localiser” searches around the device position (mobile)', async () => {
    const { page, cspViolations, close } = await openPage(e2e, VIEWPORTS.mobile, {
      geolocation: { latitude: 45.764, longitude: 4.8357 },
    });
    await page.goto('/');
    await page.getByRole('button', { name: 'Me localiser' }).click();
    await page.locator('#results li').first().waitFor();
    await page.locator('.price-marker').first().waitFor({ state: 'attached' });
    expect(await page.locator('#results-title').textContent()).toContain('Ma position');
    await screenshot(page, 'accueil-resultats-mobile', false);
    await page.locator('#results').scrollIntoViewIfNeeded();
    await screenshot(page, 'accueil-liste-mobile', false);
    expect(cspViolations).toEqual([]);
    await close();
  });
});

describe('Station', () => {
  test('shows prices with their age and rank, hours, and a price-history chart', async () => {
    expect(stationId, 'a Gazole station near Montparnasse').not.toBe('');
    const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.desktop);
    await page.goto(`/station/?id=${stationId}`);
    await page.locator('#prices tr').first().waitFor();
    expect(await page.locator('#prices tr').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#prices').textContent()).toMatch(/€/);
    await expect.poll(() => page.locator('#prices').textContent()).toMatch(/Mis à jour il y a/);
    // A year of history covers the local feed's date: the chart is drawn.
    await page.getByRole('button', { name: '1 an' }).click();
    await page.locator('#chart canvas').waitFor();
    await expect.poll(() => page.locator('#history-summary').textContent()).toMatch(/sur 1 an/);
    await page.locator('#station-map .price-marker').waitFor({ state: 'attached' });
    await screenshot(page, 'station-desktop');
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('an unknown station says so', async () => {
    const { page, close } = await openPage(e2e);
    await page.goto('/station/?id=99999999');
    await expect.poll(() => page.locator('#station-msg').textContent()).toMatch(/n’existe pas/);
    await close();
  });
});

describe('Démo and Tendances', () => {
  test('the demo dashboard works without an account and invites to sign up', async () => {
    const { page, cspViolations, close } = await openPage(e2e);
    await page.goto('/demo/');
    await page.locator('#dashboard section').first().waitFor();
    expect(await page.locator('#dashboard .station-row').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Créer mon compte gratuit' }).count()).toBe(1);
    await screenshot(page, 'demo-mobile');
    expect(cspViolations).toEqual([]);
    await close();
  });

  test('trends show national figures and the cheapest départements', async () => {
    const { page, cspViolations, close } = await openPage(e2e, VIEWPORTS.desktop);
    await page.goto('/tendances/');
    await page.locator('#cheap-depts tr').first().waitFor();
    await expect.poll(() => page.locator('#all-fuels tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'tendances-desktop');
    expect(cspViolations).toEqual([]);
    await close();
  });

  test('trends: an older answer that arrives last does not replace the figures of the newer choice', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    // The page's first load (Gazole) is held until the figures for SP98, chosen meanwhile, are shown.
    const first = await holdFirstAnswer(
      page,
      (url) => url.pathname.endsWith('/api/stats') && url.searchParams.get('fuel') === 'Gazole',
    );
    await page.goto('/tendances/');
    await page.locator('#trend-fuel').selectOption('SP98');
    await expect.poll(() => page.locator('#trend-kpis').textContent()).toContain('SP98 (E5)');
    expect(first.held()).toBe(true);
    await first.deliver();
    expect(await page.locator('#trend-kpis').textContent()).toContain('SP98 (E5)');
    expect(await page.locator('#trend-kpis').textContent()).not.toContain('Gazole');
    await close();
  });
});

describe('errors', () => {
  test('when the API is down, every page says so clearly', async () => {
    const { page, cspViolations, close } = await openPage(e2e);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    await expect.poll(() => page.locator('#site-status').textContent()).toMatch(/injoignable/);
    expect(await page.locator('#site-status-wrap').isVisible()).toBe(true);
    await page.getByLabel('Où cherchez-vous ?').fill('Lyon');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await expect.poll(() => page.locator('#home-msg').textContent()).toMatch(/injoignable/);
    await screenshot(page, 'api-indisponible-mobile');
    await page.goto('/demo/');
    await expect.poll(() => page.locator('#dashboard-msg').textContent()).toMatch(/injoignable/);
    expect(cspViolations).toEqual([]);
    await close();
  });

  test('an unknown address gets the 404 page', async () => {
    const { page, close } = await openPage(e2e);
    const res = await page.goto('/nulle-part/');
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page introuvable');
    await close();
  });
});

describe('every page', () => {
  const pages = [
    ['accueil', '/'],
    ['station', '/station/?id='],
    ['tableau-de-bord', '/tableau-de-bord/'],
    ['mes-stations', '/mes-stations/'],
    ['profil', '/profil/'],
    ['connexion', '/connexion/'],
    ['inscription', '/inscription/'],
    ['mot-de-passe-oublie', '/mot-de-passe-oublie/'],
    ['confirmation', '/confirmation/'],
    ['demo', '/demo/'],
    ['tendances', '/tendances/'],
    ['admin', '/admin/'],
    ['guide', '/guide/'],
    ['404', '/introuvable/'],
  ] as const;
  /** What each page that loads data shows once it has rendered it (the other pages load nothing of their own). */
  const loaded: Partial<Record<(typeof pages)[number][0], string[]>> = {
    station: ['#prices tr'],
    demo: ['#dashboard .station-row'],
    tendances: ['#cheap-depts tr', '#all-fuels tr'],
  };

  test('has no serious accessibility violation, no CSP violation, and is screenshotted at 390 and 1280 px', async () => {
    const problems: string[] = [];
    for (const [name, path] of pages) {
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        const { page, cspViolations, close } = await openPage(e2e, viewport);
        await page.goto(path === '/station/?id=' ? `${path}${stationId}` : path);
        // Let the islands render what they load: no request in flight, and their content is there (a screenshot
        // waits for the next frame itself).
        await page.waitForLoadState('networkidle');
        for (const selector of loaded[name] ?? [])
          await page.locator(selector).first().waitFor({ state: 'attached' });
        await screenshot(page, `${name}-${size}`);
        if (size === 'mobile')
          for (const v of await seriousA11yViolations(page)) problems.push(`${path}: ${v}`);
        for (const v of cspViolations) problems.push(`${path} (${size}): CSP ${v}`);
        await close();
      }
    }
    expect(problems).toEqual([]);
  });
});
