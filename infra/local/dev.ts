/**
 * `npm run dev`: the local product's API, emulators and schedule (as `npm start`, without building the site),
 * and `astro dev` in front with hot reload. Astro's dev server proxies /api and /config.json to the local
 * gateway, so the site talks to the local API on its own origin, as it does in AWS behind CloudFront.
 * DEV_PORT (default 4321) serves the site; PORT (default 3000) and the next five are the stack's, as in npm start.
 */
import { join } from 'node:path';
import { dev } from 'astro';
import { log, root, startFromEnv, stopOnSignals } from './command.ts';

const product = await startFromEnv({
  build: false, // astro dev serves the site from source
  busyHint: 'the stack listens on PORTS: is npm start running? try another PORT',
});

const api = { target: product.url, changeOrigin: false };
const site = await dev({
  root: join(root, 'web'),
  server: { port: Number(process.env.DEV_PORT || 4321), host: 'localhost' },
  vite: { server: { strictPort: true, proxy: { '/api': api, '/config.json': api } } },
}).catch(async (error: Error) => {
  console.error(`[plein] astro dev could not start: ${error.message} (DEV_PORT to pick another port)`);
  await product.stop();
  process.exit(1);
});

log(
  `dev: http://localhost:${site.address.port}/ (hot reload; API ${product.url}/api/health, Ctrl-C to stop)`,
);

stopOnSignals(async () => {
  await site.stop();
  await product.stop();
});
