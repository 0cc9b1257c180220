import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2E, openPage, seriousA11yViolations, startE2E, VIEWPORTS } from '../helpers/browser.ts';

/**
 * Issue 19 item 4: "Partager" on a search and on a station. Headless Chromium on Linux has no share sheet,
 * so the desktop path copies the link (read back from the real clipboard); the phone path is a page whose
 * navigator.share records what it was given, as a phone's sheet would receive it. Each link is opened in a
 * fresh context (the recipient: no storage, no remembered place or fuel) and must show the same view.
 */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

/** Titles of the list's rows, in order: what the recipient must see the same. */
const rowTitles = (page: Page) => page.locator('#results li h3').allTextContents();

async function searchParis15(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Carburant', { exact: true }).selectOption('E10');
  await page.getByLabel('Rayon').selectOption('5');
  await page.getByLabel('Où cherchez-vous ?').fill('75015');
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('#results li').first().waitFor();
  await page.getByRole('button', { name: 'Distance' }).click();
  await expect.poll(() => page.locator('#results-title').textContent()).toContain('E10');
  await expect.poll(() => page.locator('[data-ref="summary"]').textContent()).toContain('distance');
}

describe('Partager', () => {
  test('a search: the copied link opens the same search, filters and list, for someone else', async () => {
    const sender = await openPage(e2e, VIEWPORTS.desktop);
    await sender.context.grantPermissions(CLIPBOARD);
    await searchParis15(sender.page);
    const titles = await rowTitles(sender.page);
    await sender.page.getByRole('button', { name: 'Partager cette recherche' }).click();
    await expect.poll(() => sender.page.locator('.share-msg').first().textContent()).toContain('Lien copié');
    const link = await sender.page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).origin).toBe(new URL(e2e.product.url).origin);
    expect(await seriousA11yViolations(sender.page)).toEqual([]);
    await sender.close();

    const recipient = await openPage(e2e, VIEWPORTS.mobile);
    await recipient.page.goto(link);
    await recipient.page.locator('#results li').first().waitFor();
    expect(await recipient.page.locator('#results-title').textContent()).toContain('E10 autour de');
    expect(await recipient.page.getByLabel('Rayon').inputValue()).toBe('5');
    expect(await recipient.page.getByRole('button', { name: 'Distance' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await rowTitles(recipient.page)).toEqual(titles);
    expect(recipient.pageErrors).toEqual([]);
    await recipient.close();
  });

  test('“Ma position” goes rounded to ~100 m, and the page says so', async () => {
    const sender = await openPage(e2e, VIEWPORTS.desktop, {
      geolocation: { latitude: 48.841234, longitude: 2.300456 },
    });
    await sender.context.grantPermissions([...CLIPBOARD, 'geolocation']);
    await sender.page.goto('/');
    await sender.page.getByRole('button', { name: 'Me localiser' }).click();
    await sender.page.locator('#results li').first().waitFor();
    await sender.page.getByRole('button', { name: 'Partager cette recherche' }).click();
    await expect
      .poll(() => sender.page.locator('.share-msg').first().textContent())
      .toMatch(/arrondie à 100 m/);
    const link = new URL(await sender.page.evaluate(() => navigator.clipboard.readText()));
    // The device is at 48.841234, 2.300456: the link carries it to 3 decimals.
    expect(Number(link.searchParams.get('lat'))).toBe(48.841);
    expect(Number(link.searchParams.get('lon'))).toBe(2.3);
    expect(link.searchParams.get('label')).toBe('Position partagée');
    await sender.close();
  });

  test('a station, on a phone: the share sheet gets its name, price and a link to the same fuel', async () => {
    const sender = await openPage(e2e, VIEWPORTS.mobile, { touch: true });
    await sender.page.addInitScript(() => {
      const w = window as unknown as { shared: ShareData[] };
      w.shared = [];
      Object.defineProperty(navigator, 'share', {
        value: async (data: ShareData) => void w.shared.push(data),
      });
    });
    await searchParis15(sender.page);
    await sender.page.locator('#results li h3 a').first().click();
    await sender.page.locator('[data-ref="station"]:not([hidden])').waitFor();
    const history = sender.page.locator('#history-fuel');
    // Another fuel than the one the card opened on: the link must carry the driver's choice.
    const shown = await history.inputValue();
    const other = await history
      .locator('option')
      .evaluateAll(
        (o, cur) => o.map((x) => (x as HTMLOptionElement).value).find((v) => v !== cur) ?? '',
        shown,
      );
    expect(other).not.toBe('');
    await history.selectOption(other);
    await sender.page.getByRole('button', { name: 'Partager cette station' }).click();
    await expect.poll(() => sender.page.locator('.share-msg').first().textContent()).toBe('Partagé.');
    const [data] = await sender.page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
    const title = (await sender.page.locator('#station-title').textContent()) ?? '';
    expect(data?.text).toContain(title);
    expect(data?.text).toMatch(/à \d,\d{3}\u00a0€/);
    const link = new URL(data?.url ?? '');
    expect(link.searchParams.get('fuel')).toBe(other);
    await sender.close();

    const recipient = await openPage(e2e, VIEWPORTS.desktop);
    await recipient.page.goto(link.toString());
    await recipient.page.locator('[data-ref="station"]:not([hidden])').waitFor();
    expect(await recipient.page.locator('#station-title').textContent()).toBe(title);
    expect(await recipient.page.locator('#history-fuel').inputValue()).toBe(other);
    await recipient.close();
  });
});
