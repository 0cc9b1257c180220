import type { Point } from './api.ts';

/** The label of the device's own position (lib/share.ts shares it rounded to ~100 m, under another). */
export const OWN_POSITION = 'Ma position';

/** The last place the user searched around (this tab only: a position is personal). */
export interface Place extends Point {
  label: string;
}

const KEY = 'plein.place';

export function lastPlace(): Place | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const place = raw ? (JSON.parse(raw) as Place) : null;
    return place && Number.isFinite(place.lat) && Number.isFinite(place.lon) ? place : null;
  } catch {
    return null;
  }
}

export function rememberPlace(place: Place): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(place));
  } catch {
    // Not remembered: the dashboard then shows no distances.
  }
}

/** The device's position (asks permission); rejects with a French message. */
export function locate(): Promise<Place> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(
        new Error('Votre navigateur ne permet pas la géolocalisation : tapez une ville ou un code postal.'),
      );
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lat: pos.coords.latitude, lon: pos.coords.longitude, label: OWN_POSITION }),
      (error) =>
        reject(
          new Error(
            error.code === error.PERMISSION_DENIED
              ? 'Localisation refusée : autorisez-la dans votre navigateur, ou tapez une ville ou un code postal.'
              : 'Position introuvable pour le moment : tapez une ville ou un code postal.',
          ),
        ),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  });
}
