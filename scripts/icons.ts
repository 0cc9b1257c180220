/**
 * Draws the app's PNG icons (web/public/icons/) from the favicon's SVG with the browser the tests drive:
 * browsers ask a web app manifest for 192 and 512 px PNGs, and a "maskable" one whose drawing keeps to the
 * central 80 % that an Android launcher's mask leaves. Run `npm run icons` after changing the favicon.
 */
import { readFile } from 'node:fs/promises';
import { chromium as playwright } from 'playwright-core';
import { findChromium } from '../test/helpers/chromium.ts';

const DIR = new URL('../web/public/icons/', import.meta.url);
const svg = await readFile(new URL('../web/public/favicon.svg', import.meta.url), 'utf8');
const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
];

const browser = await findChromium();
const launched = await playwright.launch({
  executablePath: browser.executablePath,
  args: browser.args,
  env: browser.env,
});
try {
  for (const icon of ICONS) {
    const page = await launched.newPage({ viewport: { width: icon.size, height: icon.size } });
    // Maskable: a full square of the brand colour, the pump drawn at 60 % in the middle.
    const inner = icon.maskable ? svg.replace(/rx="7"/, 'rx="0"') : svg;
    const scale = icon.maskable ? 0.6 : 1;
    await page.setContent(
      `<body style="margin:0;background:${icon.maskable ? '#073f7a' : 'transparent'};display:grid;place-items:center;height:100vh">` +
        `<div style="width:${icon.size * scale}px;height:${icon.size * scale}px">${inner.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
    );
    await page.screenshot({ path: new URL(icon.file, DIR).pathname, omitBackground: !icon.maskable });
    await page.close();
  }
} finally {
  await launched.close();
}
console.log(`icons: ${ICONS.map((i) => i.file).join(', ')} in web/public/icons/`);
