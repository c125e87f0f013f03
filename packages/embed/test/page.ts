import { executeServerCommand } from '@web/test-runner-commands';
import type { MemberCenterApi } from '../src/types.js';

/** A merchant's page in an iframe, with the built embed.js added the way a merchant pastes it. */
export interface TestPage {
  window: Window & typeof globalThis & { MemberCenter?: MemberCenterApi & { q?: unknown } };
  document: Document;
  /** Every console.warn of the page, as text. */
  warnings: string[];
  /** Uncaught errors and unhandled rejections of the page. */
  errors: string[];
  /** Adds another script tag; resolves once it has run. */
  addScript(attributes: Record<string, string>, src?: string): Promise<void>;
  /** Every file the page has requested from the embed's build folder so far. */
  requested(): string[];
  /** The chunk files the page has downloaded so far. */
  chunks(): string[];
}

const frames: HTMLIFrameElement[] = [];
/** Removes the frames of the finished test. */
export function cleanup(): void {
  for (const frame of frames.splice(0)) frame.remove();
}

export const EMBED = '/dist/embed.js';
/** Nothing listens here: an API that is down. */
export const DOWN_API = 'http://127.0.0.1:1';

export async function openPage(
  options: {
    search?: string;
    html?: string;
    /** Runs in the page before the script tag (e.g. the merchant's stub). */
    before?: (window: TestPage['window']) => void;
    script?: Record<string, string> | null;
    src?: string;
  } = {},
): Promise<TestPage> {
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/blank.html${options.search ?? ''}`;
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as TestPage['window'];
  const doc = win.document;
  const warnings: string[] = [];
  const errors: string[] = [];
  const original = win.console.warn;
  win.console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    original.apply(win.console, args);
  };
  win.addEventListener('error', (event) => errors.push(String(event.message)));
  win.addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
  if (options.html) doc.body.insertAdjacentHTML('beforeend', options.html);
  options.before?.(win);

  const addScript = (attributes: Record<string, string>, src = EMBED) => {
    const script = doc.createElement('script');
    script.async = true;
    script.src = src;
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    const ran = new Promise<void>((resolve, reject) => {
      script.addEventListener('load', () => resolve(), { once: true });
      script.addEventListener('error', () => reject(new Error(`${src} failed to load`)), { once: true });
    });
    doc.head.append(script);
    return ran;
  };
  if (options.script !== null) {
    await addScript(
      options.script ?? { 'data-publishable-key': 'pk_test_embed', 'data-api-url': DOWN_API },
      options.src,
    );
  }
  const requested = () =>
    win.performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.startsWith('/dist/'));
  const chunks = () => requested().filter((path) => path.startsWith('/dist/chunks/'));
  return { window: win, document: doc, warnings, errors, addScript, requested, chunks };
}

/** A new member of the real loyalty API (the real-api plugin of web-test-runner.config.mjs). */
export interface RealMember {
  apiUrl: string;
  publishableKey: string;
  token: string;
}
/** Enrols a member with `points` on the real API: each call is a member of its own. */
export const enrol = (points: number) => executeServerCommand<RealMember, { points: number }>('real-api', { points });
/** The script tag's attributes pointing at the real API. */
export const realApiScript = ({ publishableKey, apiUrl }: RealMember) => ({
  'data-publishable-key': publishableKey,
  'data-api-url': apiUrl,
});

/**
 * The path of the built chunk holding one of the embed's modules (`src/tags/tier-progress.ts`),
 * from the build's `.vite/sources.json`: several tags share one chunk, named after none of them.
 */
export async function chunkOf(source: string): Promise<string> {
  const response = await fetch('/dist/.vite/sources.json');
  const sources = (await response.json()) as Record<string, string>;
  const file = sources[source];
  if (!file) throw new Error(`${source} is in no chunk of the build`);
  return `/dist/${file}`;
}

/** Resolves when `test` holds, or rejects after `timeout` ms with `what`. */
export async function until(test: () => unknown, what: string, timeout = 5000): Promise<void> {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The view state an mc-* element exposes as a custom state. */
export function viewState(element: Element | null): string | undefined {
  const states = (element as (Element & { viewState?: string }) | null)?.viewState;
  return states;
}
