import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parisDay } from '#shared/domain/time.ts';
import {
  type E2E,
  holdFirstAnswer,
  openPage,
  ROOT,
  SCREENSHOTS,
  screenshot,
  seriousA11yViolations,
  signIn,
  startE2E,
  VIEWPORTS,
} from '../helpers/browser.ts';
import { makeAdmin, newUser, PASSWORD, type Pool, poolOf } from '../helpers/cognito.ts';

/**
 * The admin console in headless Chromium against the real product (built site, first ingest of a real
 * national feed): what a non-admin sees, and an admin's whole tour — health, chart, quirks, usage, users
 * (disable, enable, reset password behind a confirmation), an ingest triggered from the page, the audit
 * list, the history backfill section. Takes a 1280×800 screenshot: test-results/screenshots/admin.png, or
 * docs/screenshots/admin.png for the README with UPDATE_DOCS_SCREENSHOTS=1.
 */
process.env.FEED_URL = 'http://127.0.0.1:9/instantane';
process.env.FEED_FILE = '../shared/feeds/instantane_2025-07-28_ghorbelmanssour.zip';

let e2e: E2E;
let pool: Pool;
const ADMIN = 'admin@plein.example';
const DRIVERS = [
  ['camille.martin@example.fr', 'Camille'],
  ['julien.bernard@example.fr', 'Julien'],
  ['sophie.leroy@example.fr', 'Sophie'],
] as const;

beforeAll(async () => {
  e2e = await startE2E();
  pool = poolOf(e2e.product);
  // A few drivers following stations near Montparnasse, so the usage figures have something to count.
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price&limit=5`,
  );
  const ids = ((await res.json()) as { stations?: { id: string }[] }).stations?.map((s) => s.id) ?? [];
  for (const [i, [email, name]] of DRIVERS.entries()) {
    const driver = await newUser(pool, email, name);
    for (const id of ids.slice(0, 3 - i)) {
      await fetch(`${e2e.product.url}/api/me/favourites/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${driver.accessToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
    }
  }
  await newUser(pool, ADMIN, 'Admin');
  await makeAdmin(pool, ADMIN);
});

afterAll(async () => {
  await e2e?.stop();
});

/** Confirms the dialog the page opens for a user action. */
async function confirm(page: Page, button: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('the admin console', () => {
  test('a signed-in driver sees no Admin link, and the page says it is for admins only', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    const adminCalls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/admin/')) adminCalls.push(r.url());
    });
    await signIn(page, DRIVERS[0][0], PASSWORD);
    expect(await page.getByRole('link', { name: 'Admin' }).isVisible()).toBe(false);
    await page.goto('/admin/');
    await expect.poll(() => page.locator('#admin-msg').textContent()).toContain('administrateurs');
    expect(await page.locator('#console').isVisible()).toBe(false);
    expect(adminCalls, 'known from the token, without asking the API').toEqual([]);

    // In a new tab (only the refresh token held) the page has to ask: the API's JSON 403, which CloudFront
    // passes through unchanged, reads "admins only".
    const denials: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/admin/')) denials.push(r.status());
    });
    await page.evaluate(() => sessionStorage.removeItem('plein.session'));
    await page.goto('/admin/');
    await expect.poll(() => page.locator('#admin-msg').textContent()).toContain('administrateurs');
    expect(adminCalls.length).toBe(1);
    expect(denials).toEqual([403]);
    expect(await page.locator('#console').isVisible()).toBe(false);
    await close();
  });

  test('an admin: health with chart and quirks, usage, users, an ingest from the page, the audit list', async () => {
    const { page, cspViolations, pageErrors, close } = await openPage(e2e, VIEWPORTS.desktop);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(/\/admin\//);

    // Data health: the scheduled first run, its chart, the quirks with example stations.
    await page.locator('#runs tr').first().waitFor();
    expect(await page.locator('#runs tr').count()).toBe(1);
    await expect.poll(() => page.locator('#runs-chart canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#health-kpis').textContent()).toContain('En retard'); // the 2025 feed is old: never a green "À jour" (issue 17)
    const noPrice = page.locator('#quirks tr', { hasText: 'Aucun prix' });
    await noPrice.waitFor();
    expect(await noPrice.locator('a').count()).toBe(5);

    // A run's details.
    await page.locator('#runs tr button').first().click();
    await expect.poll(() => page.locator('#run-facts').textContent()).toContain('Identifiant');
    await expect.poll(() => page.locator('#run-json').textContent()).toContain('"timings"');
    await page.getByRole('dialog').getByRole('button', { name: 'Fermer' }).click();

    // Usage: 4 users, 3 with favourites, the most followed station first.
    await expect.poll(() => page.locator('#usage-kpis').textContent()).toContain('utilisateurs');
    const usage = await page.locator('#usage-kpis').textContent();
    expect(usage).toMatch(/4\s*utilisateurs/);
    expect(usage).toMatch(/3\s*ont des favoris/);
    expect(usage).toContain('non disponible');
    expect(await page.locator('#top-stations tr').count()).toBe(3);
    expect(await page.locator('#top-stations tr').first().locator('td').last().textContent()).toBe('3');

    // Users: search, disable and enable again (each confirmed), reset a password.
    await page.getByLabel('Début de l’adresse e-mail').fill('julien');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => page.locator('#users tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Désactiver' }).click();
    await confirm(page, 'Désactiver');
    await expect.poll(() => page.locator('#users-msg').textContent()).toContain('est désactivé');
    expect(await page.locator('#users tr').first().textContent()).toContain('Désactivé');
    // Cognito refuses to reset a disabled user's password: the page does not offer it.
    expect(await page.getByRole('button', { name: 'Réinitialiser le mot de passe' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Réactiver' }).click();
    await confirm(page, 'Réactiver');
    await expect.poll(() => page.locator('#users-msg').textContent()).toContain('est réactivé');
    await page.getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();
    await confirm(page, 'Réinitialiser le mot de passe');
    await expect.poll(() => page.locator('#users-msg').textContent()).toContain('code de réinitialisation');
    // A cancelled confirmation does nothing.
    await page.getByRole('button', { name: 'Désactiver' }).click();
    await confirm(page, 'Annuler');

    // An ingest from the page (forced: the feed is the one already published), followed to its end.
    await page.getByLabel(/Forcer/).check();
    await page.getByRole('button', { name: 'Lancer l’ingestion' }).click();
    await expect
      .poll(() => page.locator('#ingest-msg').textContent(), { timeout: 90_000 })
      .toContain('Ingestion terminée : réussie');
    await expect.poll(() => page.locator('#runs tr').count()).toBe(2);
    // Again without forcing: the same feed is skipped.
    await page.getByLabel(/Forcer/).uncheck();
    await page.getByRole('button', { name: 'Lancer l’ingestion' }).click();
    await expect
      .poll(() => page.locator('#ingest-msg').textContent(), { timeout: 90_000 })
      .toContain('Ingestion terminée : ignorée');
    await expect.poll(() => page.locator('#runs tr').count()).toBe(3);
    expect(await page.locator('#runs tr').first().textContent()).toContain('flux inchangé');

    // The audit list: the five actions, newest first, by "vous".
    await expect.poll(() => page.locator('#audit tr').count()).toBe(5);
    const audit = await page.locator('#audit').textContent();
    for (const action of [
      'Ingestion lancée',
      'Mot de passe réinitialisé',
      'Compte réactivé',
      'Compte désactivé',
    ])
      expect(audit).toContain(action);
    expect(await page.locator('#audit tr').first().textContent()).toContain('Ingestion lancée');
    expect(audit).not.toContain('@');

    // The screenshot for the README: the console as an admin opens it, at 1280×800.
    await page.goto('/admin/');
    await expect.poll(() => page.locator('#runs tr').count()).toBe(3);
    await page.locator('#runs-chart canvas').first().waitFor();
    await expect.poll(() => page.locator('#audit tr').count()).toBe(5);
    const notice = page.getByRole('button', { name: 'Masquer' });
    if (await notice.isVisible()) await notice.click(); // the feed is an old copy: "old data" notice
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => window.scrollTo(0, 0));
    // The README's copy is only rewritten on request, so a test run leaves the working tree clean.
    const dir = process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : SCREENSHOTS;
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'admin.png') });
    await screenshot(page, 'admin-console-desktop');

    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('the history backfill: every year, the range checked, a start followed to its end, the 409', async () => {
    const { page, pageErrors, close } = await openPage(e2e, VIEWPORTS.desktop);
    const starts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/admin/backfill') starts.push(r.url());
    });
    await signIn(page, ADMIN, PASSWORD);
    await page.goto('/admin/');
    const section = page.getByRole('region', { name: 'Historique (archives annuelles)' });
    const thisYear = Number(parisDay(new Date()).slice(0, 4));
    const years = thisYear - 2007 + 1;
    await expect.poll(() => page.locator('#backfill-years tr').count()).toBe(years);
    for (const header of ['Année', 'État', 'Stations', 'Changements', 'Fichier source (SHA-256)'])
      expect(await section.getByRole('columnheader', { name: header }).count()).toBe(1);
    const year2007 = page.locator('#backfill-years tr').first();
    expect(await year2007.getByRole('rowheader').textContent()).toBe('2007');
    expect(await year2007.textContent()).toContain('Jamais chargée');
    // The defaults: every year.
    expect(await section.getByLabel('De', { exact: true }).inputValue()).toBe('2007');
    expect(await section.getByLabel('À', { exact: true }).inputValue()).toBe(String(thisYear));

    // from > to: refused on the page, the field marked, nothing sent.
    await section.getByLabel('De', { exact: true }).fill('2020');
    await section.getByLabel('À', { exact: true }).fill('2019');
    await section.getByRole('button', { name: 'Charger les années' }).click();
    await expect.poll(() => page.locator('#backfill-msg').textContent()).toContain('doit être antérieure');
    expect(await section.getByLabel('À', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await section.getByLabel('De', { exact: true }).fill('1999');
    await section.getByRole('button', { name: 'Charger les années' }).click();
    await expect.poll(() => page.locator('#backfill-msg').textContent()).toContain('de 2007 à');
    expect(starts).toEqual([]);

    // A real start of 2007 whose download fails at once (nothing listens there): followed until it ends.
    process.env.BACKFILL_URL_TEMPLATE = 'http://127.0.0.1:9/{year}';
    try {
      await section.getByLabel('De', { exact: true }).fill('2007');
      await section.getByLabel('À', { exact: true }).fill('2007');
      await section.getByRole('button', { name: 'Charger les années' }).click();
      await expect
        .poll(() => page.locator('#backfill-running').textContent(), { timeout: 60_000 })
        .toContain('Chargement terminé (année 2007) : 0 année chargée, 1 en échec (2007).');
    } finally {
      delete process.env.BACKFILL_URL_TEMPLATE;
    }
    expect(starts).toHaveLength(1);
    expect(await year2007.textContent()).toContain('Échec');
    expect(await year2007.textContent()).toContain('téléchargement impossible — DOWNLOAD');
    await expect.poll(() => page.locator('#audit tr').first().textContent()).toContain('Rattrapage');
    await mkdir(SCREENSHOTS, { recursive: true });
    await section.screenshot({ path: join(SCREENSHOTS, 'admin-backfill.png') });

    // While another execution runs the API answers 409: the page says so in words.
    await page.route('**/api/admin/backfill', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 409,
            contentType: 'application/json',
            body: JSON.stringify({
              error: { code: 'backfill_running', message: 'A backfill is already running' },
            }),
          })
        : route.fallback(),
    );
    await section.getByRole('button', { name: 'Charger les années' }).click();
    await expect
      .poll(() => page.locator('#backfill-msg').textContent())
      .toContain('Un chargement est déjà en cours');

    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  test('an older user search that answers last does not replace the rows of the newer one', async () => {
    const { page, close } = await openPage(e2e, VIEWPORTS.desktop);
    await signIn(page, ADMIN, PASSWORD);
    // The console's first search (every user) is held until the admin's own search has been shown.
    const first = await holdFirstAnswer(
      page,
      (url) => url.pathname.endsWith('/admin/users') && !url.searchParams.get('emailPrefix'),
    );
    await page.goto('/admin/');
    await page.getByLabel('Début de l’adresse e-mail').fill('julien');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => page.locator('#users tr').count()).toBe(1);
    expect(first.held()).toBe(true);
    await first.deliver();
    expect(await page.locator('#users tr').count()).toBe(1);
    expect(await page.locator('#users tr').first().textContent()).toContain('julien');
    await close();
  });
});
