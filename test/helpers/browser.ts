import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { LocalProduct } from '#infra/local/runtime.ts';
import { startLocalProduct } from '#infra/local/runtime.ts';
import { findChromium } from './chromium.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
/** cognito-local sends this code for every confirmation and password reset (its CODE variable). */
export const CONFIRMATION_CODE = '123456';

export const VIEWPORTS = {
  mobile: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

export interface E2E {
  product: LocalProduct;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The real product on free ports (emulators, gateway, built site, first ingest of the local feed) and a
 * headless Chromium. Call in beforeAll, `stop()` in afterAll.
 */
export async function startE2E(options: { build?: boolean } = {}): Promise<E2E> {
  // The local Cognito reads CODE from its environment, which it inherits from this process.
  process.env.CODE = CONFIRMATION_CODE;
  // The first ingest reads the local feed, as npm-start.test.ts does: on a machine with internet the default
  // FEED_URL would make every run depend on the live upstream (its speed, availability and that day's data).
  process.env.FEED_URL ||= 'http://127.0.0.1:9/instantane';
  const dataDir = await mkdtemp(join(tmpdir(), 'plein-e2e-'));
  const logs: string[] = [];
  const product = await startLocalProduct({
    root: ROOT,
    dataDir,
    persist: false,
    port: 0,
    build: options.build ?? process.env.E2E_SKIP_BUILD !== '1',
    schedule: true,
    log: (line) => {
      logs.push(line);
      if (process.env.E2E_LOG === '1') console.log(`[product] ${line}`);
    },
  });
  // Every page test needs the stations of a real feed: without them the whole file fails, never skips.
  const run = await product.firstIngest.catch((e: Error) => e);
  if (run instanceof Error || run?.status !== 'succeeded') {
    await product.stop();
    const why =
      run instanceof Error ? run.message : `${run?.status ?? 'did not run'} ${run?.error?.message ?? ''}`;
    throw new Error(`the first ingest did not publish stations: ${why}\n${logs.join('\n')}`);
  }
  const browser = await launchChromium().catch(async (error: Error) => {
    await product.stop();
    throw error;
  });
  return {
    product,
    browser,
    stop: async () => {
      await browser.close().catch(() => {});
      await product.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A headless Chromium (the system's, else npm's: test/helpers/chromium.ts) driven by playwright-core. */
export async function launchChromium(choice?: string): Promise<Browser> {
  const { executablePath, args, env } = await findChromium(choice);
  return chromium.launch({ executablePath, args, env });
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** CSP violations reported by the browser (console or securitypolicyviolation events). */
  cspViolations: string[];
  /** Uncaught page errors. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (no storage) on the product, recording CSP violations and page errors. */
export async function openPage(
  e2e: E2E,
  viewport: { width: number; height: number } = VIEWPORTS.mobile,
  options: {
    geolocation?: { latitude: number; longitude: number };
    /** A phone: a touch screen as the main pointer (`pointer: coarse`) and a mobile user agent. */
    touch?: boolean;
    /**
     * Let the site's service worker run (test/e2e/offline.test.ts). Off by default: a worker answers the
     * page's requests itself, out of reach of the routes other tests use to fake a slow or failing API.
     */
    serviceWorker?: boolean;
  } = {},
): Promise<TestPage> {
  const context = await e2e.browser.newContext({
    serviceWorkers: options.serviceWorker ? 'allow' : 'block',
    viewport,
    baseURL: e2e.product.url,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
    ...(options.touch ? { hasTouch: true, isMobile: true } : {}),
  });
  // Map tiles come from the internet, which these machines cannot reach: answer them with nothing at once.
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  await page.addInitScript('globalThis.__name = (f) => f');
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) cspViolations.push(text);
  });
  page.on('pageerror', (error) => {
    pageErrors.push(error.message);
    if (/Content[- ]Security[- ]Policy|unsafe-eval/i.test(error.message)) cspViolations.push(error.message);
  });
  await page.exposeFunction('__reportCsp', (text: string) => cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp(t: string): void }).__reportCsp(
        `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  return { page, context, cspViolations, pageErrors, close: () => context.close() };
}

/** Waits until the site's service worker controls the page (`serviceWorker: true`): from then on it keeps answers. */
export async function workerControls(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
}

/** A PNG in test-results/screenshots/<name>.png: the whole page, or only what the viewport shows. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** axe-core's serious and critical violations on the current page (ids and a target each). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A unique address for a test account. */
export function testEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
}

export const TEST_PASSWORD = 'Carburant2026Ok';

/**
 * Signs up and confirms with the fixed local code through the site's own pages: the sign-up page then signs
 * the user in with the password typed at sign-up (not typed again) and opens the dashboard.
 */
export async function signUpAndSignIn(
  page: Page,
  email: string,
  password = TEST_PASSWORD,
  name = '',
): Promise<void> {
  await page.goto('/inscription/');
  if (name) await page.getByLabel('Prénom ou pseudo (facultatif)').fill(name);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.getByLabel('Code reçu par e-mail').fill(CONFIRMATION_CODE);
  await page.getByRole('button', { name: 'Confirmer et me connecter' }).click();
  await page.waitForURL(/\/tableau-de-bord\//);
}

export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  if (!page.url().includes('/connexion/')) await page.goto('/connexion/');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/tableau-de-bord\//);
}

/**
 * Holds the first API answer whose URL matches until `deliver()`: for tests where an older request must
 * answer after a newer one. `deliver()` hands it to the page (unless the page cancelled the request
 * meanwhile) and resolves once the page has gone quiet.
 */
export async function holdFirstAnswer(
  page: Page,
  matches: (url: URL) => boolean,
): Promise<{ held: () => boolean; deliver: () => Promise<void> }> {
  let release = () => {};
  const gate = new Promise<void>((done) => {
    release = done;
  });
  let held = false;
  let handled: Promise<void> = Promise.resolve();
  await page.route(
    (url) => matches(url),
    (route) => {
      if (held) return route.continue();
      held = true;
      handled = (async () => {
        const response = await route.fetch();
        await gate;
        await route.fulfill({ response }).catch(() => {}); // the page may have aborted it: nothing to deliver
      })();
      return handled;
    },
  );
  return {
    held: () => held,
    deliver: async () => {
      release();
      await handled;
      await page.waitForLoadState('networkidle');
    },
  };
}
