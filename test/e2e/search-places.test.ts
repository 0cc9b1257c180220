import { afterAll, beforeAll, expect, test } from 'vitest';
import { type E2E, openPage, startE2E, VIEWPORTS } from '../helpers/browser.ts';

// Search that knows how French people name places (issue 17, item 1), as a driver on a phone uses it.
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

test('typing “Paris 15e” at 390 px and choosing the suggestion lists the stations of the 15e', async () => {
  const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
  await page.goto('/');
  await page.getByLabel('Carburant', { exact: true }).selectOption('Gazole');
  await page.getByLabel('Où cherchez-vous ?').fill('Paris 15e');
  const option = page.getByRole('option').first();
  await expect.poll(() => option.textContent()).toMatch(/^Paris 15e \(75015\)Arrondissement · \d+ stations?/);
  expect(await page.getByRole('option').count()).toBeGreaterThanOrEqual(1);
  await option.click();

  await page.locator('#results li').first().waitFor();
  await expect.poll(() => page.locator('#results-title').textContent()).toContain('Paris 15e (75015)');
  // Centred on the 15e (its stations' mean), not on an address of another arrondissement.
  const url = new URL(page.url());
  const lat = Number(url.searchParams.get('lat'));
  const lon = Number(url.searchParams.get('lon'));
  expect(lat).toBeGreaterThan(48.825);
  expect(lat).toBeLessThan(48.858);
  expect(lon).toBeGreaterThan(2.262);
  expect(lon).toBeLessThan(2.322);
  // By distance, the nearest stations are the 15e's own, open or not: at night "Ouvertes maintenant" (on by
  // default) hides the closed ones, and the nearest open station may be in the 16e.
  await page.getByLabel('Ouvertes maintenant').uncheck();
  await page.getByRole('button', { name: 'Distance' }).click();
  await expect
    .poll(async () => (await page.locator('#results li .address').allTextContents()).slice(0, 3))
    .toEqual([
      expect.stringContaining('75015'),
      expect.stringContaining('75015'),
      expect.stringContaining('75015'),
    ]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(pageErrors).toEqual([]);
  await close();
});
