import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type E2E,
  openPage,
  screenshot,
  seriousA11yViolations,
  signUpAndSignIn,
  startE2E,
  testEmail,
  VIEWPORTS,
} from '../helpers/browser.ts';

// Saved places (issue 19 item 6): saved on the profile with the home page's place search, one tap on Accueil,
// the cheapest nearby on the dashboard.
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

test('a driver saves Maison, taps it on Accueil, sees the cheapest near it on the dashboard, renames and removes it', async () => {
  const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
  // Signed out, Accueil neither shows the chips nor asks for a profile (nor downloads their code).
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  expect(await page.locator('#place-chips').isHidden()).toBe(true);
  expect(requested.filter((p) => p === '/api/me' || p.includes('place-chips'))).toEqual([]);

  await signUpAndSignIn(page, testEmail('places'));
  await page.locator('#fuels-form').waitFor();
  await page.getByRole('checkbox', { name: 'Gazole (B7)' }).check();
  await page.getByRole('button', { name: 'Enregistrer mes carburants' }).click();
  await page.locator('#no-favourites').waitFor();

  // Profile: the Maison slot, picked with the place search.
  await page.goto('/profil/');
  const places = page.getByRole('list', { name: 'Mes lieux' });
  await places.getByRole('button', { name: 'Choisir Maison' }).click();
  expect(await page.getByLabel('Nom du lieu').inputValue()).toBe('Maison');
  await page.getByLabel('Commune, code postal ou adresse').fill('Paris 15e');
  const option = page.getByRole('option').first();
  await expect.poll(() => option.textContent()).toMatch(/^Paris 15e \(75015\)/);
  await screenshot(page, 'profil-lieu-suggestions-mobile', false);
  // Places only: no station is offered (choosing one would leave the page).
  expect(await page.getByRole('option').filter({ hasText: 'Station ·' }).count()).toBe(0);
  await option.click();

  // Offline, the save fails with a message and keeps what was typed.
  await page.route('**/api/me', (route) =>
    route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue(),
  );
  await page.getByRole('button', { name: 'Enregistrer le lieu' }).click();
  await expect.poll(() => page.locator('#place-form-msg').textContent()).toContain('Lieux non enregistrés');
  expect(await page.getByLabel('Nom du lieu').inputValue()).toBe('Maison');
  expect(await page.getByLabel('Commune, code postal ou adresse').inputValue()).toBe('Paris 15e (75015)');
  await page.unroute('**/api/me');
  await page.getByRole('button', { name: 'Enregistrer le lieu' }).click();
  await expect.poll(() => page.locator('#places-msg').textContent()).toContain('« Maison » enregistré');
  expect(await places.locator('li').first().textContent()).toContain('Paris 15e (75015)');
  await expect.poll(() => page.locator('#place-form').isHidden()).toBe(true);
  await page.locator('#mes-lieux').scrollIntoViewIfNeeded();
  await screenshot(page, 'profil-mes-lieux-mobile', false);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Accueil: the chip runs the search around it, in the URL of any search.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Mes lieux' }).getByRole('button', { name: 'Maison' }).click();
  await page.locator('#results li').first().waitFor();
  await expect.poll(() => page.locator('#results-title').textContent()).toContain('Paris 15e (75015)');
  const url = new URL(page.url());
  const lat = Number(url.searchParams.get('lat'));
  const lon = Number(url.searchParams.get('lon'));
  expect([lat > 48.825 && lat < 48.858, lon > 2.262 && lon < 2.322]).toEqual([true, true]);
  expect(url.searchParams.get('label')).toBe('Paris 15e (75015)');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'accueil-mes-lieux-mobile', false);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Dashboard: the cheapest within 10 km of Maison is the API's own cheapest there.
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=${lat}&lon=${lon}&radiusKm=10&fuel=Gazole&sort=price&inStock=true&limit=5`,
  );
  const body = (await res.json()) as {
    stations: { id: string; price: { price: number; outlier: boolean } | null }[];
  };
  const cheapest = body.stations.find((s) => s.price && !s.price.outlier);
  expect(cheapest, 'a Gazole price near Paris 15e in the local feed').toBeDefined();
  await page.goto('/tableau-de-bord/');
  const near = page.locator('#near-places');
  const line = near.getByRole('listitem').filter({ hasText: 'Maison' }).locator('li').first();
  await expect.poll(() => line.textContent()).toContain(cheapest?.price?.price.toFixed(3).replace('.', ','));
  expect(await line.locator('a').first().getAttribute('href')).toBe(`/station/?id=${cheapest?.id}`);
  const search = line.getByRole('link', { name: 'Voir les stations autour de Maison' });
  expect(new URL(String(await search.getAttribute('href')), e2e.product.url).searchParams.get('lat')).toBe(
    lat.toFixed(5),
  );
  await near.scrollIntoViewIfNeeded();
  await screenshot(page, 'tableau-de-bord-mes-lieux-mobile', false);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Renamed, then removed: the suggested slot comes back, and Accueil offers to set places up.
  await page.goto('/profil/');
  await places.getByRole('button', { name: 'Modifier Maison' }).click();
  await page.getByLabel('Nom du lieu').fill('Chez moi');
  await page.getByRole('button', { name: 'Enregistrer le lieu' }).click();
  await expect.poll(() => page.locator('#places-msg').textContent()).toContain('« Chez moi » enregistré');
  expect(await places.locator('li strong').allTextContents()).toEqual(['Chez moi', 'Maison', 'Travail']);
  await places.getByRole('button', { name: 'Supprimer Chez moi' }).click();
  await expect.poll(() => page.locator('#places-msg').textContent()).toContain('« Chez moi » supprimé');
  expect(await places.locator('li strong').allTextContents()).toEqual(['Maison', 'Travail']);
  await page.goto('/');
  const chips = page.getByRole('navigation', { name: 'Mes lieux' });
  await chips.getByRole('link', { name: /Enregistrer Maison, Travail/ }).waitFor();
  expect(await chips.getByRole('button').count()).toBe(0);

  expect(cspViolations).toEqual([]);
  expect(pageErrors).toEqual([]);
  await close();
});
