import communesJson from '@etalab/decoupage-administratif/data/communes.json' with { type: 'json' };
import type { Commune } from '../domain/search-index.ts';

/** The fields of @etalab/decoupage-administratif's communes.json that search reads. */
interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  codesPostaux?: string[];
  population?: number;
  commune?: string;
}

let cached: readonly Commune[] | undefined;

/**
 * Every current commune of France with a postcode, and the 45 arrondissements municipaux of Paris, Lyon and
 * Marseille, from the Code officiel géographique (@etalab/decoupage-administratif). Communes déléguées and
 * associées are left out: they share their commune's postcodes and would read as duplicates. The package has
 * no coordinates; the search index places each commune from the stations (docs/API.md, "Search").
 * Read once per process (~35k entries, ~60 ms): the ingest calls it while building the search part.
 */
export function frenchCommunes(): readonly Commune[] {
  if (cached) return cached;
  const raw = communesJson as RawCommune[];
  const cities = new Map<string, string>();
  for (const c of raw) if (c.type === 'commune-actuelle') cities.set(c.code, c.nom);
  const out: Commune[] = [];
  for (const c of raw) {
    if (!c.codesPostaux?.length) continue;
    if (c.type === 'commune-actuelle') {
      out.push({
        code: c.code,
        name: c.nom,
        dept: c.departement,
        postcodes: c.codesPostaux,
        population: c.population ?? 0,
      });
    } else if (c.type === 'arrondissement-municipal') {
      const city = c.commune ? cities.get(c.commune) : undefined;
      if (!city) continue;
      out.push({
        code: c.code,
        // "Paris 15e Arrondissement" → "Paris 15e": how the arrondissement is said and written.
        name: c.nom.replace(/\s+Arrondissement$/i, ''),
        dept: c.departement,
        postcodes: c.codesPostaux,
        population: c.population ?? 0,
        city,
      });
    }
  }
  cached = out;
  return out;
}
