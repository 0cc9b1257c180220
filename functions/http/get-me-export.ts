import { exportResponse } from '#shared/api/account-schemas.ts';
import type { ExportResponse } from '#shared/api/account-types.ts';
import { getStations } from '#shared/db/station-reads.ts';
import { groupUserItems, listUserItems } from '#shared/db/users.ts';
import { getAccount } from './lib/cognito.ts';
import { httpHandler } from './lib/middleware.ts';
import { table } from './lib/table.ts';

/**
 * GET /api/me/export — everything stored about the caller: the items under their key (profile, favourites,
 * alert state, anything added later) as stored, and their Cognito user (AdminGetUser); with the stations
 * their favourites refer to, named as the API names them (OSM name and brand).
 */
export const handler = httpHandler(
  'GET /api/me/export',
  { response: exportResponse, summary: 'Everything stored about the caller: their items and Cognito user' },
  async ({ caller }) => {
    const [items, account] = await Promise.all([
      listUserItems(table, caller.sub),
      getAccount(caller.username),
    ]);
    const grouped = groupUserItems(items);
    const ids = grouped.favourites.map((f) => String(f.stationId));
    const stations = [...(await getStations(table, ids)).values()].map(
      ({ id, name, brand, address, cp, town }) => ({
        id,
        name: name ?? null,
        brand: brand ?? null,
        address,
        cp,
        town,
      }),
    );
    return {
      exportedAt: new Date().toISOString(),
      sub: caller.sub,
      account,
      ...grouped,
      stations,
    } satisfies ExportResponse;
  },
);
