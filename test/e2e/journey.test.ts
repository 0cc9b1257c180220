import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type E2E,
  openPage,
  screenshot,
  signUpAndSignIn,
  startE2E,
  testEmail,
  VIEWPORTS,
} from '../helpers/browser.ts';

// Issue 17's main journey, on a phone (390 × 844): search "Paris 15e", pick the cheapest open station, add it
// as a favourite from the list, see it on the dashboard, and no page of the way scrolls sideways.
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

/** The page fits the phone's width: nothing makes it scroll sideways. */
async function fitsWidth(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${where}: ${scrollWidth} px wide in ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

describe('the main journey', () => {
  test('Paris 15e → the cheapest open station → a favourite from the list → on the dashboard', async () => {
    const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    await signUpAndSignIn(page, testEmail('journey17'));
    await page.locator('#fuels-form').waitFor();
    await fitsWidth(page, 'tableau de bord (nouveau compte)');
    await page.getByRole('checkbox', { name: 'Gazole (B7)' }).check();
    await page.getByRole('button', { name: 'Enregistrer mes carburants' }).click();
    await page.locator('#no-favourites').waitFor();

    // Search.
    await page.goto('/');
    await fitsWidth(page, 'accueil');
    await page.getByLabel('Carburant', { exact: true }).selectOption('Gazole');
    await page.getByLabel('Où cherchez-vous ?').fill('Paris 15e');
    await page.locator('#suggestions [role="option"]').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#results li').first().waitFor();
    await page.locator('#map .price-marker').first().waitFor({ state: 'attached' });
    await expect
      .poll(() => page.locator('#results-title').textContent())
      .toMatch(/^Gazole.* autour de .*paris/i);
    await fitsWidth(page, 'accueil, résultats');

    // The cheapest open station: open-now is the default, sorted by price; it is marked "Le moins cher".
    expect(await page.getByLabel('Ouvertes maintenant').isChecked()).toBe(true);
    const cheapest = page.locator('#results li').first();
    expect(await cheapest.textContent()).toContain('Le moins cher');
    expect(await cheapest.textContent()).toMatch(/Ouvert/);
    expect(await cheapest.getAttribute('class')).not.toMatch(/is-closed/);
    const id = (await cheapest.getAttribute('data-station')) ?? '';
    const title = (await cheapest.locator('h3').textContent()) ?? '';

    // A favourite from the list, in place.
    await cheapest.getByRole('button', { name: `Ajouter aux favoris : ${title}` }).click();
    await cheapest.getByRole('button', { name: `Retirer des favoris : ${title}` }).waitFor();
    await expect.poll(() => page.locator('#home-msg').textContent()).toContain('ajoutée à vos favoris');
    await fitsWidth(page, 'accueil, favori ajouté');
    await screenshot(page, 'parcours-favori-liste-mobile', false);

    // On the dashboard.
    await page.goto('/tableau-de-bord/');
    const row = page.locator('#dashboard .station-row').first();
    await row.waitFor();
    expect(await page.locator('#dashboard .station-row h3').allTextContents()).toContain(title);
    expect(await page.locator(`#dashboard a[href*="${id}"]`).count()).toBeGreaterThan(0);
    await fitsWidth(page, 'tableau de bord');
    await screenshot(page, 'parcours-tableau-de-bord-mobile');

    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });
});
