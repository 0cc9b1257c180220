import { OWN_POSITION, type Place } from './position.ts';
import type { FuelCode } from './prefs.ts';

/** What a share sends: the link that reopens the view, a title and a line of text (Web Share API fields). */
export interface Shared {
  title: string;
  text: string;
  url: string;
}

const SHARED_POSITION = 'Position partagée';

/**
 * The place a search link carries. A named place goes as it is; "Ma position" is the sender's whereabouts,
 * so it goes rounded to about 100 m and under a label that does not say "my" to the recipient.
 */
export function sharedPlace(place: Place): Place & { rounded: boolean } {
  if (place.label !== OWN_POSITION) return { ...place, rounded: false };
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { lat: round(place.lat), lon: round(place.lon), label: SHARED_POSITION, rounded: true };
}

/** A station page's link, with the fuel its history card shows. */
export function stationLink(origin: string, id: string, fuel: FuelCode | null): string {
  const q = new URLSearchParams({ id });
  if (fuel) q.set('fuel', fuel);
  return `${origin}/station/?${q}`;
}

/** How a share went, in words for the page's live region; `link` is shown to copy by hand. */
export type ShareOutcome =
  | { kind: 'shared' }
  | { kind: 'cancelled' }
  | { kind: 'copied' }
  | { kind: 'manual'; link: string };

/**
 * Shares through the system sheet where there is one (phones), else copies the link, else leaves it to the
 * driver to copy. A driver who closes the sheet has cancelled: nothing else happens.
 */
export async function share(data: Shared, nav: Navigator = navigator): Promise<ShareOutcome> {
  if (typeof nav.share === 'function' && (nav.canShare?.(data) ?? true)) {
    try {
      await nav.share(data);
      return { kind: 'shared' };
    } catch (error) {
      if ((error as Error).name === 'AbortError') return { kind: 'cancelled' };
      // NotAllowedError (no user gesture left, or a policy): fall through to copying.
    }
  }
  try {
    await nav.clipboard.writeText(data.url);
    return { kind: 'copied' };
  } catch {
    return { kind: 'manual', link: data.url };
  }
}

/** The sentence the page says after a share. */
export function shareMessage(outcome: ShareOutcome, rounded: boolean): string {
  const note = rounded ? ' Votre position y est arrondie à 100 m près.' : '';
  switch (outcome.kind) {
    case 'shared':
      return `Partagé.${note}`;
    case 'cancelled':
      return '';
    case 'copied':
      return `Lien copié : collez-le dans un message.${note}`;
    case 'manual':
      return `Copiez ce lien pour le partager.${note}`;
  }
}
