import { expect, test } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { findChromium } from '../helpers/chromium.ts';

// The browser a fresh machine gets from `npm ci` alone (test/helpers/chromium.ts), driven here even where a
// system Chromium exists and the other browser tests use that one.
test('the Chromium inside @sparticuz/chromium renders, lays out and screenshots a French page', async () => {
  expect((await findChromium('npm')).source).toMatch(/^@sparticuz\/chromium \d+/);
  const browser = await launchChromium('npm');
  try {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.setContent('<h1 style="font-family: sans-serif">Gazole à 1,799 € — prix relevé à Évry</h1>');
    expect(await page.locator('h1').textContent()).toBe('Gazole à 1,799 € — prix relevé à Évry');
    // Text that found no font would still be in the DOM; its box shows that glyphs were laid out.
    expect((await page.locator('h1').boundingBox())?.width).toBeGreaterThan(200);
    const png = await page.screenshot();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // A second context (the tests open one per page) in the same browser.
    const other = await (await browser.newContext()).newPage();
    await other.goto('data:text/html,<p>deux</p>');
    expect(await other.locator('p').textContent()).toBe('deux');
  } finally {
    await browser.close();
  }
});
