import { searchQuery, searchResponse } from '#shared/api/schemas.ts';
import type { SearchResponse } from '#shared/api/types.ts';
import { search, withGeocoded } from '#shared/domain/search.ts';
import { geocode, geocoderUrl } from '#shared/places/geocoder.ts';
import { loadSearchView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { httpHandler, respond } from './lib/middleware.ts';
import { snapshotView } from './lib/snapshot.ts';

/** The search index of the published run, as the ingest built it (stations and every commune). */
export const view = snapshotView(loadSearchView);

/**
 * GET /api/search?q= — communes and arrondissements, towns, postcodes, départements, station names and
 * addresses from the snapshot; for words, also the Géoplateforme's addresses and landmarks when it answers
 * in time (the snapshot alone otherwise: docs/API.md, "Search").
 */
export const handler = httpHandler(
  'GET /api/search',
  {
    query: searchQuery,
    response: searchResponse,
    summary: 'Find places and stations by commune, arrondissement, postcode, département, address or name',
    cache: SNAPSHOT_CACHE,
    etag: view.tag,
  },
  async ({ query }) => {
    const snap = await view.get();
    const local = search(snap.search, query.q, query.limit);
    // Words only, and not when a commune or arrondissement placed by its own stations already answers
    // ("Paris 15e", "Lyon"): addresses elsewhere would only dilute it.
    const best = local.places[0];
    const settled = best?.match === 'exact' && best.centre === 'stations';
    const asked = local.kind === 'text' && !settled && geocoderUrl() !== null;
    const found = asked ? await geocode(query.q, query.limit) : null;
    const body = {
      version: snap.version,
      q: query.q,
      ...(found ? withGeocoded(local, found, query.limit) : local),
    } satisfies SearchResponse;
    // The snapshot alone answered because the geocoder failed: not an answer to keep once it is back.
    return asked && !found ? respond(200, body, { 'cache-control': 'no-store' }) : body;
  },
);
