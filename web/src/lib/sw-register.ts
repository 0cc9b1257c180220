/**
 * Registers the service worker (web/src/sw/sw.ts) with workbox-window, and offers a new version when one is
 * waiting: "Nouvelle version disponible — Mettre à jour" swaps it in and reloads, so a driver mid-search is
 * never reloaded without asking.
 */
import { Workbox } from 'workbox-window';

export async function registerWorker(): Promise<void> {
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => offerUpdate(wb));
  try {
    await wb.register();
  } catch {
    // No service worker (a private window that forbids it, or the file missing): the site works online.
  }
}

function offerUpdate(wb: Workbox): void {
  const bar = document.querySelector<HTMLElement>('[data-ref="updateBar"]');
  const button = bar?.querySelector<HTMLButtonElement>('button');
  if (!bar || !button) return;
  bar.hidden = false;
  button.onclick = () => {
    button.disabled = true;
    wb.addEventListener('controlling', () => location.reload());
    wb.messageSkipWaiting();
  };
}
