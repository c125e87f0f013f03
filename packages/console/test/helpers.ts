import { fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { admin } from '../src/api/admin-client.js';
import '../src/app.js';
import type { McConsoleApp } from '../src/app.js';
import { settings } from '../src/internal/settings.js';

// The page's own tokens (index.html links them), so axe checks the real colours.
const tokens = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/src/global.css' });
document.head.append(tokens);
await new Promise((loaded) => tokens.addEventListener('load', loaded, { once: true }));

export interface ConsoleApi {
  password: string;
  operators: { owner: string; staff: string; viewer: string; locked: string };
}
export const consoleApi = () => executeServerCommand<ConsoleApi, undefined>('console-api');
export const memberOnServer = (customerId: string) =>
  executeServerCommand<{ points: { balance: number } }, { customerId: string }>('console-api:member', { customerId });

/** A merchant GET on the real API with the secret key (to check the console's figures against). */
export const merchantGet = <T>(path: string) => executeServerCommand<T, { path: string }>('console-api:get', { path });

/** HTTP on a loaded machine: generous waits, still bounded. */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Every element matching `selector` in `root` and the shadow roots below it. A leading page tag
 * (`mc-page-member #points`) looks inside that page's shadow root.
 */
export function deepQueryAll<E extends Element = HTMLElement>(root: ParentNode, selector: string): E[] {
  const scoped = /^(mc-page-[a-z-]+)\s+(.+)$/.exec(selector);
  if (scoped) return deepQueryAll<HTMLElement>(root, scoped[1]!).flatMap((page) => deepQueryAll<E>(page, scoped[2]!));
  return deepQueryInner<E>(root, selector);
}

function deepQueryInner<E extends Element>(root: ParentNode, selector: string): E[] {
  const found: E[] = [...root.querySelectorAll<E>(selector)];
  const own = (root as Element).shadowRoot;
  if (own) found.push(...deepQueryInner<E>(own, selector));
  for (const el of root.querySelectorAll('*'))
    if (el.shadowRoot) found.push(...deepQueryInner<E>(el.shadowRoot, selector));
  return found;
}
export const deepQuery = <E extends Element = HTMLElement>(root: ParentNode, selector: string) =>
  deepQueryAll<E>(root, selector)[0];
export const deepText = (root: ParentNode, selector: string) =>
  deepQueryAll(root, selector)
    .map((e) => e.textContent?.replace(/\s+/g, ' ').trim())
    .join(' | ');

/** The element that has the focus, through shadow roots. */
export function focused(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** A fresh console at `hash`, signed out first (or in as `email`). */
export async function openConsole(hash = '#/members', email?: string, password?: string) {
  await admin.console('logout').catch(() => {});
  if (email) await admin.console('login', { body: { email, password: password! } });
  settings.setLang('en');
  settings.setTheme('system');
  history.replaceState(null, '', hash);
  return fixture<McConsoleApp>(html`<mc-console-app></mc-console-app>`);
}
