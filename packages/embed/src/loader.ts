import type { MemberCenterClient, TokenSource } from '@member-center/client';
import type { EmbedConfig } from './config.js';
import { captureReferral, referralCode } from './referral.js';
import type { RuntimeOptions } from './runtime.js';
import { TAGS } from './tags.js';
import { fetchToken } from './token.js';
import type { MemberCenterApi, MemberCenterListener, MemberCenterStub } from './types.js';

declare const __VERSION__: string;

/** Events the loader fires itself; every other name is listened to as the elements' `mc-<name>`. */
const OWN_EVENTS = ['ready', 'identify', 'logout'];
/** Stands for "ask data-token-url" as the member's token source. */
const FROM_TOKEN_URL = Symbol();

const warn = (message: string, error?: unknown) => console.warn(`[Member Center] ${message}`, error ?? '');
/** A listener's exception is reported like an event handler's: to the page, without stopping the others. */
const report = (error: unknown) =>
  queueMicrotask(() => {
    throw error;
  });

/**
 * Runs the script tag: keeps a `?ref=` code, installs `window.MemberCenter` on the merchant's
 * stub (replaying its queue), and registers the mc-* tags that are or come to be on the page.
 */
export function install(config: EmbedConfig, stub: MemberCenterStub | undefined): MemberCenterApi {
  captureReferral(location.search);

  let source: TokenSource | null | typeof FROM_TOKEN_URL = config.token ?? (config.tokenUrl ? FROM_TOKEN_URL : null);
  /** Bumped by identify/logout so an older token lookup never wins. */
  let generation = 0;
  let client: MemberCenterClient | undefined;
  let started: Promise<MemberCenterClient> | undefined;
  const loading = new Map<string, Promise<void>>();
  const listeners = new Map<string, Set<MemberCenterListener>>();

  const emit = (name: string, event: Event) => {
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(event);
      } catch (error) {
        report(error);
      }
    }
  };

  /** What the client should use now: a token, a token function, or null for a guest. */
  async function tokenSource(): Promise<TokenSource | null> {
    if (source !== FROM_TOKEN_URL) return source;
    const url = config.tokenUrl!;
    const ask = () =>
      fetchToken(url).catch((error: unknown) => {
        warn('the token could not be fetched from data-token-url.', error);
        throw error;
      });
    let first: Promise<string | null> | undefined = ask();
    // A guest (null) needs no token function; a failure keeps one, so Retry asks again.
    if ((await first.catch(() => '')) === null) return null;
    const version = generation;
    return () => {
      const next = first ?? ask();
      first = undefined;
      return next.then((token) => {
        // Logged out elsewhere (another tab): show the guest view instead of an error.
        if (token === null && version === generation) void useSource(null);
        return token;
      });
    };
  }

  /** `keep`: the same session asked again (refresh()), so the shown data stays while it reloads. */
  async function useSource(next: typeof source, keep?: boolean): Promise<void> {
    source = next;
    const version = ++generation;
    if (!client) return;
    const token = await tokenSource();
    if (version === generation) client.setToken(token, { keep: keep && client.isMember });
  }

  /** Loads the shared chunk and creates the client (once; a failed load can be retried). */
  function start(): Promise<MemberCenterClient> {
    const version = generation;
    started ??= Promise.all([import('./runtime.js'), tokenSource()]).then(
      ([runtime, token]) => {
        const options: RuntimeOptions = {
          apiUrl: config.apiUrl,
          publishableKey: config.publishableKey,
          token,
          locale: config.locale,
        };
        client = runtime.start(options);
        // identify() or logout() while this was loading had no client to tell: catch up now.
        if (version !== generation) void useSource(source);
        return client;
      },
      (error: unknown) => {
        started = undefined;
        throw error;
      },
    );
    return started;
  }

  /** Registers `tag`: its chunk and the shared one load in parallel; the tag is defined once the client is set. */
  function load(tag: string): Promise<void> {
    const chunk = TAGS[tag];
    if (!chunk || customElements.get(tag)) return Promise.resolve();
    let pending = loading.get(tag);
    if (!pending) {
      pending = Promise.all([chunk(), start()]).then(
        ([module]) => module.default({ loadPanel: () => load('mc-member-center') }),
        (error: unknown) => {
          loading.delete(tag);
          warn(`<${tag}> could not be loaded.`, error);
        },
      );
      loading.set(tag, pending);
    }
    return pending;
  }

  /**
   * A launcher starts as a stand-in button (a 1.3 KB chunk); hover, focus, a click or the browser's
   * first idle moment loads the client, Lit and the real <mc-launcher>. Once that load has begun
   * (MemberCenter.open(), an earlier launcher), later launchers need no stand-in.
   */
  const standIn = (element: Element) =>
    import('./launcher-stand-in.js').then(
      (module) =>
        module.default(element as HTMLElement, {
          upgrade: () => load('mc-launcher'),
          loadPanel: () => load('mc-member-center'),
        }),
      () => load('mc-launcher'),
    );

  const selector = Object.keys(TAGS).join();
  const found = (element: Element) => {
    if (config.locale && !element.hasAttribute('lang')) element.setAttribute('lang', config.locale);
    if (config.theme && !element.hasAttribute('theme')) element.setAttribute('theme', config.theme);
    if (config.joinUrl && !element.hasAttribute('join-url')) element.setAttribute('join-url', config.joinUrl);
    if (config.loginUrl && !element.hasAttribute('login-url')) element.setAttribute('login-url', config.loginUrl);
    if (element.localName === 'mc-launcher' && !loading.has('mc-launcher')) void standIn(element);
    else void load(element.localName);
  };
  const scan = (node: Node) => {
    if (!(node instanceof Element)) return;
    if (node.localName in TAGS) found(node);
    if (node.firstElementChild) for (const element of node.querySelectorAll(selector)) found(element);
  };

  const api: Omit<MemberCenterApi, 'ready'> = {
    version: __VERSION__,
    identify(token) {
      if (token === null) return api.logout();
      if (token === undefined && !config.tokenUrl) {
        return warn('identify() needs a token or a function returning one (there is no data-token-url to ask).');
      }
      if (token !== undefined && typeof token !== 'string' && typeof token !== 'function') {
        return warn('identify() takes a token string or a function returning a Promise of one.');
      }
      void useSource(token ?? FROM_TOKEN_URL);
      emit('identify', new Event('mc-identify'));
    },
    logout() {
      void useSource(null);
      emit('logout', new Event('mc-logout'));
    },
    open(tab) {
      // Without a launcher on the page, one is added to hold the panel.
      if (!launcher()) addLauncher();
      void load('mc-launcher').then(() => launcher()?.show?.(tab));
    },
    close() {
      launcher()?.close?.();
    },
    on(name, listener) {
      name = String(name).replace(/^mc-/, '');
      if (typeof listener !== 'function') return () => {};
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
        if (!OWN_EVENTS.includes(name)) document.addEventListener(`mc-${name}`, (event) => emit(name, event));
      }
      set.add(listener);
      return () => void set.delete(listener);
    },
    async refresh() {
      if (source === FROM_TOKEN_URL) return useSource(source, true);
      await client?.store.refresh();
    },
    referralCode,
  };

  // The launcher: created unless the page already has one (it may place its own <mc-launcher>).
  type Launcher = HTMLElement & { show?(tab?: string): void; close?(): void };
  const launcher = () => document.querySelector<Launcher>('mc-launcher');
  const addLauncher = () => {
    if (launcher()) return;
    const element = document.createElement('mc-launcher');
    if (config.launcher !== 'none') element.setAttribute('position', config.launcher);
    (document.body ?? document.documentElement).append(element);
  };

  // Install on the merchant's stub object (references to it stay valid), then replay its queue
  // and make later pushes run at once (a stub method captured before load still works).
  const target = Object.assign(stub ?? {}, api, { ready: undefined as unknown as Promise<MemberCenterApi> });
  const queue = Array.isArray(stub?.q) ? stub.q : [];
  const run = ([method, args]: [string, ArrayLike<unknown>]) => {
    const fn = (api as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') return warn(`MemberCenter.${method}() does not exist.`);
    try {
      fn(...Array.from(args ?? []));
    } catch (error) {
      report(error);
    }
  };
  for (const call of queue.splice(0)) run(call);
  queue.push = (...calls) => {
    for (const call of calls) run(call);
    return 0;
  };
  target.ready = Promise.resolve(target);
  emit('ready', new Event('mc-ready'));

  // Tags on the page now and added later (single-page apps, lazy sections, the launcher).
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) scan(node);
  }).observe(document, { childList: true, subtree: true });
  scan(document.documentElement);
  if (config.launcher !== 'none') {
    if (document.body) addLauncher();
    else document.addEventListener('DOMContentLoaded', addLauncher, { once: true });
  }
  return target;
}
