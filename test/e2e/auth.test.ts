import {
  AdminDisableUserCommand,
  AdminResetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CONFIRMATION_CODE,
  type E2E,
  openPage,
  seriousA11yViolations,
  signIn,
  signUpAndSignIn,
  startE2E,
  TEST_PASSWORD,
  testEmail,
} from '../helpers/browser.ts';
import { cognitoClient, newUser, PASSWORD, type Pool, poolOf } from '../helpers/cognito.ts';

// Sign-up, confirmation, sign-in, sign-out, the forgotten password, and the states an admin puts an account
// in (password reset, disabled), against the local Cognito.
let e2e: E2E;
let pool: Pool;
beforeAll(async () => {
  e2e = await startE2E();
  pool = poolOf(e2e.product);
});
afterAll(async () => {
  await e2e?.stop();
});

describe('account pages', () => {
  test('a new user signs up, confirms with the emailed code, signs in and out', async () => {
    const { page, cspViolations, close } = await openPage(e2e);
    const email = testEmail('signup');
    await signUpAndSignIn(page, email);
    await expect.poll(() => page.locator('#account-link').textContent()).toBe('Mon compte');
    const session = await page.evaluate(() => ({
      session: sessionStorage.getItem('plein.session'),
      refresh: localStorage.getItem('plein.refresh'),
    }));
    expect(session.session).toContain('accessToken');
    expect(session.refresh).toContain('refreshToken');

    await page.goto('/profil/');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => page.locator('#account-link').textContent()).toBe('Connexion');
    expect(await page.evaluate(() => localStorage.getItem('plein.refresh'))).toBeNull();
    expect(cspViolations).toEqual([]);
    await close();
  });

  test('sign-up refuses a weak password and an address already used, in French', async () => {
    const { page, close } = await openPage(e2e);
    const email = testEmail('dup');
    await page.goto('/inscription/');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('court');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => page.locator('#signup-error').textContent()).toContain('12 caractères');

    await page.getByLabel('Mot de passe', { exact: true }).fill('toutenminuscules123');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => page.locator('#signup-error').textContent()).toContain('majuscule');

    await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    // A wrong code (asked on the same page), then the same address again.
    await page.getByLabel('Code reçu par e-mail').fill('000000');
    await page.getByRole('button', { name: 'Confirmer et me connecter' }).click();
    await expect.poll(() => page.locator('#confirm-error').textContent()).toContain('incorrect');

    await page.goto('/inscription/');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => page.locator('#signup-error').textContent()).toContain('existe déjà');
    await close();
  });

  test('sign-in with a wrong password says so without saying whether the account exists', async () => {
    const { page, close } = await openPage(e2e);
    await page.goto('/connexion/');
    await page.getByLabel('Adresse e-mail').fill(testEmail('nobody'));
    await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.locator('#signin-error').textContent()).toContain('incorrect');
    await close();
  });

  test('forgotten password: same answer for unknown and known addresses, then a new password works', async () => {
    const { page, cspViolations, close } = await openPage(e2e);
    const email = testEmail('forgot');
    await signUpAndSignIn(page, email);
    await page.evaluate(() => {
      sessionStorage.clear();
      localStorage.clear();
    });

    const ask = async (address: string) => {
      await page.goto('/mot-de-passe-oublie/');
      await page.getByLabel('Adresse e-mail').fill(address);
      await page.getByRole('button', { name: 'Recevoir un code' }).click();
      await page.locator('#forgot-sent').waitFor();
      return (await page.locator('#forgot-sent').textContent())?.replace(address, '<email>');
    };
    const unknown = await ask(testEmail('unknown'));
    const known = await ask(email);
    expect(known).toBe(unknown);

    await page.getByLabel('Code reçu par e-mail').fill('999999');
    await page.getByLabel('Nouveau mot de passe').fill('NouveauMotDePasse42');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect.poll(() => page.locator('#reset-error').textContent()).toContain('incorrect');

    await page.getByLabel('Code reçu par e-mail').fill(CONFIRMATION_CODE);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.waitForURL(/\/connexion\/.*reset=1/);
    await signIn(page, email, 'NouveauMotDePasse42');
    expect(cspViolations).toEqual([]);
    await close();
  });

  test('after an admin reset, sign-in says so, asks for the emailed code and a new password, and signs in', async () => {
    const email = testEmail('adminreset');
    await newUser(pool, email);
    // What POST /api/admin/users/{username}/reset-password calls.
    await cognitoClient(pool).send(
      new AdminResetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email }),
    );
    const { page, cspViolations, close } = await openPage(e2e);
    await page.goto('/connexion/');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect
      .poll(() => page.locator('#signin-info').textContent())
      .toBe(
        'Votre mot de passe a été réinitialisé par l’équipe : saisissez le code reçu par e-mail et choisissez un nouveau mot de passe.',
      );
    expect(await page.locator('#signin-form').isVisible()).toBe(false);
    expect(
      await page.getByLabel('Code reçu par e-mail').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const submit = page.getByRole('button', { name: 'Changer le mot de passe et me connecter' });
    await page.getByLabel('Code reçu par e-mail').fill('000000');
    await page.getByLabel('Nouveau mot de passe').fill('NouveauMotDePasse42');
    await submit.click();
    await expect.poll(() => page.locator('#reset-error').textContent()).toContain('incorrect');

    await page.getByLabel('Code reçu par e-mail').fill(CONFIRMATION_CODE);
    await submit.click();
    await page.waitForURL(/\/tableau-de-bord\//);
    await expect.poll(() => page.locator('#account-link').textContent()).toBe('Mon compte');
    expect(await page.evaluate(() => localStorage.getItem('plein.refresh'))).toContain('refreshToken');
    expect(cspViolations).toEqual([]);
    await close();

    // The old password is gone; the new one is the password now.
    const again = await openPage(e2e);
    await again.page.goto('/connexion/');
    await again.page.getByLabel('Adresse e-mail').fill(email);
    await again.page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await again.page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => again.page.locator('#signin-error').textContent()).toContain('incorrect');
    await signIn(again.page, email, 'NouveauMotDePasse42');
    await again.close();
  });

  test('a disabled account is told it is disabled, not that the password is wrong', async () => {
    const email = testEmail('disabled');
    await newUser(pool, email);
    await cognitoClient(pool).send(
      new AdminDisableUserCommand({ UserPoolId: pool.userPoolId, Username: email }),
    );
    const { page, close } = await openPage(e2e);
    await page.goto('/connexion/');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect
      .poll(() => page.locator('#signin-error').textContent())
      .toBe(
        'Ce compte a été désactivé par l’équipe de Plein : il n’est pas possible de s’y connecter pour l’instant.',
      );
    expect(page.url()).toContain('/connexion/');
    await close();
  });
});
