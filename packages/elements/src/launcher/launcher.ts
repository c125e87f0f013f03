import { html, nothing, type PropertyDeclarations, type PropertyValues, svg } from 'lit';
import { McCloseEvent, McErrorEvent, McOpenEvent, type MemberCenterTab } from '../events.js';
import { McElementBase } from '../internal/element-base.js';
import { formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import type { McMemberCenter } from '../member-center/member-center.js';
import { launcherMessages } from './launcher.i18n.js';
import { launcherStyles } from './launcher.styles.js';

/** Where the button floats. */
export type LauncherPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** Loads the panel's code; resolves once `<mc-member-center>` (and the elements inside it) are registered. */
export type PanelLoader = () => Promise<unknown>;

const PANEL_TAG = 'mc-member-center';
/** One load per loader, shared by every launcher on the page; forgotten on failure so a later click retries. */
const loads = new WeakMap<PanelLoader, Promise<void>>();

function loadOnce(loader: PanelLoader): Promise<void> {
  let load = loads.get(loader);
  if (!load) {
    load = loader().then(() => {
      if (!customElements.get(PANEL_TAG))
        throw new Error(`McLauncher.loadPanel resolved without defining <${PANEL_TAG}>`);
    });
    loads.set(loader, load);
    load.catch(() => loads.delete(loader));
  }
  return load;
}

const giftIcon = svg`<svg part="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="8" width="18" height="4" rx="1"/><path d="M12 8v13M19 12v7a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2v-7M7.5 8a2.5 2.5 0 0 1 0-5C10 3 12 8 12 8s2-5 4.5-5a2.5 2.5 0 0 1 0 5"/></svg>`;

/**
 * @summary A floating button with the member's points that opens the whole member center in a panel anchored to it.
 *
 * The button is all that loads up front: the panel's code (`<mc-member-center>` and every element
 * in it) is fetched with a dynamic import on intent — the pointer or focus reaching the button,
 * a press on it, or the first click — or, for whoever lingers, when the browser is idle some
 * seconds after the launcher connected (`idleDelay`; never with the browser's data saver on).
 * `McLauncher.loadPanel` is that import (by default, of the module that registers the member
 * center and the elements in its tabs); point it at your own chunk (the script-tag embed does).
 * It must resolve once `mc-member-center` is registered: the launcher registers nothing itself.
 *
 * @csspart button - The floating button.
 * @csspart icon - The gift icon on the button.
 * @csspart label - The button's text: the member's points, or "Rewards".
 * @csspart panel - The dialog anchored to the button.
 * @csspart header - The panel's title row.
 * @csspart title - The panel's title.
 * @csspart close-button - The panel's close button.
 * @csspart member-center - The `<mc-member-center>` inside the panel.
 *
 * @cssproperty --mc-launcher-offset - Distance of the button from the window's edges (default 1.25rem).
 * @cssproperty --mc-launcher-z-index - Stacking order of the button (default 2147483000; the open panel is in the top layer).
 * @cssproperty --mc-launcher-background - The button's background (default: the accent colour).
 * @cssproperty --mc-launcher-color - The button's text colour (default: the accent contrast colour).
 * @cssproperty --mc-launcher-panel-width - The panel's width (default 24rem, never wider than the window).
 * @cssproperty --mc-launcher-panel-max-height - The panel's height, fixed so tabs do not make it jump (default 40rem, never taller than the window; a full-height sheet at 480 px and below).
 *
 * @event mc-open - The panel opened ({@link McOpenEvent}, with its tab).
 * @event mc-close - The panel closed ({@link McCloseEvent}).
 * @event mc-error - The panel's code could not be loaded, or the balance could not be loaded ({@link McErrorEvent}, operation `load`).
 */
export class McLauncher extends McElementBase {
  static override styles = [...McElementBase.styles, launcherStyles];

  static override properties: PropertyDeclarations = {
    position: { reflect: true },
    open: { type: Boolean, reflect: true },
    panelLoaded: { state: true },
    announcement: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return launcherMessages(this.locale);
  }

  /**
   * Loads the panel's code and registers `<mc-member-center>` with the elements inside it. The
   * default imports `member-center/define-panel.js`, which registers just those (a tag already
   * defined is left alone): a lazy chunk of the panel's elements, without the launcher or the
   * provider. A bundle that overrides it still carries that small chunk, never loaded; the
   * script-tag embed points it at its own panel chunk.
   */
  static loadPanel: PanelLoader = () => import('../member-center/define-panel.js');

  /** Whether the panel's code is fetched when the browser is idle, before anyone reaches for the button. */
  static preloadWhenIdle = true;

  /**
   * Milliseconds after the launcher connects before the idle preload waits for an idle moment
   * (10 s): a page view that ends sooner, without a reach for the button, never downloads the panel.
   */
  static idleDelay = 10_000;

  /** The corner the button floats in. */
  position: LauncherPosition = 'bottom-right';

  /** Whether the panel is open. Setting it opens or closes the panel, as `show()` and `close()` do. */
  open = false;

  /** Set once the panel's code has loaded: the dialog is rendered from then on. */
  private panelLoaded = false;
  /** Said by the live region when the panel could not be opened. */
  private announcement = '';

  readonly #me = new StoreController(this, 'me');

  constructor() {
    super();
    // The button looks the same in every state (its label says the balance once there is one).
    this.createView(() => (this.resolvedClient?.isMember === false ? 'guest' : (awaiting(this.#me) ?? 'member')));
  }
  #requestedTab: MemberCenterTab | undefined;
  #shown = false;
  #cancelIdle: (() => void) | undefined;

  get #button(): HTMLButtonElement | null {
    return this.renderRoot.querySelector('[part~="button"]');
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** The member center inside the panel, once loaded. */
  get memberCenter(): McMemberCenter | null {
    return this.renderRoot.querySelector(PANEL_TAG);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (McLauncher.preloadWhenIdle) this.#preloadWhenIdle();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#cancelIdle?.();
  }

  /** Fetches the panel's code now (it is fetched anyway on idle, hover, focus or click). */
  async preload(): Promise<void> {
    await loadOnce(McLauncher.loadPanel);
  }

  /** Opens the panel, on `tab` if given (else the tab it was last on). */
  show(tab?: MemberCenterTab): void {
    this.#requestedTab = tab;
    if (this.open && this.#shown && tab && this.memberCenter) this.memberCenter.activeTab = tab;
    this.open = true;
  }

  /** Closes the panel; focus returns to the button. */
  close(): void {
    this.open = false;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!changed.has('open')) return;
    if (this.open) void this.#openPanel();
    else if (this.#shown) this.#closePanel();
  }

  protected override render() {
    const t = this.t;
    const balance = this.#me.resource.data?.points.balance;
    const label = balance === undefined ? t.launcherGuest : t.points(formatNumber(this.locale, balance), balance);

    return html`<button
        part="button"
        aria-haspopup="dialog"
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => (this.open ? this.close() : this.show())}
        @pointerenter=${this.#preloadQuietly}
        @pointerdown=${this.#preloadQuietly}
        @focus=${this.#preloadQuietly}
      >
        ${giftIcon}<span part="label">${label}</span><span class="visually-hidden">, ${t.memberCenter}</span>
      </button>
      <span class="visually-hidden" role="status">${this.announcement}</span>
      ${this.panelLoaded ? this.#renderPanel() : nothing}`;
  }

  #renderPanel() {
    const t = this.t;
    return html`<dialog
      part="panel"
      aria-modal="true"
      aria-labelledby="panel-title"
      @cancel=${this.#onCancel}
      @close=${this.#onNativeClose}
      @click=${this.#onDialogClick}
    >
      <div part="header">
        <h2 part="title" id="panel-title">${t.memberCenter}</h2>
        <button part="close-button" aria-label=${t.close} @click=${() => this.close()}>×</button>
      </div>
      <mc-member-center
        part="member-center"
        .client=${this.resolvedClient}
        .joinUrl=${this.joinUrl}
        .loginUrl=${this.loginUrl}
        theme=${this.theme}
      ></mc-member-center>
    </dialog>`;
  }

  #preloadQuietly = () => {
    // A failure here is reported when someone actually opens the panel.
    this.preload().catch(() => {});
  };

  #preloadWhenIdle(): void {
    // The shopper asked the browser to save data: the panel's code waits for a reach for the button.
    if ((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
    const idle = () => {
      if (typeof requestIdleCallback === 'function') {
        const handle = requestIdleCallback(this.#preloadQuietly, { timeout: 5000 });
        this.#cancelIdle = () => cancelIdleCallback(handle);
      } else this.#preloadQuietly();
    };
    const handle = setTimeout(idle, McLauncher.idleDelay);
    this.#cancelIdle = () => clearTimeout(handle);
  }

  async #openPanel(): Promise<void> {
    try {
      await this.preload();
    } catch (error) {
      this.open = false;
      this.announcement = this.t.launcherOpenFailed;
      this.dispatchEvent(new McErrorEvent('load', error));
      return;
    }
    this.announcement = '';
    this.panelLoaded = true;
    await this.updateComplete;
    const dialog = this.#dialog;
    const button = this.#button;
    const center = this.memberCenter;
    if (!this.open || this.#shown || !dialog || !button || !center) return;
    if (this.#requestedTab) center.activeTab = this.#requestedTab;
    this.#shown = true;
    this.#refreshCatalogue();
    // Placed by CSS beside the button, which sits fixed in its corner.
    dialog.showModal();
    await center.updateComplete;
    center.focus();
    if (!center.shadowRoot?.activeElement && !center.contains(document.activeElement)) {
      dialog.querySelector<HTMLElement>('[part~="close-button"]')?.focus();
    }
    this.dispatchEvent(new McOpenEvent(center.activeTab));
  }

  /**
   * A reopened panel asks for the catalogue again (a reward the merchant just added shows without
   * a reload), behind what it shows and at most once a minute, well within the API's rate limits.
   */
  #refreshCatalogue(): void {
    const store = this.resolvedClient?.store;
    const now = Date.now();
    if (!store || store.get('rewards').status === 'idle' || now - this.#catalogueAt < 60_000) return;
    this.#catalogueAt = now;
    // A failure is kept on the resource, and the bazaar goes on showing what it has.
    store.load('rewards', { force: true }).catch(() => {});
  }

  #catalogueAt = 0;

  #closePanel(): void {
    this.#shown = false;
    const dialog = this.#dialog;
    if (dialog?.open) dialog.close();
    this.#button?.focus();
    this.dispatchEvent(new McCloseEvent());
  }

  /** Escape: close through `open`, so the events and focus return happen in one place. */
  #onCancel = (event: Event) => {
    event.preventDefault();
    this.close();
  };

  /** The browser may close the dialog itself (a second Escape it will not let us cancel). */
  #onNativeClose = () => {
    if (this.open) this.close();
  };

  /** A click on the backdrop closes it: the header and the member center fill the panel, so only there is the target the dialog. */
  #onDialogClick = (event: MouseEvent) => {
    if (event.target === this.#dialog) this.close();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-launcher': McLauncher;
  }
}
