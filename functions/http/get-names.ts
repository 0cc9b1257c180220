import { namesQuery, namesResponse } from '#shared/api/brand-schemas.ts';
import type { NamesResponse } from '#shared/api/brand-types.ts';
import { nameRows, namesCsv } from '#shared/domain/names-download.ts';
import { NAMES } from '#shared/platform.ts';
import { loadSearchView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { httpHandler, respond, respondText } from './lib/middleware.ts';
import { namesTable } from './lib/names.ts';
import { snapshotView } from './lib/snapshot.ts';

/** Every station's id, postcode and town: the search part holds exactly these for the whole run. */
export const view = snapshotView(loadSearchView);

const COPYRIGHT_URL = 'https://www.openstreetmap.org/copyright';
const LICENCE = {
  name: 'Open Database License (ODbL) 1.0',
  url: NAMES.licenceUrl,
  attribution: NAMES.credit,
  attributionUrl: COPYRIGHT_URL,
};
const LICENCE_LINE = `Station names and brands ${NAMES.credit} (${COPYRIGHT_URL}), licensed under the ${LICENCE.name}: ${NAMES.licenceUrl}`;

/**
 * GET /api/names?format=csv|json — the ODbL download (issue 16): the names table joined with each station's
 * postcode and town, as OpenStreetMap's share-alike licence asks of a database we publish from its data.
 */
export const handler = httpHandler(
  'GET /api/names',
  {
    query: namesQuery,
    response: namesResponse,
    alternatives: {
      'text/csv': `format=csv: a "# ${LICENCE_LINE}" line, then id,name,brand,osmBrand,operator,cp,town`,
    },
    headers: {
      Link: `<${NAMES.licenceUrl}>; rel="license"`,
      'Content-Disposition': 'attachment; filename="plein-noms-stations-osm.csv" (or .json)',
    },
    summary: 'Download station names and brands (OpenStreetMap, ODbL) joined with their postcode and town',
    cache: SNAPSHOT_CACHE,
    etag: async () => `${(await namesTable()).version}@${await view.tag()}`,
  },
  async ({ query }) => {
    const [table, snap] = await Promise.all([namesTable(), view.get()]);
    const rows = nameRows(table, snap.search.stations);
    const headers = {
      link: `<${NAMES.licenceUrl}>; rel="license", <${COPYRIGHT_URL}>; rel="author"`,
      'content-disposition': `attachment; filename="plein-noms-stations-osm.${query.format}"`,
    };
    if (query.format === 'csv')
      return respondText(200, namesCsv(rows, LICENCE_LINE), 'text/csv; charset=utf-8', headers);
    const body = {
      licence: LICENCE,
      namesVersion: table.version,
      fetchedAt: table.fetchedAt,
      source: table.source,
      version: snap.version,
      count: rows.length,
      rows,
    } satisfies NamesResponse;
    return respond(200, body, headers);
  },
);
