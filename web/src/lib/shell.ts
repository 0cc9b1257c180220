import { isLatePublish, isOldFeed } from '#shared/domain/price-age.ts';
import { API_DOWN_EVENT, type DataHealth, getHealth, OFFLINE_ANSWER_EVENT } from './api.ts';
import { accessToken, currentUser, hasSession, REFRESH_KEY } from './auth.ts';
import { refs } from './dom.ts';
import { formatAge, formatDateTime, hoursSince } from './format.ts';
import { isOffline, OFFLINE_MAX_HOURS } from './offline.ts';

/** The layout's elements (layouts/Base.astro, components/SiteHeader.astro), found once; prefixed, as pages share the document. */
const shell = () =>
  refs(document, {
    siteAccountLink: HTMLAnchorElement,
    siteStatusWrap: HTMLDivElement,
    siteStatusBox: HTMLDivElement,
    siteStatus: HTMLParagraphElement,
    siteStatusClose: HTMLButtonElement,
  });
let ui: ReturnType<typeof shell>;

/** What every page runs: the signed-in state in the header and nav, and the data freshness notice. */
export function startShell(): void {
  ui = shell();
  renderAuth();
  if (!currentUser() && hasSession()) {
    // A new tab with only a refresh token: get fresh tokens, then show the signed-in header.
    accessToken()
      .then(renderAuth)
      .catch(() => {});
  }
  // Signed out in another tab: follow.
  window.addEventListener('storage', (e) => {
    if (e.key === REFRESH_KEY && !e.newValue) {
      sessionStorage.clear();
      renderAuth();
    }
  });
  window.addEventListener(API_DOWN_EVENT, () => (isOffline() ? offlineNotice(null) : notice(DOWN, 'error')));
  window.addEventListener(OFFLINE_ANSWER_EVENT, (e) =>
    offlineNotice((e as CustomEvent<string | null>).detail),
  );
  window.addEventListener('online', () => {
    if (shownOffline) notice(BACK_ONLINE, 'warn', true);
  });
  getHealth().then(
    (health) => notice(...healthNotice(health)),
    () => (isOffline() ? offlineNotice(null) : notice(DOWN, 'error')),
  );
  // The service worker (offline, updates) after the page's own work: it is not needed to show it.
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    const register = () => void import('./sw-register.ts').then((m) => m.registerWorker());
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  }
}

/** The oldest snapshot among this page's answers taken from the device, for "prix connus le …". */
let oldestKnown: string | null = null;

/**
 * "Hors ligne — prix connus le 3 déc. 2026 à 14:05": shown as soon as one answer comes from the device
 * (or the network fails with none kept). Wins over the freshness notice, which would be about the kept data.
 */
function offlineNotice(knownAt: string | null): void {
  if (knownAt && (!oldestKnown || Date.parse(knownAt) < Date.parse(oldestKnown))) oldestKnown = knownAt;
  const text = oldestKnown
    ? `Hors ligne — prix connus le ${formatDateTime(oldestKnown)}. Chaque prix dit son âge ; ceux de plus de ${OFFLINE_MAX_HOURS} h ne sont plus gardés.`
    : `Hors ligne : ces données n’ont pas été gardées sur cet appareil (ou ont plus de ${OFFLINE_MAX_HOURS} h). Elles s’afficheront au retour du réseau.`;
  notice(text, 'warn', true);
}

const BACK_ONLINE = 'De nouveau en ligne : rechargez la page pour les prix du moment.';

const DOWN =
  'Le service Plein est injoignable pour le moment : les prix ne peuvent pas être affichés. Réessayez dans quelques minutes.';

function renderAuth(): void {
  const user = currentUser();
  const signedIn = user !== null || hasSession();
  document.documentElement.dataset.auth = signedIn ? 'in' : 'out';
  const link = ui.siteAccountLink;
  link.href = signedIn ? '/profil/' : '/connexion/';
  link.textContent = signedIn ? 'Mon compte' : 'Connexion';
  if (location.pathname.startsWith(signedIn ? '/profil' : '/connexion'))
    link.setAttribute('aria-current', 'page');
  for (const item of document.querySelectorAll<HTMLElement>('[data-auth]')) {
    if (item === document.documentElement) continue;
    const want = item.dataset.auth;
    item.hidden =
      (want === 'out' && signedIn) ||
      (want === 'in' && !signedIn) ||
      (want === 'admin' && !user?.groups.includes('admin'));
  }
}

/** The site-wide notice for the data's freshness (price-age.ts thresholds), or null when all is well. */
function healthNotice(health: DataHealth): [string | null, 'warn' | 'error'] {
  const now = Date.now();
  if (health.status === 'empty') {
    return ['Aucune donnée de prix n’a encore été chargée. Réessayez dans quelques minutes.', 'warn'];
  }
  if (health.publishedAt && isLatePublish(health.publishedAt, now)) {
    return [
      `Les données n’ont pas été mises à jour depuis ${formatAge(hoursSince(health.publishedAt)).replace('il y a ', '')} (dernière mise à jour le ${formatDateTime(health.publishedAt)}) : les prix ont pu changer.`,
      'warn',
    ];
  }
  if (health.feedTime && isOldFeed(health.feedTime, now)) {
    return [
      `Données anciennes : les prix les plus récents datent du ${formatDateTime(health.feedTime)} (${formatAge(hoursSince(health.feedTime))}).`,
      'warn',
    ];
  }
  return [null, 'warn'];
}

let shownError = false;
let shownOffline = false;
const DISMISSED_KEY = 'plein.notice-dismissed';

/** Shows (or clears) the notice under the header; an error wins over a freshness warning. */
function notice(text: string | null, kind: 'warn' | 'error', offline = false): void {
  const { siteStatusWrap: wrap, siteStatusBox: box, siteStatus: message } = ui;
  if (shownError && kind !== 'error' && !offline) return;
  // Offline, "injoignable" would be wrong: the device's copy is what the page shows.
  if (shownOffline && !offline) return;
  shownOffline ||= offline;
  shownError ||= kind === 'error' && text !== null;
  const dismissed = text !== null && kind === 'warn' && sessionStorage.getItem(DISMISSED_KEY) === text;
  wrap.hidden = !text || dismissed;
  box.className = `notice notice-${kind}`;
  message.textContent = text ?? '';
  ui.siteStatusClose.onclick = () => {
    wrap.hidden = true;
    if (text) sessionStorage.setItem(DISMISSED_KEY, text);
  };
}
