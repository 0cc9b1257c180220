import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '#shared/api/account-types.ts';
import type { AlertsResponse } from '#shared/api/alert-types.ts';
import {
  CONFIRMATION_CODE,
  type E2E,
  openPage,
  signUpAndSignIn,
  startE2E,
  TEST_PASSWORD,
  testEmail,
  VIEWPORTS,
} from '../helpers/browser.ts';
import { newUser, PASSWORD, poolOf } from '../helpers/cognito.ts';

// Forms that accept what a French driver types (issue 17, item 6): decimal commas, one save for an alert
// rule, the right message for a wrong password, and no second password after the sign-up code.
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

/** GET an API path with the page's own session, as the site calls it. */
function apiAs<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const session = JSON.parse(sessionStorage.getItem('plein.session') ?? '{}') as { accessToken?: string };
    const res = await fetch(p, { headers: { authorization: `Bearer ${session.accessToken}` } });
    return res.json();
  }, path) as Promise<T>;
}

describe('forms that accept French input', () => {
  test('after the emailed code the new user is signed in, the password never typed again nor stored', async () => {
    const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    const email = testEmail('once');
    await page.goto('/inscription/');
    await page.getByLabel('Prénom ou pseudo (facultatif)').fill('Dominique');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => page.locator('#confirm-info').textContent()).toContain(email);
    expect(
      await page.getByLabel('Code reçu par e-mail').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    // The password is in no field, no storage and no URL while the code is asked for.
    const kept = () =>
      page.evaluate(() =>
        JSON.stringify([
          location.href,
          [...document.querySelectorAll('input')].map((i) => i.value),
          Object.entries(sessionStorage),
          Object.entries(localStorage),
        ]),
      );
    expect(await kept()).not.toContain(TEST_PASSWORD);

    await page.getByLabel('Code reçu par e-mail').fill(CONFIRMATION_CODE);
    await page.getByRole('button', { name: 'Confirmer et me connecter' }).click();
    await page.waitForURL(/\/tableau-de-bord\//);
    await expect.poll(() => page.locator('#account-link').textContent()).toBe('Mon compte');
    expect(await kept()).not.toContain(TEST_PASSWORD);
    // The sign-up name reached the profile, as at a first sign-in.
    await expect
      .poll(async () => (await apiAs<MeResponse>(page, '/api/me')).profile.displayName)
      .toBe('Dominique');
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('a wrong password says the credentials are wrong, whatever the Cognito in front answers', async () => {
    const email = testEmail('wrongpw');
    await newUser(poolOf(e2e.product), email);
    const { page, close } = await openPage(e2e);
    const wrongPassword = async () => {
      await page.goto('/connexion/');
      await page.getByLabel('Adresse e-mail').fill(email);
      await page.getByLabel('Mot de passe', { exact: true }).fill(`${PASSWORD}x`);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await expect
        .poll(() => page.locator('#signin-error').textContent())
        .toBe('Adresse e-mail ou mot de passe incorrect.');
      expect(await page.getByLabel('Mot de passe', { exact: true }).getAttribute('aria-invalid')).toBe(
        'true',
      );
    };
    // This product's Cognito answers NotAuthorizedException, as AWS does…
    await wrongPassword();
    // …an unpatched cognito-local answers InvalidPasswordException, which elsewhere means "too weak".
    await page.route(
      (url) => url.href.startsWith(e2e.product.endpoints.cognito),
      async (route) => {
        const target = route.request().headers()['x-amz-target'] ?? '';
        if (!target.endsWith('.InitiateAuth')) return route.continue();
        await route.fulfill({
          status: 400,
          contentType: 'application/x-amz-json-1.1',
          headers: { 'access-control-allow-origin': '*' },
          body: JSON.stringify({ __type: 'InvalidPasswordException', message: 'Invalid password' }),
        });
      },
    );
    await wrongPassword();
    await page.unrouteAll();

    // Signed in, a wrong current password in "Changer de mot de passe" is said so too.
    await page.goto('/connexion/');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/tableau-de-bord\//);
    await page.goto('/profil/');
    await page.getByLabel('Mot de passe actuel').fill(`${PASSWORD}x`);
    await page.getByLabel('Nouveau mot de passe').fill('NouveauMotDePasse42');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect
      .poll(() => page.locator('#password-msg').textContent())
      .toBe('Le mot de passe actuel est incorrect.');
    await close();
  });

  test('the profile reads “6,5” and “15 000”; one click saves an alert rule at “1,95”, emails on', async () => {
    const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    await signUpAndSignIn(page, testEmail('decimal'));
    await page.goto('/profil/');
    await expect.poll(() => page.getByLabel('Consommation (L/100 km)').inputValue()).toBe('6,5');

    await page.getByLabel('Réservoir (litres)').fill('45 L');
    await page.getByLabel('Consommation (L/100 km)').fill('5,8');
    await page.getByLabel('Kilomètres par an').fill('15 000');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.locator('#prefs-msg').textContent()).toBe('Préférences enregistrées.');
    expect((await apiAs<MeResponse>(page, '/api/me')).profile).toMatchObject({
      tankLitres: 45,
      consumptionL100: 5.8,
      yearlyKm: 15000,
    });
    // Something that is not a number is refused in French, naming the field.
    await page.getByLabel('Consommation (L/100 km)').fill('six');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect
      .poll(() => page.locator('#prefs-msg').textContent())
      .toBe('La consommation : saisissez un nombre, par exemple 6,5.');
    await page.reload();
    await expect.poll(() => page.getByLabel('Consommation (L/100 km)').inputValue()).toBe('5,8');

    // The alert: "1,95" is 1,95 €/L, and "Ajouter la règle" alone saves it with the emails turned on.
    await expect.poll(async () => (await apiAs<AlertsResponse>(page, '/api/me/alerts')).enabled).toBe(false);
    await page.getByLabel('Prix maximum (€/L, facultatif)').fill('1,95');
    await page.getByRole('button', { name: 'Ajouter la règle' }).click();
    await expect.poll(() => page.locator('#alerts-msg').textContent()).toContain('Règle enregistrée');
    expect(await page.locator('#alerts-msg').textContent()).toContain('alertes par e-mail activées');
    expect(await page.getByLabel('Recevoir les alertes par e-mail').isChecked()).toBe(true);
    const saved = await apiAs<AlertsResponse>(page, '/api/me/alerts');
    expect(saved.enabled).toBe(true);
    expect(saved.rules).toEqual([
      expect.objectContaining({ fuel: expect.any(String), maxPrice: 1.95, scope: { kind: 'favourites' } }),
    ]);

    // "1,950 €" typed and "Enregistrer les alertes" pressed without "Ajouter": the rule is saved too.
    await page.getByLabel('Prix maximum (€/L, facultatif)').fill('1,850 €');
    await page.getByLabel('Baisse d’au moins (centimes, facultatif)').fill('5 c');
    await page.getByRole('button', { name: 'Enregistrer les alertes' }).click();
    await expect.poll(() => page.locator('#alerts-msg').textContent()).toContain('Règle enregistrée');
    expect((await apiAs<AlertsResponse>(page, '/api/me/alerts')).rules).toEqual([
      expect.objectContaining({ maxPrice: 1.95, dropCents: null }),
      expect.objectContaining({ maxPrice: 1.85, dropCents: 5 }),
    ]);
    await page.getByLabel('Prix maximum (€/L, facultatif)').fill('195');
    await page.getByRole('button', { name: 'Ajouter la règle' }).click();
    await expect
      .poll(() => page.locator('#alerts-msg').textContent())
      .toBe('Le prix maximum va de 0,5 à 5 € le litre.');

    // "Me prévenir : Par notification" (issue 19): the rule is saved on the push channel, and says so.
    await page.getByLabel('Prix maximum (€/L, facultatif)').fill('1,7');
    await page.getByLabel('Me prévenir').selectOption({ label: 'Par notification' });
    await page.getByRole('button', { name: 'Ajouter la règle' }).click();
    await expect.poll(() => page.locator('#alert-rules li').count()).toBe(3);
    expect((await apiAs<AlertsResponse>(page, '/api/me/alerts')).rules.map((r) => r.channel)).toEqual([
      'email',
      'email',
      'push',
    ]);

    await page.reload();
    await expect.poll(() => page.locator('#alert-rules li').count()).toBe(3);
    expect(await page.locator('#alert-rules li').first().textContent()).toContain('1,950');
    expect(await page.locator('#alert-rules li span').last().textContent()).toMatch(
      /1,700.*, par notification$/,
    );
    expect(pageErrors).toEqual([]);
    await close();
  });
});
