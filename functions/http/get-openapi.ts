import document from '#shared/api/openapi.json' with { type: 'json' };
import { openApiResponse } from '#shared/api/schemas.ts';
import { DOCS_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';

/** The document is fixed at build time: its text is the validator. */
const text = JSON.stringify(document);

/** GET /api/openapi.json — the OpenAPI 3.1 document generated from the route table and the handlers' schemas. */
export const handler = httpHandler(
  'GET /api/openapi.json',
  {
    response: openApiResponse,
    summary: 'This API, as an OpenAPI 3.1 document',
    cache: DOCS_CACHE,
    etag: () => text,
  },
  async () => document,
);
