import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2E, openPage, ROOT, screenshot, signIn, startE2E } from '../helpers/browser.ts';
import { makeAdmin, newUser, PASSWORD, poolOf } from '../helpers/cognito.ts';

/**
 * Issue 17 item 3: every page fits a phone. Each page of web/src/pages (signed in, as an admin, so the account
 * pages and the console show their real content) at 320, 360 and 390 px, with the stations of the local
 * product's real feed: nothing scrolls sideways, every nav entry is on screen, the data notice (the local feed
 * is old, so it shows) covers nothing; on the home page the first result is near the top.
 */
let e2e: E2E;
let stationId = '';
const EMAIL = 'phone.fit@example.fr';
const WIDTHS = [320, 360, 390];
const HEIGHT = 844;

beforeAll(async () => {
  e2e = await startE2E();
  const res = await fetch(
    `${e2e.product.url}/api/stations?lat=48.8414&lon=2.3003&radiusKm=5&fuel=Gazole&sort=price&limit=3`,
  );
  const ids = ((await res.json()) as { stations?: { id: string }[] }).stations?.map((s) => s.id) ?? [];
  stationId = ids[0] ?? '';
  if (!stationId) throw new Error('the first ingest left no Gazole station near Montparnasse');
  const pool = poolOf(e2e.product);
  const driver = await newUser(pool, EMAIL, 'Camille');
  await makeAdmin(pool, EMAIL);
  for (const id of ids) {
    const put = await fetch(`${e2e.product.url}/api/me/favourites/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${driver.accessToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(put.status).toBeLessThan(300);
  }
});
afterAll(async () => {
  await e2e?.stop();
});

/** Every page of the site, from web/src/pages (so a new page is measured too), as the address to visit. */
function sitePages(): string[] {
  const dir = join(ROOT, 'web', 'src', 'pages');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.astro'))
    .map((f) => f.replace(/\.astro$/, '').replace(/(^|\/)index$/, ''))
    .map((f) => (f === '404' ? '/introuvable/' : f === '' ? '/' : `/${f}/`))
    .map((path) => (path === '/station/' ? `/station/?id=${stationId}` : path))
    .sort();
}

/** What each data page shows once loaded (the others load nothing that changes their width). */
const LOADED: Record<string, string> = {
  '/station/': '#prices tr',
  '/tendances/': '#all-fuels tr',
  '/demo/': '#dashboard .station-row',
  '/mes-stations/': '#favourites li',
};

/** Everything wrong with the page's fit at its current size, as sentences (empty when it fits). */
async function fitProblems(page: Page, where: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const width = innerWidth;
    const doc = document.documentElement;
    if (doc.scrollWidth > width) {
      // Name the widest culprits: elements whose right edge passes the viewport.
      const wide = [...document.querySelectorAll<HTMLElement>('main *, header *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length > 0)
        .slice(0, 3)
        .map(
          (e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)})`,
        );
      problems.push(`page is ${doc.scrollWidth} px wide: ${wide.join(', ')}`);
    }
    // A table or list cut by its own sideways scroller hides columns just the same (the admin console's
    // wide tables are the one exception: a console of figures, not a driver's page).
    if (!location.pathname.startsWith('/admin')) {
      for (const e of document.querySelectorAll<HTMLElement>('main *, header *')) {
        const style = getComputedStyle(e);
        if (!/auto|scroll/.test(style.overflowX) || e.closest('.leaflet-container')) continue;
        if (e.scrollWidth > e.clientWidth + 1 && e.getClientRects().length > 0)
          problems.push(
            `${e.tagName.toLowerCase()}.${e.className} cuts its content (${e.scrollWidth} > ${e.clientWidth})`,
          );
      }
    }
    // Every nav entry shown is on screen, whole.
    for (const a of document.querySelectorAll<HTMLAnchorElement>('.site-nav a')) {
      if (a.closest('[hidden]')) continue;
      const r = a.getBoundingClientRect();
      if (r.width === 0 || r.left < 0 || r.right > width + 0.5)
        problems.push(
          `nav entry “${a.textContent?.trim()}” is off screen (${Math.round(r.left)}–${Math.round(r.right)})`,
        );
    }
    return problems;
  });
  return found.map((p) => `${where}: ${p}`);
}

/** Whether the data notice lies over something of the page, at the current scroll. */
async function noticeCovers(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const wrap = document.getElementById('site-status-wrap');
    if (!wrap || wrap.hidden) return null;
    const box = wrap.querySelector('.notice')?.getBoundingClientRect();
    if (!box || box.height === 0) return null;
    for (const fx of [0.1, 0.5, 0.9])
      for (const fy of [0.1, 0.5, 0.9]) {
        const x = box.left + box.width * fx;
        const y = box.top + box.height * fy;
        if (y < 0 || y > innerHeight) continue;
        const under = document
          .elementsFromPoint(x, y)
          .find((e) => !wrap.contains(e) && e.closest('main, .site-header, footer') && e.tagName !== 'MAIN');
        if (under)
          return `${under.tagName.toLowerCase()}.${under.className} under the notice at ${Math.round(y)} px`;
      }
    return null;
  });
}

describe('every page fits a phone', () => {
  test('at 320, 360 and 390 px: no sideways scroll, every nav entry on screen, nothing under the data notice', {
    timeout: 600_000,
  }, async () => {
    const pages = sitePages();
    expect(pages).toEqual(expect.arrayContaining(['/', '/tendances/', '/profil/', '/introuvable/']));
    expect(pages.some((p) => p.startsWith('/station/?id='))).toBe(true);
    const { page, close } = await openPage(e2e, { width: 390, height: HEIGHT });
    await signIn(page, EMAIL, PASSWORD);
    const problems: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      for (const path of pages) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        const loaded = LOADED[path.replace(/\?.*/, '')];
        if (loaded) await page.locator(loaded).first().waitFor({ state: 'attached' });
        problems.push(...(await fitProblems(page, `${path} at ${width} px`)));
        // The notice, at the top and half-way down.
        for (const at of [0, 0.5]) {
          await page.evaluate(
            (f) => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f),
            at,
          );
          const covered = await noticeCovers(page);
          if (covered) problems.push(`${path} at ${width} px, scrolled ${at * 100} %: ${covered}`);
        }
        if (width === 320)
          await screenshot(page, `phone-320${path.replace(/\?.*/, '').replaceAll('/', '-')}`);
      }
    }
    await close();
    expect(problems).toEqual([]);
  });

  test('home at 390×844: the first result of a search is near the top, the list fits, the notice is in view', async () => {
    const { page, close } = await openPage(e2e, { width: 390, height: HEIGHT });
    await page.goto('/');
    await page.getByLabel('Carburant', { exact: true }).selectOption('Gazole');
    await page.getByLabel('Où cherchez-vous ?').fill('75015');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#results li').first().waitFor();
    await page.locator('.price-marker').first().waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    // The local feed is old: the data notice shows, and must sit in the page, not over it.
    await expect.poll(() => page.locator('#site-status').textContent()).toMatch(/\S/);
    // Where the driver sees it once the search has answered, without touching the screen.
    const top = await page
      .locator('#results li')
      .first()
      .evaluate((e) => e.getBoundingClientRect().top);
    await screenshot(page, 'phone-390-accueil-resultats', false);
    expect(top, 'the first result’s top, px from the top of the screen').toBeLessThanOrEqual(400);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      expect(await fitProblems(page, `/ with results at ${width} px`)).toEqual([]);
      for (const at of [0, 0.3, 0.6]) {
        await page.evaluate(
          (f) => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f),
          at,
        );
        expect(await noticeCovers(page), `scrolled ${at * 100} % at ${width} px`).toBeNull();
      }
    }
    await close();
  });
});
