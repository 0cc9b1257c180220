import type { GeocodedPlace } from '../domain/search.ts';

/**
 * The official geocoder, IGN's Géoplateforme (`GET {base}/search?q=&limit=&index=address,poi`, GeoJSON like the
 * former api-adresse.data.gouv.fr, which it replaced on 2026-01-31), for addresses, streets and landmarks the
 * communes and the stations' own addresses do not know. Called server-side by GET /api/search with a short
 * timeout; on any failure the search answers from the snapshot alone (docs/API.md, "Search"). `GEOCODER_URL`
 * points it elsewhere (a test stub), `GEOCODER_URL=off` turns it off.
 */
const GEOCODER = {
  defaultUrl: 'https://data.geopf.fr/geocodage',
  env: 'GEOCODER_URL',
  /** A suggestion must come while the driver types: past this the snapshot answers alone. */
  timeoutMs: 800,
  /** After a failure, the snapshot answers alone this long (no timeout paid on every keystroke). */
  pauseMs: 60_000,
} as const;

let pausedUntil = 0;

/** The geocoder's base URL, or null when it is turned off or paused after a failure. */
export function geocoderUrl(now = Date.now()): string | null {
  const url = process.env[GEOCODER.env]?.trim() || GEOCODER.defaultUrl;
  if (url === 'off' || now < pausedUntil) return null;
  return url.replace(/\/+$/, '');
}

/** The geocoder's places for `q`, or null when it is off, paused, unreachable, slow or answers nonsense. */
export async function geocode(q: string, limit: number): Promise<GeocodedPlace[] | null> {
  const base = geocoderUrl();
  if (!base) return null;
  const url = `${base}/search?${new URLSearchParams({ q, limit: String(limit), index: 'address,poi' })}`;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(GEOCODER.timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`geocoder answered ${res.status}`);
    return toPlaces(await res.json());
  } catch {
    pausedUntil = Date.now() + GEOCODER.pauseMs;
    return null;
  }
}

type Props = Record<string, unknown>;

/** The places of a GeoJSON answer: address features (`type`) and POI features (`_type: 'poi'`). */
function toPlaces(body: unknown): GeocodedPlace[] {
  const features = (body as { features?: unknown })?.features;
  if (!Array.isArray(features)) throw new Error('geocoder answer without features');
  const out: GeocodedPlace[] = [];
  for (const f of features as { geometry?: { coordinates?: unknown }; properties?: Props }[]) {
    const [lon, lat] = Array.isArray(f.geometry?.coordinates) ? (f.geometry.coordinates as unknown[]) : [];
    const p = f.properties ?? {};
    if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon))
      continue;
    const poi = p._type === 'poi';
    const label = first(p.label) ?? first(p.toponym) ?? first(p.name);
    const cp = first(p.postcode) ?? '';
    if (!label) continue;
    out.push({
      kind: poi ? 'landmark' : p.type === 'municipality' ? 'commune' : 'address',
      label: poi && cp && !label.includes(cp) ? `${label}, ${cp} ${first(p.city) ?? ''}`.trim() : label,
      town: first(p.city) ?? '',
      cp,
      code: first(p.citycode) ?? null,
      lat,
      lon,
    });
  }
  return out;
}

/** A string property, or the first of a list (the POI index lists names, postcodes and towns). */
function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
