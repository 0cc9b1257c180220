/**
 * The départements' names (issue 17, trends that read): from @etalab/decoupage-administratif's
 * departements.json (10 KB, bundled with the functions that name départements; never sent to the browser as
 * a file, only as the `name` of the rows that need one). Feed codes match the file's: '01'…'95', '2A', '2B',
 * '971'…'976'.
 */
import departements from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import { NATIONAL } from '../domain/stats.ts';

const NAMES: ReadonlyMap<string, string> = new Map([
  [NATIONAL, 'France'],
  ...(departements as { code: string; nom: string }[]).map((d) => [d.code, d.nom] as const),
]);

/** "Corrèze" for '19', "France" for the national row; null for a code the file does not know. */
export function departementName(code: string): string | null {
  return NAMES.get(code.toUpperCase()) ?? null;
}
