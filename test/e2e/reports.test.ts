import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDocumentClient, openTable } from '#shared/db/client.ts';
import { listNameOverrides } from '#shared/db/name-overrides.ts';
import {
  type E2E,
  openPage,
  screenshot,
  seriousA11yViolations,
  signIn,
  startE2E,
  VIEWPORTS,
} from '../helpers/browser.ts';
import { makeAdmin, newUser, PASSWORD, poolOf } from '../helpers/cognito.ts';

/**
 * "Signaler une erreur" in headless Chromium against the real product (built site, first ingest of a real
 * national feed): signed out the station page invites to sign in; a signed-in driver reports a wrong name
 * (after a validation message from the API's field error); an admin accepts it in the console, and the
 * station's override is stored.
 */
process.env.FEED_URL = 'http://127.0.0.1:9/instantane';
process.env.FEED_FILE = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';

let e2e: E2E;
let stationId: string;
const DRIVER = 'lea.petit@example.fr';
const ADMIN = 'admin@plein.example';

beforeAll(async () => {
  e2e = await startE2E();
  const pool = poolOf(e2e.product);
  const res = await fetch(`${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&limit=1`);
  stationId = ((await res.json()) as { stations: { id: string }[] }).stations[0]?.id as string;
  await newUser(pool, DRIVER, 'Léa');
  await newUser(pool, ADMIN, 'Admin');
  await makeAdmin(pool, ADMIN);
});

afterAll(async () => {
  await e2e?.stop();
});

describe('Signaler une erreur', () => {
  test('signed out, the station page invites to sign in and comes back to the station', async () => {
    const { page, close } = await openPage(e2e);
    await page.goto(`/station/?id=${stationId}`);
    const invite = page.getByRole('link', { name: 'Connectez-vous' }).filter({ hasText: 'Connectez-vous' });
    await page.getByRole('heading', { name: 'Signaler une erreur' }).waitFor();
    const hrefs = await invite.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(
      hrefs.some((h) => h.endsWith(`/connexion/?next=${encodeURIComponent(`/station/?id=${stationId}`)}`)),
    ).toBe(true);
    expect(await page.locator('#report-form').isVisible()).toBe(false);
    await close();
  });

  test('a driver reports a wrong name; an admin accepts it in the console', async () => {
    const driver = await openPage(e2e);
    const { page } = driver;
    await signIn(page, DRIVER, PASSWORD);
    await page.goto(`/station/?id=${stationId}`);
    const open = page.getByRole('button', { name: 'Signaler une erreur' });
    await open.click();
    expect(await open.getAttribute('aria-expanded')).toBe('true');

    // Nothing chosen: the API's field error, in French, on the kind.
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await expect
      .poll(() => page.locator('#report-msg').textContent())
      .toContain('Choisissez ce qui est faux');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('kind');

    // Price: the official site is offered before anything is sent.
    await page.getByLabel('Un prix').check();
    expect(
      await page.getByRole('link', { name: 'site officiel des prix des carburants' }).getAttribute('href'),
    ).toBe('https://www.prix-carburants.gouv.fr/');

    await page.getByLabel('Le nom de la station').check();
    await page.getByLabel('Nom exact de la station').fill('Total Access Paris Vaugirard');
    await page.getByLabel('Commentaire (facultatif)').fill('Le panneau a changé la semaine dernière.');
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await expect.poll(() => page.locator('#report-done').textContent()).toContain('Merci');
    expect(await page.locator('#report-form').isVisible()).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(driver.pageErrors).toEqual([]);
    await driver.close();

    const admin = await openPage(e2e, VIEWPORTS.desktop);
    await signIn(admin.page, ADMIN, PASSWORD);
    await admin.page.goto('/admin/');
    const row = admin.page.locator('#reports tr', { hasText: 'Total Access Paris Vaugirard' });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Nom');
    expect(text).toContain('Le panneau a changé');
    expect(text).not.toContain('@');
    await row.getByRole('textbox').fill('Vérifié sur Street View');
    await row.getByRole('button', { name: 'Accepter' }).click();
    await expect
      .poll(() => admin.page.locator('#reports-msg').textContent())
      .toContain('imposé à la station dès la prochaine ingestion');
    await expect.poll(() => admin.page.locator('#reports').textContent()).toContain('Aucun signalement');
    await expect.poll(() => admin.page.locator('#audit').textContent()).toContain('Signalement accepté');

    // The accepted queue shows it with the note; the override is stored for the next ingest.
    await admin.page.getByLabel('Signalements à afficher').selectOption('accepted');
    await expect
      .poll(() => admin.page.locator('#reports').textContent())
      .toContain('Vérifié sur Street View');
    const table = openTable(e2e.product.resources.tableName, createDocumentClient());
    expect((await listNameOverrides(table)).get(stationId)).toMatchObject({
      name: 'Total Access Paris Vaugirard',
    });
    // The names coverage figures are shown, or "—" before any names table was joined.
    expect(await admin.page.locator('#names-kpis .kpi').count()).toBe(4);
    await screenshot(admin.page, 'admin-reports-desktop');
    expect(await seriousA11yViolations(admin.page)).toEqual([]);
    expect(admin.cspViolations).toEqual([]);
    expect(admin.pageErrors).toEqual([]);
    await admin.close();
  });
});
