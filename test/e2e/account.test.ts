import { readFile } from 'node:fs/promises';
import {
  AdminAddUserToGroupCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_GROUP } from '#shared/platform.ts';
import {
  type E2E,
  openPage,
  screenshot,
  seriousA11yViolations,
  signIn,
  signUpAndSignIn,
  startE2E,
  testEmail,
  VIEWPORTS,
} from '../helpers/browser.ts';

// A new user's whole journey through the signed-in pages, and the admin page.
let e2e: E2E;
/** Two stations selling Gazole, found through the site's own API. */
let stations: { id: string; price: number }[] = [];

beforeAll(async () => {
  e2e = await startE2E();
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price&limit=40`,
  );
  const body = (await res.json()) as {
    stations: { id: string; price: { price: number; outlier: boolean } | null }[];
  };
  const priced = body.stations.filter((s) => s.price && !s.price.outlier);
  // Two different prices, so "cheapest first" means something; the dearer one is added first.
  const cheap = priced[0];
  const dear = priced.find((s) => cheap && s.price && cheap.price && s.price.price > cheap.price.price);
  stations = [dear, cheap].flatMap((s) => (s?.price ? [{ id: s.id, price: s.price.price }] : []));
});
afterAll(async () => {
  await e2e?.stop();
});

describe('a new user', () => {
  test('signs up, picks fuels, adds and renames favourites, sees them cheapest first, exports, deletes the account', async () => {
    expect(stations, 'two Gazole stations with different prices near Montparnasse').toHaveLength(2);
    const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    const email = testEmail('journey');
    await signUpAndSignIn(page, email);

    // A new user is asked for fuels first.
    await page.locator('#fuels-form').waitFor();
    await screenshot(page, 'tableau-de-bord-nouveau-mobile');
    await page.getByRole('checkbox', { name: 'Gazole (B7)' }).check();
    await page.getByRole('button', { name: 'Enregistrer mes carburants' }).click();
    await page.locator('#no-favourites').waitFor();

    // Two favourites with names, from their station pages.
    const [dear, cheap] = stations as [{ id: string; price: number }, { id: string; price: number }];
    for (const [station, name] of [
      [dear, 'Travail'],
      [cheap, 'Maison'],
    ] as const) {
      await page.goto(`/station/?id=${station.id}`);
      await page.locator('#favourite-form').waitFor();
      await expect
        .poll(() => page.locator('#favourite-state').textContent())
        .toContain('pas dans vos favoris');
      await page.getByLabel('Nom personnalisé (facultatif)').fill(name);
      await page.getByRole('button', { name: 'Ajouter aux favoris' }).click();
      await expect.poll(() => page.locator('#favourite-msg').textContent()).toContain('ajoutée');
    }

    // The dashboard lists them cheapest first.
    await page.goto('/tableau-de-bord/');
    await page.locator('#dashboard .station-row').nth(1).waitFor();
    const titles = await page.locator('#dashboard .station-row h3').allTextContents();
    expect(titles).toEqual(['Maison', 'Travail']);
    await screenshot(page, 'tableau-de-bord-favoris-mobile');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Rename one in "Mes stations".
    await page.goto('/mes-stations/');
    const item = page.locator(`li[data-station="${dear.id}"]`);
    await item.getByLabel('Nom personnalisé').fill('Bureau');
    await item.getByRole('button', { name: 'Renommer' }).click();
    await expect.poll(() => page.locator('#favourites-msg').textContent()).toContain('Bureau');
    await screenshot(page, 'mes-stations-favoris-mobile');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto('/tableau-de-bord/');
    await page.locator('#dashboard .station-row').nth(1).waitFor();
    expect(await page.locator('#dashboard .station-row h3').allTextContents()).toEqual(['Maison', 'Bureau']);

    // Export: a JSON file with the favourites and their names.
    await page.goto('/profil/');
    await expect.poll(() => page.locator('#account-email').textContent()).toBe(email);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger mes données' }).click(),
    ]);
    const path = await download.path();
    const exported = JSON.parse(await readFile(path, 'utf8')) as { favourites: { name?: string }[] };
    expect(exported.favourites.map((f) => f.name).sort()).toEqual(['Bureau', 'Maison']);
    await screenshot(page, 'profil-connecte-mobile');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Delete the account, with confirmation; it can no longer sign in.
    await page.getByRole('button', { name: 'Supprimer mon compte…' }).click();
    await page.getByRole('button', { name: 'Supprimer mon compte', exact: true }).click();
    await expect.poll(() => page.locator('#delete-msg').textContent()).toContain('SUPPRIMER');
    await page.getByLabel('Pour confirmer, tapez SUPPRIMER').fill('SUPPRIMER');
    await page.getByRole('button', { name: 'Supprimer mon compte', exact: true }).click();
    await page.waitForURL(/\/connexion\/\?deleted=1/);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('Carburant2026Ok');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.locator('#signin-error').textContent()).toContain('incorrect');

    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('the profile starts with the sign-up name and saves preferences', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await signUpAndSignIn(page, testEmail('prefs'), undefined, 'Camille');
    await page.goto('/profil/');
    await expect.poll(() => page.getByLabel('Réservoir (litres)').inputValue()).toBe('50');
    expect(await page.getByLabel('Nom affiché').inputValue()).toBe('Camille');
    await page.getByRole('checkbox', { name: 'SP98 (E5)' }).check();
    await page.getByLabel('Réservoir (litres)').fill('42');
    await page.getByLabel('Consommation (L/100 km)').fill('5.8');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.locator('#prefs-msg').textContent()).toBe('Préférences enregistrées.');
    await page.reload();
    await expect.poll(() => page.getByLabel('Réservoir (litres)').inputValue()).toBe('42');
    expect(await page.getByRole('checkbox', { name: 'SP98 (E5)' }).isChecked()).toBe(true);

    // A price alert on the favourites, with the alert emails turned on.
    await page.getByLabel('Prix maximum (€/L, facultatif)').fill('1.8');
    await page.getByRole('button', { name: 'Ajouter la règle' }).click();
    await page.getByLabel('Recevoir les alertes par e-mail').check();
    await page.getByRole('button', { name: 'Enregistrer les alertes' }).click();
    await expect.poll(() => page.locator('#alerts-msg').textContent()).toBe('Alertes enregistrées.');
    await page.reload();
    await expect.poll(() => page.locator('#alert-rules li').count()).toBe(1);
    expect(await page.locator('#alert-rules li').textContent()).toContain('1,800');
    expect(await page.getByLabel('Recevoir les alertes par e-mail').isChecked()).toBe(true);
    await screenshot(page, 'profil-connecte-desktop');
    await close();
  });
});

describe('admin', () => {
  test('only admins see the Admin link; the page lists ingest runs', async () => {
    const { page, cspViolations, close } = await openPage(e2e, VIEWPORTS.desktop);
    const email = testEmail('admin');
    await signUpAndSignIn(page, email);
    // A plain user: no link, and the API refuses.
    expect(await page.getByRole('link', { name: 'Admin' }).isVisible()).toBe(false);
    await page.goto('/admin/');
    await expect.poll(() => page.locator('#admin-msg').textContent()).toContain('administrateurs');

    const cognito = new CognitoIdentityProviderClient({
      region: 'eu-west-3',
      endpoint: e2e.product.endpoints.cognito,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await cognito.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: e2e.product.resources.userPoolId,
        Username: email,
        GroupName: ADMIN_GROUP,
      }),
    );
    await page.evaluate(() => {
      sessionStorage.clear();
      localStorage.clear();
    });
    await signIn(page, email);
    await page.getByRole('link', { name: 'Admin' }).waitFor();
    await page.getByRole('link', { name: 'Admin' }).click();
    // The admin page lists the ingest runs in a table (whatever else the admin console shows).
    await page.locator('main table tbody tr').first().waitFor();
    await screenshot(page, 'admin-desktop');
    expect(cspViolations).toEqual([]);
    await close();
  });
});
