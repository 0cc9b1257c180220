import { type SearchResponse, search } from './api.ts';
import { instantiate } from './dom.ts';
import { latest } from './latest.ts';
import type { Place } from './position.ts';
import { hitHeading } from './station-text.ts';

/** A town centres the search on it; a station (kind 'station', issue 16) opens its page. */
type Suggestion = { primary: string; secondary: string } & (
  | { place: Place; href?: undefined }
  | { href: string; place?: undefined }
);

/**
 * What a place suggestion says beneath its name: how many stations, or that the search goes around it (a
 * village without one), an approximate centre (offline, docs/API.md "Search"), a typo corrected.
 */
function placeHint(p: SearchResponse['places'][number]): string {
  const what =
    p.kind === 'address'
      ? 'Adresse'
      : p.kind === 'landmark'
        ? 'Lieu'
        : p.stations > 0
          ? `${p.kind === 'arrondissement' ? 'Arrondissement · ' : ''}${p.stations} station${p.stations > 1 ? 's' : ''}`
          : 'Aucune station ici : recherche alentour';
  const parts = [what];
  if (p.centre === 'departement') parts.push('centre approximatif');
  if (p.match === 'fuzzy') parts.push('orthographe proche');
  return parts.join(' · ');
}

/** The elements of components/list/SearchBox.astro the combobox drives. */
export interface SearchBoxElements {
  query: HTMLInputElement;
  suggestions: HTMLElement;
  suggestion: HTMLTemplateElement;
}

/**
 * A combobox over GET /api/search (ARIA 1.2 pattern: focus stays in the input, aria-activedescendant
 * follows the arrow keys). Places first (communes and arrondissements in proper case, each once, then the
 * geocoder's addresses), then stations by name, brand or address ("Leclerc Brive"): their title, with the
 * address beneath.
 */
export function attachSearchBox(
  { query: input, suggestions: listbox, suggestion }: SearchBoxElements,
  onPick: (place: Place) => void,
  /** `stations: false`: places only (choosing a saved place, profile page); `idPrefix` of the options' ids. */
  { stations = true, idPrefix = 'sugg' }: { stations?: boolean; idPrefix?: string } = {},
) {
  let items: Suggestion[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const requests = latest();

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const render = () => {
    listbox.replaceChildren(
      ...items.map((s, i) => {
        const { root, refs } = instantiate(suggestion, { secondary: HTMLElement });
        root.id = `${idPrefix}-${i}`;
        root.setAttribute('aria-selected', String(i === active));
        root.prepend(s.primary);
        refs.secondary.textContent = s.secondary;
        root.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
        root.addEventListener('click', () => pick(i));
        return root;
      }),
    );
    listbox.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(items.length > 0));
    if (active >= 0) input.setAttribute('aria-activedescendant', `${idPrefix}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const pick = (i: number) => {
    const s = items[i];
    if (!s) return;
    input.value = s.primary;
    close();
    if (s.place) onPick(s.place);
    else location.assign(s.href);
  };

  /**
   * Suggestions for the current text (also used when Enter is pressed before they arrived); `undefined`
   * when a newer request took over.
   */
  const fetchSuggestions = async (): Promise<Suggestion[] | undefined> => {
    const q = input.value.trim();
    if (q.length < 2) {
      requests.cancel();
      return [];
    }
    const res = await requests.run((signal) => search(q, signal));
    if (!res) return undefined;
    return [
      ...res.places.slice(0, 6).map((p) => ({
        place: { lat: p.lat, lon: p.lon, label: p.label },
        primary: p.label,
        secondary: placeHint(p),
      })),
      ...(stations ? res.stations : []).slice(0, 6).map((s) => {
        const { title, address } = hitHeading(s);
        return {
          href: `/station/?id=${encodeURIComponent(s.id)}`,
          primary: title,
          secondary: `Station · ${address}`,
        };
      }),
    ];
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const found = await fetchSuggestions();
        if (!found) return;
        items = found;
        active = -1;
        render();
      } catch {
        // Offline or failing: the submit path reports errors.
      }
    }, 200);
  });

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length) return;
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      render();
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      pick(active);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));

  return {
    /**
     * Resolves the typed text to its best suggestion (Enter / the search button); `undefined` when newer
     * typing took over before the answer came, or when the best one is a station, whose page then opens.
     */
    async submit(): Promise<Place | null | undefined> {
      clearTimeout(timer);
      const found = await fetchSuggestions();
      if (!found) return undefined;
      items = found;
      close();
      const first = items[0];
      if (!first) return null;
      input.value = first.primary;
      if (first.place) return first.place;
      location.assign(first.href);
      return undefined;
    },
  };
}
