import type { ConsoleSession } from '@member-center/contract';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { formatSeconds, SettingsController } from '../internal/settings.js';
import { base } from '../internal/styles.js';

/**
 * The sign-in: email and password (or, from a one-time login link, the new password). Fires
 * `signed-in` with the session. A refusal is shown above the form and announced; a lockout says
 * how long to wait.
 */
@customElement('mc-page-login')
export class McPageLogin extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        place-items: start center;
        padding: 3rem 1rem;
      }
      .card {
        width: min(26rem, 100%);
        box-sizing: border-box;
      }
      p.lead {
        color: var(--c-muted);
        margin: 0 0 1.25rem;
      }
      button.primary {
        width: 100%;
        justify-content: center;
      }
    `,
  ];
  readonly #settings = new SettingsController(this);
  /** A one-time login link's token: the form sets the password. */
  @property() token = '';
  /** Shown above the form (e.g. the session ended). */
  @property() notice = '';
  @state() private error = '';
  @state() private busy = false;
  @state() private missing: string[] = [];

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const t = this.#settings.t;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    this.missing = [...(this.token ? [] : email ? [] : ['email']), ...(password ? [] : ['password'])];
    if (this.missing.length) {
      this.error = '';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const session: ConsoleSession = this.token
        ? await admin.console('linkLogin', { body: { token: this.token, password } })
        : await admin.console('login', { body: { email, password } });
      this.dispatchEvent(new CustomEvent('signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      this.error = !isAdminError(error)
        ? t.loadError
        : error.status === 429
          ? t.lockedOut(formatSeconds(error.details?.retryAfter ?? 60))
          : error.status === 401
            ? this.token
              ? t.linkInvalid
              : t.wrongCredentials
            : error.message;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#password')?.focus();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.#settings.t;
    const welcome = !!this.token;
    const invalid = (name: string) => (this.missing.includes(name) ? 'true' : 'false');
    return html`<main class="card" aria-labelledby="title">
      <h1 id="title">${welcome ? t.welcomeTitle : t.signInTitle}</h1>
      <p class="lead">${welcome ? t.welcomeLead : t.signInLead}</p>
      ${this.notice && !this.error ? html`<p class="notice error" role="status">${this.notice}</p>` : nothing}
      <div role="alert">${this.error ? html`<p class="notice error">${this.error}</p>` : nothing}</div>
      <form novalidate @submit=${this.#submit}>
        ${
          welcome
            ? nothing
            : html`<div class="field">
              <label for="email">${t.email}</label>
              <input id="email" name="email" type="email" autocomplete="username" required
                aria-invalid=${invalid('email')} aria-describedby=${this.missing.includes('email') ? 'email-error' : nothing} />
              ${this.missing.includes('email') ? html`<p class="field-error" id="email-error">${t.required}</p>` : nothing}
            </div>`
        }
        <div class="field">
          <label for="password">${welcome ? t.newPassword : t.password}</label>
          <input id="password" name="password" type="password" required
            autocomplete=${welcome ? 'new-password' : 'current-password'}
            minlength=${welcome ? 10 : nothing}
            aria-invalid=${invalid('password')}
            aria-describedby=${[welcome ? 'password-hint' : '', this.missing.includes('password') ? 'password-error' : ''].join(' ').trim() || nothing} />
          ${welcome ? html`<p class="hint" id="password-hint">${t.passwordHint}</p>` : nothing}
          ${this.missing.includes('password') ? html`<p class="field-error" id="password-error">${t.required}</p>` : nothing}
        </div>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t.signingIn : welcome ? t.setPassword : t.signIn}
        </button>
      </form>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-login': McPageLogin;
  }
}
