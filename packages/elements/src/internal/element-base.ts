import { ContextConsumer } from '@lit/context';
import type { MemberCenterClient } from '@member-center/client';
import { html, LitElement, nothing, type PropertyDeclarations } from 'lit';
import { type JoinAction, McJoinEvent } from '../events.js';
import { clientContext, getDefaultClient, onDefaultClientChange } from './client.js';
import { commonMessages } from './i18n.js';
import { StoreController } from './store-controller.js';
import { themeStyles } from './theme.js';
import { type View, ViewController, type ViewState } from './view-controller.js';

export type { ViewState } from './view-controller.js';

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
 *
 * @event mc-join - A guest followed the Join or Log in link; cancel it to route yourself ({@link McJoinEvent}).
 * @csspart join - A guest's Join and Log in links.
 * @csspart join-link - The Join link (`join-url`, else the program's `joinUrl`).
 * @csspart login-link - The Log in link (`login-url`, else the program's `loginUrl`).
 */
export abstract class McElementBase extends LitElement {
  static override styles = [themeStyles];

  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    theme: { reflect: true },
    joinUrl: { attribute: 'join-url' },
    loginUrl: { attribute: 'login-url' },
    defaultClientVersion: { state: true },
  };

  /** The client to read from; when unset, the nearest `<mc-provider>` or the page default is used. */
  client: MemberCenterClient | undefined;

  /** `light`, `dark`, or `auto` (follows the system's prefers-color-scheme). */
  theme: 'light' | 'dark' | 'auto' = 'auto';

  /** Where a guest joins the program; the program's `joinUrl` when unset. */
  joinUrl: string | undefined;

  /** Where a guest logs in; the program's `loginUrl` when unset. */
  loginUrl: string | undefined;

  /** The program, loaded for guests (its join and log-in links, its ways to earn). */
  protected readonly guestProgram = new StoreController(this, 'program', (client) => !client.isMember);

  /** The nearest provider's client (a `<mc-provider>`, or any `ContextProvider` of `clientContext`); re-renders when it changes. */
  readonly #context = new ContextConsumer(this, { context: clientContext, subscribe: true });

  /** Bumped when the page default client changes, to re-render. */
  private defaultClientVersion = 0;

  protected readonly internals: ElementInternals = this.attachInternals();
  #view: ViewController | undefined;
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
    return this.#view?.state;
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

  /** A guest's way on: the Join and Log in links (nothing when neither has a URL). */
  protected renderJoin(): unknown {
    const t = commonMessages(this.locale);
    const program = this.guestProgram.resource.data;
    const link = (action: JoinAction, url: string | null | undefined, label: string) =>
      url
        ? html`<a
            part="${action}-link"
            class="button ${action === 'join' ? 'primary' : ''}"
            href=${url}
            @click=${(event: Event) => this.dispatchEvent(new McJoinEvent(action, url)) || event.preventDefault()}
            >${label}</a
          >`
        : nothing;
    const join = link('join', this.joinUrl ?? program?.joinUrl, t.join);
    const login = link('login', this.loginUrl ?? program?.loginUrl, t.logIn);
    return join === nothing && login === nothing ? nothing : html`<p part="join">${join}${login}</p>`;
  }

  /**
   * The element's view: `decide` says, before each render, which state it is in (see
   * ViewController). Call it in a field initialiser after the element's store controllers.
   */
  protected createView(decide: () => View | Exclude<ViewState, 'error'>): ViewController {
    this.#view = new ViewController(this, this.internals, () => this.locale, decide);
    return this.#view;
  }
}
