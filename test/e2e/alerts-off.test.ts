import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

// The site on a deployment that sends no alert (AWS without -c sesFromEmail): the local product run with
// ALERTS_ENABLED=false serves config.json with `alerts: false`, as the CDK deployment then writes it.
let e2e: E2E;

beforeAll(async () => {
  process.env.ALERTS_ENABLED = 'false';
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
  delete process.env.ALERTS_ENABLED;
});

describe('alerts are not deployed', () => {
  test('the profile says so in French and offers no way to create an alert', async () => {
    expect(await (await fetch(`${e2e.product.url}/config.json`)).json()).toMatchObject({ alerts: false });
    const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile);
    await signUpAndSignIn(page, testEmail('alerts-off'));
    await page.goto('/profil/');
    const notice = page.locator('#alerts-off');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toContain(
      'Les alertes par e-mail ne sont pas disponibles sur ce site',
    );
    expect(await page.locator('#alerts-controls').isHidden()).toBe(true);
    for (const name of ['Ajouter la règle', 'Enregistrer les alertes'])
      expect(await page.getByRole('button', { name }).isVisible(), name).toBe(false);
    expect(await page.getByLabel('Recevoir les alertes par e-mail').isVisible()).toBe(false);
    // The rest of the profile works as usual.
    await page.locator('#prefs-form').waitFor({ state: 'visible' });
    await screenshot(page, 'profil-alertes-indisponibles-mobile');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });
});
