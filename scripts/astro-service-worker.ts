/**
 * The Astro integration that builds the service worker after the site (issue 19): esbuild bundles
 * web/src/sw/sw.ts with its Workbox modules, then workbox-build's injectManifest writes the list of files to
 * precache (URL + revision hash) into it as `dist/sw.js`. @vite-pwa/astro would do both but does not support
 * this Astro major; these are the same two Workbox steps it runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

/** What is precached: every page and asset the shell needs offline; the admin console needs the network. */
export const PRECACHE = {
  globPatterns: ['**/*.{html,js,css,svg,png,webmanifest,woff2}'],
  // 404.html is served with status 404, which precaching refuses.
  globIgnores: ['admin/**', 'sw.js', 'demo/**', '404.html'],
};

export function serviceWorker() {
  return {
    name: 'plein-service-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }: { dir: URL; logger: { info(m: string): void } }) => {
        const out = fileURLToPath(dir);
        const tmp = await mkdtemp(join(tmpdir(), 'plein-sw-'));
        try {
          const bundled = join(tmp, 'sw.js');
          await build({
            entryPoints: [fileURLToPath(new URL('../web/src/sw/sw.ts', import.meta.url))],
            bundle: true,
            format: 'iife',
            minify: true,
            target: 'es2022',
            outfile: bundled,
            // Workbox logs only in development builds.
            define: { 'process.env.NODE_ENV': '"production"' },
            logLevel: 'warning',
          });
          const { count, size, warnings } = await injectManifest({
            swSrc: bundled,
            swDest: join(out, 'sw.js'),
            globDirectory: out,
            ...PRECACHE,
          });
          for (const w of warnings) logger.info(`service worker: ${w}`);
          logger.info(`service worker: ${count} files precached, ${Math.round(size / 1024)} KB`);
        } finally {
          await rm(tmp, { recursive: true, force: true });
        }
      },
    },
  };
}
