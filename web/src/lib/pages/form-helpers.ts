import { byId, show } from '../dom.ts';

/** The trimmed value of an input by id. */
export function value(id: string): string {
  return byId<HTMLInputElement>(id).value.trim();
}

/** Marks one input invalid (or clears it) and focuses it. */
export function invalid(id: string, isInvalid: boolean): void {
  const input = byId<HTMLInputElement>(id);
  if (isInvalid) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else input.removeAttribute('aria-invalid');
}

/** Shows an error for the form (role=alert) and marks the offending field when known. */
export function fail(messageId: string, text: string, fieldId?: string): void {
  show(byId(messageId), text, 'error');
  if (fieldId) invalid(fieldId, true);
}

export function clear(messageId: string, ...fieldIds: string[]): void {
  show(byId(messageId), null);
  for (const id of fieldIds) invalid(id, false);
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A same-site path to go back to after signing in (never an absolute URL: no open redirect). */
export function safeNext(next: string | null, fallback: string): string {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : fallback;
}
