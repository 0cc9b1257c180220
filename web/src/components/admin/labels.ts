/** French words for what the admin API answers in codes. */
import type { AdminRunStatus, AuditAction, AuditEntry } from '#shared/api/admin-types.ts';
import type { ReportKind } from '#shared/domain/report-rules.ts';

export const RUN_STATUS: Record<AdminRunStatus, [label: string, badge: string]> = {
  succeeded: ['Réussie', 'badge-open'],
  failed: ['Échec', 'badge-closed'],
  skipped: ['Ignorée', 'badge-muted'],
  running: ['En cours', 'badge-stale'],
};

export const SKIP_REASON: Record<string, string> = {
  unchanged: 'flux inchangé',
  locked: 'autre exécution en cours',
};

/** The validation refusals (shared/ingest/validate.ts), in words: a refused run is not a broken one. */
const REFUSAL: Record<string, string> = {
  FEED_OLDER: 'Refusé : flux plus ancien que les données publiées (forcer pour le publier quand même)',
  SHRUNK: 'Refusé : trop de stations en moins',
  UNREADABLE: 'Refusé : trop d’enregistrements illisibles',
  EMPTY: 'Refusé : flux sans station',
};

/** A run's error as the console shows it: the refusal in words when it is one, then the code and message. */
export function runErrorText(error: { code: string; message: string }): string {
  const words = REFUSAL[error.code];
  return `${words ? `${words}. ` : ''}${error.code} : ${error.message}`;
}

/** Why a year of the archives failed (shared/history/backfill.ts, shared/feed/errors.ts), in words. */
const BACKFILL_ERROR: Record<string, string> = {
  DOWNLOAD: 'téléchargement impossible',
  NOT_A_ZIP: 'le fichier reçu n’est pas un ZIP',
  EMPTY: 'pas encore d’archive pour cette année',
  BAD_ZIP: 'ZIP refusé',
  TOO_LARGE: 'fichier trop volumineux',
  TRUNCATED: 'fichier tronqué',
  DOCTYPE: 'XML refusé (DOCTYPE)',
  XML: 'XML illisible',
  WRONG_YEAR: 'le fichier n’est pas de cette année',
  NO_YEAR: 'année du fichier introuvable',
  'States.Timeout': 'délai dépassé',
};

/**
 * A failed year's reason: words for its code, then the message. The code leads the message (`NOT_A_ZIP: …`)
 * whether the function recorded it or the state machine did (its code is then Lambda's error type).
 */
export function backfillErrorText(error: { code: string; message: string }): string {
  const code = /^([A-Z_]{3,}):/.exec(error.message)?.[1] ?? error.code;
  const words = BACKFILL_ERROR[code];
  const message = error.message.startsWith(`${code}:`) ? error.message : `${code} : ${error.message}`;
  return words ? `${words} — ${message}` : message;
}

export const TRIGGER: Record<string, string> = {
  schedule: 'planifiée',
  admin: 'admin',
  cli: 'ligne de commande',
  // An empty event: the deploy-time CDK trigger or a direct `aws lambda invoke` (functions/ingest/handler.ts).
  invoke: 'déploiement ou appel direct',
};

/** The feed quirks the reader flags (shared/domain/station.ts StationFlag). */
export const FLAG: Record<string, string> = {
  'no-price': 'Aucun prix',
  'price-outlier': 'Prix aberrant (hors statistiques)',
  'price-invalid': 'Prix illisible (écarté)',
  'price-date-invalid': 'Date de prix invalide',
  'coords-missing': 'Coordonnées absentes',
  'coords-invalid': 'Coordonnées illisibles',
  'coords-swapped': 'Latitude et longitude inversées',
  'coords-unscaled': 'Coordonnées sans facteur 100 000',
  'coords-far-from-postcode': 'Loin de son code postal',
  'postcode-invalid': 'Code postal invalide',
  'duplicate-id': 'Identifiant en double',
  'text-repaired': 'Texte réparé (encodage)',
  'hours-placeholder': 'Horaires fictifs (01.00–01.00)',
  'hours-invalid': 'Horaires illisibles',
  'road-unknown': 'Type de route inconnu',
  'outofstock-invalid': 'Rupture illisible',
};

export const AUDIT_ACTION: Record<AuditAction, string> = {
  'ingest.trigger': 'Ingestion lancée',
  'backfill.start': 'Rattrapage de l’historique lancé',
  'user.reset-password': 'Mot de passe réinitialisé',
  'user.disable': 'Compte désactivé',
  'user.enable': 'Compte réactivé',
  'report.accept': 'Signalement accepté',
  'report.reject': 'Signalement rejeté',
};

/** What a report says is wrong (shared/domain/report-rules.ts ReportKind). */
export const REPORT_KIND: Record<ReportKind, string> = {
  name: 'Nom',
  brand: 'Enseigne',
  position: 'Position',
  closed: 'Station fermée',
  price: 'Prix',
};

export const AUDIT_RESULT: Record<AuditEntry['result'], [label: string, badge: string]> = {
  ok: ['Réussi', 'badge-open'],
  failed: ['Échec', 'badge-closed'],
  started: ['Sans issue connue', 'badge-stale'],
};

export const USER_STATUS: Record<string, string> = {
  CONFIRMED: 'Confirmé',
  UNCONFIRMED: 'Non confirmé',
  RESET_REQUIRED: 'Réinitialisation demandée',
  FORCE_CHANGE_PASSWORD: 'Doit changer de mot de passe',
  EXTERNAL_PROVIDER: 'Fournisseur externe',
};

const integer = new Intl.NumberFormat('fr-FR');
export const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : integer.format(v));

export function bytes(v: number | null): string {
  if (v === null) return '—';
  if (v < 1024 * 1024) return `${integer.format(Math.round(v / 1024))}\u00a0ko`;
  return `${(v / 1024 / 1024).toFixed(1).replace('.', ',')}\u00a0Mo`;
}

export function seconds(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(1).replace('.', ',')}\u00a0s`;
}

/** A duration in seconds as "12 min", "3 h 05", "2 j". */
export function age(s: number | null): string {
  if (s === null) return '—';
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))}\u00a0min`;
  if (s < 48 * 3600) {
    const h = Math.floor(s / 3600);
    return `${h}\u00a0h\u00a0${String(Math.round((s % 3600) / 60)).padStart(2, '0')}`;
  }
  return `${Math.round(s / 86400)}\u00a0j`;
}

/** A sub (UUID) in short form for tables; the full value is in the title. */
export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);
