import type { NamesCoverage } from '#shared/domain/names.ts';
import { refs } from '../../lib/dom.ts';
import type { AdminHealthResponse } from './api.ts';
import { kpis } from './kpi.ts';
import { n } from './labels.ts';

/** The health answer with the names coverage the ingest records (issue 16); absent or null before a join. */
type WithNames = AdminHealthResponse & { names?: NamesCoverage | null };

const percent = (part: number, whole: number) =>
  whole > 0
    ? `${(Math.round((1000 * part) / whole) / 10).toString().replace('.', ',')}\u00a0% des stations`
    : undefined;

/** NamesSection.astro: four figures, or "—" while no names table was joined. */
export function renderNames(health: AdminHealthResponse): void {
  const { namesKpis, namesNote } = refs(document, { namesKpis: HTMLElement, namesNote: HTMLElement });
  const c = (health as WithNames).names ?? null;
  namesKpis.replaceChildren(
    ...kpis([
      {
        value: c ? n(c.withName) : '—',
        label: 'stations avec un nom',
        detail: c ? percent(c.withName, c.stations) : undefined,
      },
      {
        value: c ? n(c.withBrand) : '—',
        label: 'avec une enseigne',
        detail: c ? percent(c.withBrand, c.stations) : undefined,
      },
      {
        value: c ? n(c.neither) : '—',
        label: 'ni nom ni enseigne',
        detail: c ? percent(c.neither, c.stations) : undefined,
      },
      {
        value: c ? n(c.unmatchedOsmIds) : '—',
        label: 'identifiants OSM sans station',
        title: 'Identifiants ref:FR:prix-carburants de la table des noms qu’aucune station du flux ne porte',
      },
    ]),
  );
  namesNote.textContent = c
    ? `Sur ${n(c.stations)} stations publiées, ${n(c.withEither)} ont un nom ou une enseigne.`
    : 'Aucune table des noms n’a encore été jointe aux stations publiées.';
}
