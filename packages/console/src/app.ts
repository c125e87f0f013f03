import type { ConsoleSession } from '@member-center/contract';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError, SESSION_ENDED } from './api/admin-client.js';
import type { Lang } from './i18n.js';
import type { ConsolePage } from './internal/page.js';
import { SettingsController, settings, type Theme } from './internal/settings.js';
import { base } from './internal/styles.js';
import { href, PAGES, parseHash } from './routes.js';

/**
 * The console: checks the session, then shows the sign-in or the shell (program name, the
 * navigation, language and theme, the operator's menu) around the page of the hash route.
 */
@customElement('mc-console-app')
export class McConsoleApp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        min-height: 100vh;
        background: var(--c-bg);
      }
      .skip {
        position: absolute;
        inset-inline-start: 0.5rem;
        top: -4rem;
        z-index: 10;
        background: var(--c-accent);
        color: var(--c-accent-text);
        padding: 0.5rem 1rem;
        border-radius: var(--radius);
      }
      .skip:focus {
        top: 0.5rem;
      }
      header {
        display: flex;
        align-items: center;
        gap: 1rem;
        padding: 0.5rem 1.25rem;
        background: var(--c-surface);
        border-bottom: 1px solid var(--c-border);
        flex-wrap: wrap;
      }
      .brand {
        font-weight: 700;
        margin-inline-end: auto;
        display: flex;
        flex-direction: column;
        line-height: 1.2;
      }
      .brand small {
        color: var(--c-muted);
        font-weight: 400;
      }
      .tools {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      .tools select {
        width: auto;
      }
      .tools label {
        margin: 0;
      }
      .menu {
        position: relative;
      }
      .menu-panel {
        position: absolute;
        inset-inline-end: 0;
        top: calc(100% + 0.25rem);
        z-index: 5;
        min-width: 15rem;
        background: var(--c-surface);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
        padding: 0.5rem;
        display: grid;
        gap: 0.25rem;
      }
      .menu-panel p {
        margin: 0.25rem 0.5rem 0.5rem;
        color: var(--c-muted);
        overflow-wrap: anywhere;
      }
      .menu-panel button {
        justify-content: flex-start;
        border: 0;
      }
      .menu-panel button:hover {
        background: var(--c-surface-2);
      }
      .layout {
        display: grid;
        grid-template-columns: 13rem 1fr;
        min-height: calc(100vh - 3.6rem);
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 1rem 0.75rem;
        display: grid;
        gap: 0.25rem;
      }
      nav a {
        display: block;
        padding: 0.55rem 0.75rem;
        border-radius: var(--radius);
        color: var(--c-text);
        text-decoration: none;
        font-weight: 500;
      }
      nav a:hover {
        background: var(--c-surface-2);
      }
      nav a[aria-current='page'] {
        background: var(--c-accent);
        color: var(--c-accent-text);
      }
      main {
        padding: 1.5rem;
        min-width: 0;
        max-width: 72rem;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
          grid-template-rows: auto 1fr;
        }
        nav {
          border-bottom: 1px solid var(--c-border);
          background: var(--c-surface);
          /* The links scroll inside the bar rather than widen the page. */
          min-width: 0;
        }
        nav ul {
          display: flex;
          overflow-x: auto;
          padding: 0.5rem;
        }
        nav a {
          white-space: nowrap;
        }
        main {
          padding: 1rem;
        }
      }
    `,
  ];

  readonly #settings = new SettingsController(this);
  @state() private session: ConsoleSession | null | undefined;
  @state() private route = parseHash(location.hash);
  @state() private menuOpen = false;
  @state() private notice = '';
  @state() private failed = false;
  #page: ConsolePage | undefined;
  #navigated = false;
  #pageKey = '';

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    window.addEventListener(SESSION_ENDED, this.#onEnded);
    document.addEventListener('keydown', this.#onKey);
    void this.#check();
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHash);
    window.removeEventListener(SESSION_ENDED, this.#onEnded);
    document.removeEventListener('keydown', this.#onKey);
  }

  async #check() {
    this.failed = false;
    try {
      this.session = await admin.console('getSession');
    } catch (error) {
      if (isAdminError(error) && error.status === 401) this.session = null;
      else this.failed = true;
    }
  }

  #onHash = () => {
    this.route = parseHash(location.hash);
    this.#navigated = true;
    this.menuOpen = false;
  };
  #onEnded = () => {
    if (this.session) this.notice = this.#settings.t.sessionEnded;
    this.session = null;
  };
  #onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.menuOpen) {
      this.menuOpen = false;
      this.renderRoot.querySelector<HTMLElement>('#account')?.focus();
    }
  };

  #signedIn = (event: CustomEvent<ConsoleSession>) => {
    this.session = event.detail;
    this.notice = '';
    if (this.route.name === 'welcome') location.hash = href('overview');
  };

  async #signOut(everywhere: boolean) {
    this.menuOpen = false;
    try {
      await admin.console(everywhere ? 'logoutEverywhere' : 'logout');
    } catch {
      // already ended: the sign-in shows either way
    }
    this.session = null;
  }

  /** The page element of the route, made once per route and argument, loaded on first visit. */
  #pageFor(name: string, arg: string) {
    const key = `${name}/${arg}`;
    if (this.#page && this.#pageKey === key) {
      this.#page.session = this.session!;
      return this.#page;
    }
    const def = PAGES[name]!;
    const page = document.createElement(def.tag) as ConsolePage;
    page.session = this.session!;
    page.arg = arg;
    this.#page = page;
    this.#pageKey = key;
    const navigated = this.#navigated;
    this.#navigated = false;
    void def.load().then(async () => {
      await page.updateComplete;
      document.title = `${def.nav ? this.#settings.t[def.nav] : this.#settings.t.appName} · ${this.session?.program.name ?? ''}`;
      // After a navigation the new page's heading takes the focus, so a screen reader announces it.
      if (navigated) page.focusHeading();
    });
    return page;
  }

  override render() {
    const t = this.#settings.t;
    if (this.failed)
      return html`<main><div class="state error" role="alert"><p>${t.loadError}</p>
        <button type="button" @click=${() => this.#check()}>${t.retry}</button></div></main>`;
    if (this.session === undefined) return html`<main><p class="state" role="status">${t.loading}</p></main>`;
    if (this.session === null) {
      void import('./pages/login.js');
      const welcome = this.route.name === 'welcome' ? this.route.arg : '';
      return html`${this.#tools(true)}
        <mc-page-login .token=${welcome} .notice=${this.notice} @signed-in=${this.#signedIn}></mc-page-login>`;
    }
    const { name, arg } = this.route.name === 'welcome' ? { name: 'overview', arg: '' } : this.route;
    const current = name === 'member' ? 'members' : name;
    const role = this.session.operator.role;
    const rank = { viewer: 0, staff: 1, owner: 2 };
    return html`<button type="button" class="skip" @click=${this.#skip}>${t.skip}</button>
      ${this.#tools(false)}
      <div class="layout">
        <nav aria-label=${t.nav}>
          <ul>
            ${Object.entries(PAGES)
              .filter(([, p]) => p.nav && rank[role] >= rank[p.role ?? 'viewer'])
              .map(
                ([key, p]) =>
                  html`<li><a href=${href(key)} aria-current=${current === key ? 'page' : nothing}>${t[p.nav!]}</a></li>`,
              )}
          </ul>
        </nav>
        <main id="main" tabindex="-1">${this.#pageFor(name, arg)}</main>
      </div>`;
  }

  #skip() {
    this.renderRoot.querySelector<HTMLElement>('#main')?.focus();
  }

  #tools(signedOut: boolean) {
    const t = this.#settings.t;
    const s = this.session;
    return html`<header>
      <div class="brand">
        <span>${s?.program.name ?? t.appName}</span>
        ${s ? html`<small>${t.appName}</small>` : nothing}
      </div>
      <div class="tools">
        <label for="lang" class="visually-hidden">${t.language}</label>
        <select id="lang" @change=${(e: Event) => settings.setLang((e.target as HTMLSelectElement).value as Lang)}>
          <option value="en" ?selected=${settings.lang === 'en'} lang="en">English</option>
          <option value="zh-CN" ?selected=${settings.lang === 'zh-CN'} lang="zh-CN">简体中文</option>
        </select>
        <label for="theme" class="visually-hidden">${t.theme}</label>
        <select id="theme" @change=${(e: Event) => settings.setTheme((e.target as HTMLSelectElement).value as Theme)}>
          ${(['system', 'light', 'dark'] as const).map(
            (v) =>
              html`<option value=${v} ?selected=${settings.theme === v}>
                ${v === 'system' ? t.themeSystem : v === 'light' ? t.themeLight : t.themeDark}
              </option>`,
          )}
        </select>
        ${
          signedOut || !s
            ? nothing
            : html`<div class="menu">
              <button
                id="account"
                type="button"
                aria-expanded=${this.menuOpen ? 'true' : 'false'}
                aria-controls="account-menu"
                @click=${() => {
                  this.menuOpen = !this.menuOpen;
                }}
              >
                ${t.account} <span aria-hidden="true">▾</span>
              </button>
              ${
                this.menuOpen
                  ? html`<div class="menu-panel" id="account-menu">
                    <p>${t.signedInAs(s.operator.email, t.role[s.operator.role] ?? s.operator.role)}</p>
                    <button type="button" @click=${() => this.#signOut(false)}>${t.signOut}</button>
                    <button type="button" @click=${() => this.#signOut(true)}>${t.signOutEverywhere}</button>
                  </div>`
                  : nothing
              }
            </div>`
        }
      </div>
    </header>`;
  }

  protected override updated(changed: Map<string, unknown>) {
    if (changed.has('menuOpen') && this.menuOpen)
      this.renderRoot.querySelector<HTMLElement>('#account-menu button')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-console-app': McConsoleApp;
  }
}
