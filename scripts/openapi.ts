/**
 * Generates shared/api/openapi.json (served by GET /api/openapi.json) from THE route table and the zod schemas
 * each handler declares in its httpHandler spec (attached to the exported handler as `handler.schemas`).
 *
 *   node scripts/openapi.ts          write the file
 *   node scripts/openapi.ts --check  exit 1 when the file is out of date (test/unit/api/openapi.test.ts does this)
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RouteSchemas } from '#functions/http/lib/middleware.ts';
import { ROUTES, type Route, routeKey } from '#functions/http/routes.ts';
import { API_DESCRIPTION, buildOpenApi } from '#shared/api/openapi.ts';
import { BACKFILL, BUCKETS, INVOKABLE_FUNCTIONS, TABLE_ENV } from '#shared/platform.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const OPENAPI_FILE = join(ROOT, 'shared/api/openapi.json');

/** Handlers read their configuration at import: give them placeholders (no client connects at import). */
const PLACEHOLDER_ENV = [
  TABLE_ENV,
  ...Object.values(BUCKETS).map((b) => b.env),
  ...Object.values(INVOKABLE_FUNCTIONS).map((f) => f.env),
  BACKFILL.stateMachine.env,
  'USER_POOL_ID',
  'AWS_REGION',
];

export async function generateOpenApiDocument(): Promise<Record<string, unknown>> {
  for (const name of PLACEHOLDER_ENV)
    process.env[name] ||= name === 'AWS_REGION' ? 'eu-west-3' : 'openapi-placeholder';
  const schemas = new Map<string, RouteSchemas | undefined>();
  for (const route of ROUTES as readonly Route[]) {
    const mod = (await import(pathToFileURL(join(ROOT, route.handler)).href)) as {
      handler?: { schemas?: RouteSchemas };
      schemas?: RouteSchemas;
    };
    schemas.set(routeKey(route), mod.schemas ?? mod.handler?.schemas);
  }
  return buildOpenApi(ROUTES as readonly Route[], (r) => schemas.get(`${r.method} ${r.path}`), {
    title: 'Plein API',
    version: '1',
    description: API_DESCRIPTION,
  });
}

/** The committed document, parsed (compared as data: the file's layout is Biome's). */
export async function readCommittedDocument(): Promise<unknown> {
  return JSON.parse(await readFile(OPENAPI_FILE, 'utf8').catch(() => 'null'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const doc = await generateOpenApiDocument();
  if (process.argv.includes('--check')) {
    if (JSON.stringify(await readCommittedDocument()) !== JSON.stringify(doc)) {
      console.error('shared/api/openapi.json is out of date: run `node scripts/openapi.ts`');
      process.exit(1);
    }
    console.log('shared/api/openapi.json is up to date');
  } else {
    await writeFile(OPENAPI_FILE, `${JSON.stringify(doc, null, 2)}\n`);
    // Keep `npm run lint` quiet: the file is laid out the way Biome formats JSON.
    spawnSync(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', OPENAPI_FILE], {
      stdio: 'ignore',
    });
    console.log(`wrote ${OPENAPI_FILE}`);
  }
  process.exit(0);
}
