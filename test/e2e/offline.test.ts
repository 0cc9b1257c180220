import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type E2E,
  openPage,
  ROOT,
  seriousA11yViolations,
  signUpAndSignIn,
  startE2E,
  testEmail,
  VIEWPORTS,
  workerControls,
} from '../helpers/browser.ts';

/**
 * Issue 19 items 1–2: the installable app and what it shows with the network cut. The site's real service
 * worker runs (openPage's `serviceWorker`), the network is cut with the browser's own offline switch, which
 * covers the worker's requests too, and everything shown must come from what the device kept.
 */
let e2e: E2E;
/** Two stations selling Gazole near Montparnasse, through the site's own API. */
let stations: string[] = [];

beforeAll(async () => {
  e2e = await startE2E();
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price&limit=10`,
  );
  const body = (await res.json()) as { stations: { id: string; price: unknown }[] };
  stations = body.stations.filter((s) => s.price).map((s) => s.id);
});
afterAll(async () => {
  await e2e?.stop();
});

const notice = (page: Page) => page.locator('#site-status');

describe('the installable app', () => {
  test('Chromium finds it installable, in French, with its two shortcuts and icons', async () => {
    const { page, context, close } = await openPage(e2e, VIEWPORTS.mobile, { serviceWorker: true });
    await page.goto('/');
    await workerControls(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    const { url, errors, data } = (await cdp.send('Page.getAppManifest')) as {
      url: string;
      errors: { message: string }[];
      data: string;
    };
    expect(errors).toEqual([]);
    const manifest = JSON.parse(data) as {
      name: string;
      lang: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; purpose?: string }[];
      shortcuts: { name: string; url: string }[];
    };
    expect(manifest.lang).toBe('fr');
    expect(manifest.name).toMatch(/^Plein/);
    expect(manifest.display).toBe('standalone');
    expect(manifest.shortcuts.map((s) => s.name)).toEqual(['Autour de moi', 'Tableau de bord']);
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, url));
      expect(res.status, icon.src).toBe(200);
    }
    await close();
  });

  test('the "Autour de moi" shortcut opens the stations around the device', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.mobile, {
      serviceWorker: true,
      geolocation: { latitude: 48.8414, longitude: 2.3003 },
    });
    await page.goto('/?autour=1');
    await page.locator('#results li').first().waitFor();
    expect(await page.locator('#results-title').textContent()).toContain('autour de');
    await close();
  });

  test('a new version waits for the driver: "Nouvelle version disponible", then "Mettre à jour" reloads on it', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.mobile, { serviceWorker: true });
    await page.goto('/');
    await workerControls(page);
    // A new deployment: the same worker with a changed byte, as a new build's precache list would change it.
    const file = join(ROOT, 'web', 'dist', 'sw.js');
    const original = await readFile(file, 'utf8');
    try {
      await writeFile(file, `${original}\n// ${Date.now()}`);
      await page.evaluate(async () => {
        (window as unknown as { before: boolean }).before = true;
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const bar = page.locator('[data-ref="updateBar"]');
      await bar.getByText('Nouvelle version disponible.').waitFor();
      // Nothing reloads until the driver says so.
      expect(await page.evaluate(() => (window as unknown as { before?: boolean }).before)).toBe(true);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await bar.getByRole('button', { name: 'Mettre à jour' }).click();
      await page.waitForFunction(() => (window as unknown as { before?: boolean }).before === undefined);
      await workerControls(page);
      const waiting = await page.evaluate(
        async () => !!(await navigator.serviceWorker.getRegistration())?.waiting,
      );
      expect(waiting).toBe(false);
      expect(await bar.isVisible()).toBe(false);
    } finally {
      await writeFile(file, original);
    }
    await close();
  });
});

describe('with the network cut', () => {
  test('a station page opened before reads from the device, with when its prices were known and their age', async () => {
    expect(stations.length).toBeGreaterThan(1);
    const [seen, unseen] = stations as [string, string];
    const { page, context, pageErrors, close } = await openPage(e2e, VIEWPORTS.mobile, {
      serviceWorker: true,
    });
    await page.goto('/');
    await workerControls(page);
    await page.goto(`/station/?id=${seen}`);
    await page.locator('[data-ref="station"]:not([hidden])').waitFor();
    const title = await page.locator('#station-title').textContent();
    const prices = await page.locator('#prices').textContent();

    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-ref="station"]:not([hidden])').waitFor();
    expect(await page.locator('#station-title').textContent()).toBe(title);
    await expect.poll(() => notice(page).textContent()).toMatch(/^Hors ligne — prix connus le \d{1,2} \w+/);
    expect(await notice(page).isVisible()).toBe(true);
    // The same prices, each saying its age.
    expect(await page.locator('#prices').textContent()).toBe(prices);
    expect(await page.locator('#prices').textContent()).toMatch(/Mis à jour il y a/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A station never opened: the page says it was not kept, instead of pretending or spinning.
    await page.goto(`/station/?id=${unseen}`);
    await expect
      .poll(() => page.locator('main').textContent())
      .toMatch(/Hors ligne : ceci n’a pas été gardé sur cet appareil/);
    expect(await page.locator('#station-title').isVisible()).toBe(false);
    expect(await notice(page).textContent()).toMatch(/^Hors ligne/);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('the last search reopens with its results, from Accueil in the same tab', async () => {
    const { page, context, close } = await openPage(e2e, VIEWPORTS.mobile, { serviceWorker: true });
    await page.goto('/');
    await workerControls(page);
    await page.getByLabel('Où cherchez-vous ?').fill('75015');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#results li').first().waitFor();
    const rows = await page.locator('#results li h3').allTextContents();

    await context.setOffline(true);
    // The start URL, not the search's: in this tab Accueil reopens the last place searched.
    await page.goto('/');
    await page.locator('#results li').first().waitFor();
    expect(await page.locator('#results li h3').allTextContents()).toEqual(rows);
    await expect.poll(() => notice(page).textContent()).toMatch(/^Hors ligne — prix connus le/);
    expect(await page.locator('#results li').first().textContent()).toMatch(/Mis à jour il y a/);
    await close();
  });

  test('the dashboard reads offline; a save says it needs the network and keeps what was typed; sign-out clears it', async () => {
    const [favourite] = stations as [string];
    const { page, context, close } = await openPage(e2e, VIEWPORTS.mobile, { serviceWorker: true });
    await page.goto('/');
    await workerControls(page);
    await signUpAndSignIn(page, testEmail('offline'));
    await page.getByRole('checkbox', { name: 'Gazole (B7)' }).check();
    await page.getByRole('button', { name: 'Enregistrer mes carburants' }).click();
    await page.locator('#no-favourites').waitFor();
    await page.goto(`/station/?id=${favourite}`);
    await page.locator('#favourite-form').waitFor();
    await expect.poll(() => page.locator('#favourite-state').textContent()).toContain('pas dans vos favoris');
    await page.getByRole('button', { name: 'Ajouter aux favoris' }).click();
    await expect.poll(() => page.locator('#favourite-msg').textContent()).toContain('ajoutée');
    await page.goto('/tableau-de-bord/');
    await page.locator('#dashboard .station-row').first().waitFor();
    const rows = await page.locator('#dashboard .station-row h3').allTextContents();

    await context.setOffline(true);
    await page.reload();
    await page.locator('#dashboard .station-row').first().waitFor();
    expect(await page.locator('#dashboard .station-row h3').allTextContents()).toEqual(rows);
    await expect.poll(() => notice(page).textContent()).toMatch(/^Hors ligne — prix connus le/);
    expect(await page.locator('#dashboard .station-row').first().textContent()).toMatch(/il y a/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Renaming the favourite needs the network: it says so, and the name typed stays in its field.
    await page.goto(`/station/?id=${favourite}`);
    await page.locator('#favourite-form').waitFor();
    await expect.poll(() => page.locator('#favourite-state').textContent()).toContain('dans vos favoris');
    await page.getByLabel('Nom personnalisé (facultatif)').fill('Maison');
    await page
      .getByRole('button', { name: /favoris|Renommer|Enregistrer/ })
      .first()
      .click();
    await expect
      .poll(() => page.locator('#favourite-msg').textContent())
      .toMatch(/hors ligne.*demande le réseau/i);
    expect(await page.getByLabel('Nom personnalisé (facultatif)').inputValue()).toBe('Maison');

    // Back online, signing out deletes what the device kept of this driver.
    await context.setOffline(false);
    const kept = () => page.evaluate(async () => (await caches.keys()).includes('plein-private'));
    expect(await kept()).toBe(true);
    await page.goto('/profil/');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/profil'));
    await expect.poll(kept).toBe(false);

    // Signing in offline: it needs the network, says so, and the address typed stays.
    await context.setOffline(true);
    await page.goto('/connexion/');
    await page.getByLabel('Adresse e-mail').fill('quelquun@example.org');
    await page.getByLabel('Mot de passe', { exact: true }).fill('Carburant2026Ok');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toMatch(/hors ligne : cela demande le réseau/i);
    expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe('quelquun@example.org');
    await close();
  });
});
