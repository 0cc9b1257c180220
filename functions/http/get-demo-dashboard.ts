import { dashboardResponse, demoDashboardQuery } from '#shared/api/account-schemas.ts';
import { completeDashboard } from '#shared/db/dashboard.ts';
import { DEMO, demoFuels } from '#shared/domain/demo.ts';
import { nearestLoaded } from '#shared/snapshot/nearby.ts';
import { loadGeoView } from '#shared/snapshot/views.ts';
import { SNAPSHOT_CACHE } from './lib/cache.ts';
import { httpHandler } from './lib/middleware.ts';
import { snapshotView } from './lib/snapshot.ts';
import { table } from './lib/table.ts';

/** The kd-tree of the published run; the stations of the shards near the point, loaded once each. */
export const view = snapshotView(loadGeoView);

/**
 * GET /api/demo/dashboard?lat&lon — the dashboard of a made-up driver whose favourites are the stations
 * nearest to the point (from the published snapshot). Public, read-only: nothing is created.
 */
export const handler = httpHandler(
  'GET /api/demo/dashboard',
  {
    query: demoDashboardQuery,
    response: dashboardResponse,
    summary: 'The dashboard of a made-up driver whose favourites are the stations nearest the point',
    cache: SNAPSHOT_CACHE,
  },
  async ({ query }) => {
    const snap = await view.get();
    const near = await nearestLoaded(snap, query.lat, query.lon, DEMO.stations, DEMO.maxKm);
    const { tankLitres, consumptionL100, yearlyKm } = DEMO;
    return completeDashboard(table, {
      now: new Date(),
      settings: { tankLitres, consumptionL100, yearlyKm, fuels: demoFuels(near.map((n) => n.station)) },
      favourites: near.map(({ station }) => ({ stationId: station.id, name: null, station })),
      from: { lat: query.lat, lon: query.lon },
      demo: true,
    });
  },
);
