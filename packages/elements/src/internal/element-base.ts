import { ContextConsumer } from '@lit/context';
import type { MemberCenterClient, StoreKey } from '@member-center/client';
import { html, LitElement, type PropertyDeclarations, type TemplateResult } from 'lit';
import { McErrorEvent } from '../events.js';
import { clientContext, getDefaultClient, onDefaultClientChange } from './client.js';
import { commonMessages } from './i18n.js';
import type { StoreController } from './store-controller.js';
import { themeStyles } from './theme.js';

/** The state every element is in, exposed as a custom state: `mc-points-balance:state(loading)`. */
export type ViewState = 'loading' | 'guest' | 'member' | 'empty' | 'error';
const VIEW_STATES: readonly ViewState[] = ['loading', 'guest', 'member', 'empty', 'error'];

/** Elements re-render when a `lang` attribute changes anywhere above them. */
const connected = new Set<McElementBase>();
let langObserver: MutationObserver | undefined;

function watchLang(element: McElementBase): void {
  connected.add(element);
  if (!langObserver && typeof MutationObserver !== 'undefined') {
    langObserver = new MutationObserver(() => {
      for (const el of connected) el.requestUpdate();
    });
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

/** The nearest `lang`, crossing shadow roots so an element inside another component follows the page. */
export function nearestLang(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const withLang: Element | null = node.closest('[lang]');
    if (withLang) return withLang.getAttribute('lang') || 'en';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return 'en';
}

/**
 * The base of every mc-* element: resolves the client (own `.client`, then the nearest
 * provider, then the page default), follows the nearest `lang`, exposes its view state as a
 * custom state and carries the theme tokens. Each element reads its strings from its own table
 * (`<name>.i18n.ts`, built with `translations()`) through a protected `t` getter.
 */
export abstract class McElementBase extends LitElement {
  static override styles = [themeStyles];

  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    theme: { reflect: true },
    defaultClientVersion: { state: true },
  };

  /** The client to read from; when unset, the nearest `<mc-provider>` or the page default is used. */
  client: MemberCenterClient | undefined;

  /** `light`, `dark`, or `auto` (follows the system's prefers-color-scheme). */
  theme: 'light' | 'dark' | 'auto' = 'auto';

  /** The nearest provider's client (a `<mc-provider>`, or any `ContextProvider` of `clientContext`); re-renders when it changes. */
  readonly #context = new ContextConsumer(this, { context: clientContext, subscribe: true });

  /** Bumped when the page default client changes, to re-render. */
  private defaultClientVersion = 0;

  protected readonly internals: ElementInternals = this.attachInternals();
  #viewState: ViewState | undefined;
  #reportedError: unknown;
  #stopDefaultClient: (() => void) | undefined;

  /**
   * The client in use: own `.client`, else the provider's, else the page default. Read by the
   * element's controllers (and tests); not part of the element's API.
   * @internal
   */
  get resolvedClient(): MemberCenterClient | undefined {
    return this.client ?? this.#context.value ?? getDefaultClient();
  }

  /** The element's language tag, from the nearest `lang` attribute. */
  protected get locale(): string {
    return nearestLang(this);
  }

  /**
   * The current view state. Pages style it through the custom state (`:state(loading)`); the
   * getter is for tests and stories, not part of the element's API.
   * @internal
   */
  get viewState(): ViewState | undefined {
    return this.#viewState;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchLang(this);
    this.#stopDefaultClient = onDefaultClientChange(() => this.defaultClientVersion++);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
    this.#stopDefaultClient?.();
  }

  /** Marks the view state as a custom state (`:state(loading)`) so pages can style it. */
  protected setViewState(next: ViewState): void {
    if (next === this.#viewState) return;
    this.#viewState = next;
    for (const name of VIEW_STATES) {
      if (name === next) this.internals.states.add(name);
      else this.internals.states.delete(name);
    }
  }

  /** Fires one mc-error per load failure, not one per render. */
  protected reportLoadError(error: unknown): void {
    if (this.#reportedError === error) return;
    this.#reportedError = error;
    queueMicrotask(() => this.dispatchEvent(new McErrorEvent('load', error)));
  }

  /**
   * The error state of a failed load: marks the state, fires the first store's mc-error, and
   * renders a message with a Retry button that loads every failed `store` again.
   */
  protected renderError(...stores: StoreController<StoreKey>[]): TemplateResult {
    const t = commonMessages(this.locale);
    this.setViewState('error');
    this.reportLoadError(stores[0]?.resource.error);
    const retry = () => {
      for (const store of stores) store.retry();
    };
    return html`<div part="error" role="alert" class="error-view">
      <span class="error">${t.loadError}</span>
      <button part="retry-button" @click=${retry}>${t.retry}</button>
    </div>`;
  }
}
