import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2E, openPage, signIn, startE2E, VIEWPORTS } from '../helpers/browser.ts';
import { makeAdmin, newUser, PASSWORD, poolOf } from '../helpers/cognito.ts';

/**
 * Issue 17 items 4 and 9 in headless Chromium: the product ingests the real feed of 28 July 2025 while the
 * clock is today's, so every page must say the prices' date instead of "aujourd'hui" or "ces 7 derniers
 * jours", the demo must still rank and estimate (dated), the admin console must say "En retard", and the
 * trends page must name the départements and list every fuel nationally.
 */
process.env.FEED_URL = 'http://127.0.0.1:9/instantane';
process.env.FEED_FILE = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';

let e2e: E2E;
let stationId = '';
/** "28 juillet 2025": the Paris date of the feed's newest price, as GET /api/health gives it. */
let feedDate = '';
const ADMIN = 'admin.old-data@plein.example';

beforeAll(async () => {
  e2e = await startE2E();
  const health = (await (await fetch(`${e2e.product.url}/api/health`)).json()) as { feedTime: string };
  // Formatted here rather than with price-age.ts, so the test also runs (and fails) on the code before it.
  feedDate = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(health.feedTime));
  expect(feedDate).toMatch(/juillet 2025$/);
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price`,
  );
  const body = (await res.json()) as { stations: { id: string }[] };
  stationId = body.stations[0]?.id ?? '';
  expect(stationId).not.toBe('');
  const pool = poolOf(e2e.product);
  await newUser(pool, ADMIN, 'Admin');
  await makeAdmin(pool, ADMIN);
});
afterAll(async () => {
  await e2e?.stop();
});

describe('an old feed, honestly dated (item 4)', () => {
  test('station page: ranks among the feed’s prices, the history’s last price dated, never "aujourd’hui"', async () => {
    const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    await page.goto(`/station/?id=${stationId}`);
    await page.locator('#prices tr').first().waitFor();
    const note = page.locator('[data-ref="rankNote"]');
    await expect.poll(() => note.textContent()).toContain(`dans les 7 jours avant le ${feedDate}`);
    expect(await note.textContent()).not.toContain('ces 7 derniers jours');
    expect(await page.locator('#prices').textContent()).toMatch(/sur \d+ en France/);

    const summary = page.locator('[data-ref="historySummary"]');
    await summary.scrollIntoViewIfNeeded();
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toMatch(/relevé le \d+ \S+ 2025/);
    expect(await summary.textContent()).not.toContain('aujourd’hui');
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('demo: still ranked and estimated, labelled with the prices’ date', async () => {
    const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    await page.goto('/demo/');
    const headline = page.locator('#dashboard [data-ref="headline"]').first();
    await headline.waitFor();
    expect(await headline.textContent()).toContain(`Calcul sur les prix du ${feedDate}`);
    // The first fuel (the one most stations sell) ranks; a fuel with no price near the feed time still
    // says so honestly.
    const first = page.locator('#dashboard section').first();
    expect(await first.textContent()).not.toContain('ni classement');
    expect(await first.textContent()).toContain('La moins chère');
    expect(await page.locator('#dashboard ol').first().getAttribute('aria-label')).toContain(
      `(prix du ${feedDate})`,
    );
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('trends: the figures’ date, not "aujourd’hui"', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await page.goto('/tendances/');
    await page.locator('#cheap-depts tr').first().waitFor();
    await expect
      .poll(() => page.locator('#cheap-depts-title').textContent())
      .toBe(`Départements les moins chers le ${feedDate}`);
    expect(await page.locator('main .lead').first().textContent()).toContain(`avant le ${feedDate}`);
    await close();
  });

  test('admin console: "En retard", not a green "À jour", beside the feed’s age', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await signIn(page, ADMIN, PASSWORD);
    await page.goto('/admin/');
    const kpis = page.locator('#health-kpis');
    await expect.poll(() => kpis.textContent(), { timeout: 20_000 }).toContain('En retard');
    expect(await kpis.textContent()).not.toContain('À jour');
    expect(await kpis.locator('.badge-open').count()).toBe(0);
    await close();
  });
});

describe('trends that read (item 9)', () => {
  test('départements by name, every fuel’s national figures', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await page.goto('/tendances/');
    await page.locator('#cheap-depts tr').first().waitFor();
    const depts = await page.locator('#cheap-depts th').allTextContents();
    expect(depts.length).toBeGreaterThan(3);
    for (const d of depts) expect(d).toMatch(/^\p{L}[\p{L}' -]+ \((\d{2}|2[AB]|97\d)\)$/u);
    expect(await page.locator('#trend-dept option[value="19"]').textContent()).toBe('Corrèze (19)');
    const fuels = await page.locator('#all-fuels th').allTextContents();
    expect(fuels.length).toBeGreaterThanOrEqual(5);
    expect(fuels).toContain('Gazole (B7)');
    expect(fuels).toContain('SP98 (E5)');
    await close();
  });
});
