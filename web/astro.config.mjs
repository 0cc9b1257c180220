// @ts-check
import { defineConfig } from 'astro/config';
import { serviceWorker } from '../scripts/astro-service-worker.ts';

/**
 * A static site: every page is plain HTML; small TypeScript islands are bundled into external files
 * because the CSP (shared/web-headers.ts) allows no inline script. /config.json is read at run time,
 * so one build deploys to any stage.
 */
export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  // The service worker, built from Workbox after the pages (issue 19).
  integrations: [serviceWorker()],
  vite: {
    // Never inline scripts (CSP script-src 'self') or assets (img-src lists no blob:).
    build: { assetsInlineLimit: 0 },
  },
});
