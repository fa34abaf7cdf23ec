import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { securityHeaders } from '../../src/http/security-headers';
import { webRouter } from '../../src/http/web';
import type { Store } from '../../src/store';
import { startTestApp } from './app';

/**
 * The Manage Team page in a real browser: Debian's chromium driven by playwright-core, against
 * the real app on a real store (its own database), listening on a loopback port. The page is
 * served by webRouter() in front of the app, with the page's security headers (its CSP forbids
 * inline script and style, so the browser tests check the page keeps to it).
 */
export interface BrowserApp {
  baseUrl: string;
  store: Store;
  app: express.Express;
  browser: Browser;
  context: BrowserContext;
  /** Lets the page reach one more origin (the test IdP of a sign-in test). */
  allowOrigin(origin: string): void;
  close(): Promise<void>;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

export async function startBrowserApp(): Promise<BrowserApp> {
  const t = await startTestApp();
  const outer = express();
  outer.disable('x-powered-by');
  outer.use(securityHeaders());
  outer.use(webRouter());
  outer.use(t.app);
  const server = await new Promise<ReturnType<express.Express['listen']>>((resolve, reject) => {
    const s = outer.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  // Nothing but Roster (and an origin a test allows): any request elsewhere (a CDN, a font) fails the page.
  const allowed = new Set([baseUrl]);
  await context.route(
    (url) => !allowed.has(url.origin) && url.protocol !== 'blob:' && url.protocol !== 'data:',
    (route) => route.abort(),
  );
  return {
    baseUrl,
    store: t.store,
    app: t.app,
    browser,
    context,
    allowOrigin: (origin) => void allowed.add(origin),
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await t.close();
    },
  };
}

/**
 * A page that records what would make the page broken for a user without saying so: uncaught
 * errors, console errors (a CSP violation is one), requests that left Roster.
 */
export async function openPage(b: BrowserApp): Promise<{ page: Page; problems: string[] }> {
  const page = await b.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // A refused API call logs "Failed to load resource ... 4xx": that is the page's business.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (!req.url().startsWith(b.baseUrl) && !req.url().startsWith('blob:')) {
      problems.push(`external request: ${req.url()}`);
    }
  });
  return { page, problems };
}

/** Signs in through the form and waits for the team list to load. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in with a token' }).click();
  await page.getByRole('heading', { name: 'Manage Team' }).waitFor();
  await page.locator('#team-table:not([aria-busy])').waitFor();
}

/** The row of a user in the team list, found by userName. */
export function rowOf(page: Page, userName: string) {
  return page.locator(`#team-rows tr[data-user-name="${userName}"]`);
}

/** Full-page screenshot under test-results/screenshots/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface Focused {
  id: string;
  label: string | null;
  text: string | null;
  tag: string;
  dialog: string | null;
}

/** The element with keyboard focus (id, aria-label, text, tag, the dialog it is in). */
export async function focused(page: Page): Promise<Focused> {
  // A string, evaluated in the page: the test project's types have no DOM.
  return page.evaluate<Focused>(`(() => {
    const el = document.activeElement;
    return { id: el.id, label: el.getAttribute('aria-label'), text: el.textContent, tag: el.tagName,
      dialog: el.closest('dialog')?.id ?? null };
  })()`);
}

/** How many keys the page keeps in sessionStorage. */
export function sessionStorageSize(page: Page): Promise<number> {
  return page.evaluate<number>('sessionStorage.length');
}

/**
 * The focused element's `key` once it equals `expected`, or its last value after `timeoutMs`.
 * Focus moves on a dialog's `close` event, a task after the key press that closed it, so a
 * single read right after can see the moment before.
 */
export async function focusedEventually<K extends keyof Focused>(
  page: Page,
  key: K,
  expected: Focused[K],
  timeoutMs = 2000,
): Promise<Focused[K]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = (await focused(page))[key];
    if (value === expected || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}
