import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commitYear, newGeneration, putTrendYear } from '#shared/history/store.ts';
import type { TrendYear } from '#shared/history/types.ts';
import { createS3Client } from '#shared/s3.ts';
import { type E2E, openPage, screenshot, startE2E, VIEWPORTS } from '../helpers/browser.ts';

// /tendances/ "Depuis 2007" (issue 18): the empty state before a backfill, then the long-range chart once a
// year of national trends (2024, Gazole) is committed through shared/history/store.ts.
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

/** 2024 national Gazole medians: 1.800 € on 1 January, falling to 1.435 € on 31 December. */
const year: TrendYear = {
  v: 1,
  year: 2024,
  dept: 'FR',
  series: {
    Gazole: {
      median: Array.from({ length: 366 }, (_, i) => 1800 - i),
      count: Array.from({ length: 366 }, () => 9000),
    },
  },
};

describe('/tendances/ — Depuis 2007', () => {
  test('says there is no history yet, then draws the archive with its summary once a year is committed', async () => {
    const { page, cspViolations, close } = await openPage(e2e, VIEWPORTS.desktop);
    await page.goto('/tendances/');
    const summary = page.locator('#long-range-summary');
    await expect
      .poll(() => summary.textContent())
      .toContain('Pas encore d’historique : lancez le rattrapage (admin)');

    const store = { s3: createS3Client(), bucket: e2e.product.resources.buckets.data };
    const generation = newGeneration(new Date('2025-01-10T03:00:00Z'));
    await putTrendYear(store, generation, year);
    await commitYear(store, {
      v: 1,
      year: 2024,
      generation,
      sourceSha256: 'b'.repeat(64),
      stations: 9000,
      changes: 1,
      flagged: { outlier: 0, reverted: 0 },
      depts: ['FR'],
      firstDay: '2024-01-01',
      lastDay: '2024-12-31',
      committedAt: '2025-01-10T03:00:00.000Z',
    });
    // The route caches the year pointers for a minute: "Tout" again until the new year shows.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Tout' }).click();
          return summary.textContent();
        },
        { timeout: 90_000, interval: 5_000 },
      )
      .toContain('Archives officielles jusqu’au');
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('médianes hebdomadaires');
    // Weekly: the first week of 2024 (1.800 € falling a millième a day) has the median 1.797 €, the last
    // (30–31 December) the lowest; the live day of the first ingest comes after the archive.
    expect(text).toMatch(/1,797\s€ le 1 janv\. 2024/);
    expect(text).toMatch(/au plus bas 1,43\d\s€ le 30 déc\. 2024/);
    expect(text).toMatch(/Archives officielles jusqu’au 31 déc\. 2024, relevés en direct à partir du/);
    expect(await page.locator('#long-range-chart canvas').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Tout' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'tendances-depuis-2007');
    expect(cspViolations).toEqual([]);
    await close();
  });
});
