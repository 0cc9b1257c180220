import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HistoryStore } from '#shared/history/store.ts';
import type { ArchivePoint } from '#shared/history/types.ts';
import { createS3Client } from '#shared/s3.ts';
import { commitStationYear } from '../helpers/archive.ts';
import { type E2E, openPage, startE2E, VIEWPORTS } from '../helpers/browser.ts';

/**
 * Issue 18 item 3 in headless Chromium: the station page's history card over 30 j / 1 an / 5 ans / Tout,
 * with a backfilled archive (2019 and this year, put through the history store) under the live feed's
 * prices. Long ranges say their resolution and how many changes they held; the archive's start is said.
 */
process.env.FEED_URL = 'http://127.0.0.1:9/instantane';
process.env.FEED_FILE = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';

let e2e: E2E;
let stationId = '';
const THIS_YEAR = new Date().getUTCFullYear();

/** One change a week of `year` from January, alternating prices; one outlier. */
function year(y: number, weeks: number): ArchivePoint[] {
  return Array.from({ length: weeks }, (_, i) => ({
    at: new Date(Date.UTC(y, 0, 5 + i * 7, 8)).toISOString().replace('.000Z', '+00:00'),
    price: i === 3 ? 9.99 : 1.6 + (i % 5) / 100,
    ...(i === 3 ? { flag: 'outlier' as const } : {}),
  }));
}

beforeAll(async () => {
  e2e = await startE2E();
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price`,
  );
  stationId = ((await res.json()) as { stations: { id: string }[] }).stations[0]?.id ?? '';
  expect(stationId).not.toBe('');
  const store: HistoryStore = { s3: createS3Client(), bucket: e2e.product.resources.buckets.data };
  for (const [y, points] of [
    [2019, year(2019, 40)],
    [THIS_YEAR, year(THIS_YEAR, 40)],
  ] as const)
    await commitStationYear(store, { station: stationId, dept: '75', year: y, points });
});
afterAll(async () => {
  await e2e?.stop();
});

describe('the station’s history card over any period', () => {
  test('1 an and Tout draw the chart; long ranges say their resolution and the archive’s start', async () => {
    const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.desktop);
    await page.goto(`/station/?id=${stationId}`);
    await page.locator('#prices tr').first().waitFor();
    await page.locator('#history-fuel').selectOption('Gazole');
    const summary = page.locator('[data-ref="historySummary"]');
    const detail = page.locator('[data-ref="historyDetail"]');
    await summary.scrollIntoViewIfNeeded();

    const oneYear = page.getByRole('button', { name: '1 an' });
    await oneYear.click();
    expect(await oneYear.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain('sur 1 an');
    await page.locator('#chart canvas').waitFor();
    // Every change of the last 365 days: no resolution said, the count and the flagged one are.
    expect(await detail.textContent()).toMatch(/\d+ changements de prix, dont 1 signalé comme douteux/);
    expect(await detail.textContent()).not.toContain('Un point par');

    await page.getByRole('button', { name: '5 ans' }).click();
    await expect.poll(() => detail.textContent(), { timeout: 20_000 }).toContain('Un point par jour');

    await page.getByRole('button', { name: 'Tout' }).click();
    await expect.poll(() => detail.textContent(), { timeout: 20_000 }).toContain('Un point par semaine');
    expect(await detail.textContent()).toContain('Pas d’historique avant le 1 janvier 2019');
    expect(await summary.textContent()).toContain('depuis le début');
    await page.locator('#chart canvas').waitFor();

    // Issue 18 item 5: the "Quand faire le plein ?" card below says a verdict for the same fuel.
    const verdict = page.locator('[data-ref="fillDaysVerdict"]');
    await page.getByRole('heading', { name: 'Quand faire le plein ?' }).scrollIntoViewIfNeeded();
    await expect
      .poll(() => verdict.textContent(), { timeout: 20_000 })
      .toMatch(/le jour le moins cher|Aucun jour n’est vraiment moins cher|Pas encore assez de données/);
    expect(pageErrors).toEqual([]);
    await close();
  });
});
