import { show } from '../dom.ts';

/** Marks one input invalid (or clears it) and focuses it. */
function invalid(input: HTMLInputElement, isInvalid: boolean): void {
  if (isInvalid) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else input.removeAttribute('aria-invalid');
}

/** Shows an error for the form (role=alert) and marks the offending field when known. */
export function fail(message: HTMLElement, text: string, field?: HTMLInputElement): void {
  show(message, text, 'error');
  if (field) invalid(field, true);
}

export function clear(message: HTMLElement, ...fields: HTMLInputElement[]): void {
  show(message, null);
  for (const field of fields) invalid(field, false);
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A same-site path to go back to after signing in (never an absolute URL: no open redirect). */
export function safeNext(next: string | null, fallback: string): string {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : fallback;
}
