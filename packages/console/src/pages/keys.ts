import type { KeyKind, KeyRotated } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatDate } from '../internal/settings.js';

/** The program's keys (owners): the publishable key, the secret one by its ending, rotation with an overlap. */
@customElement('mc-page-keys')
export class McPageKeys extends ConsolePage {
  @state() private rotated: KeyRotated | undefined;
  @state() private failure = '';
  @state() private busy = false;
  readonly #keys = new Load(this, (signal) => admin.console('getKeys', { signal }));

  async #rotate(event: SubmitEvent, kind: KeyKind) {
    event.preventDefault();
    const hours = Number(new FormData(event.target as HTMLFormElement).get('overlap'));
    this.busy = true;
    this.failure = '';
    this.rotated = undefined;
    try {
      this.rotated = await admin.console('rotateKey', { body: { kind, overlapHours: hours } });
      void this.#keys.run();
    } catch (error) {
      this.failure = isAdminError(error) ? error.message : this.t.loadError;
    } finally {
      this.busy = false;
    }
  }

  #kindName(kind: KeyKind) {
    return kind === 'secret' ? this.t.secretKey : this.t.publishableKey;
  }

  override render() {
    const t = this.t;
    return html`<h1 tabindex="-1">${t.keysTitle}</h1>
      <p class="muted">${t.keysLead}</p>
      <div role="status">
        ${
          this.rotated
            ? html`<div class="notice ok"><p>${t.rotated}</p><p><code>${this.rotated.key}</code></p></div>`
            : nothing
        }
      </div>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      ${this.#keys.render(
        (keys) => html`<div class="grid wide">
            ${(['publishable', 'secret'] as const).map(
              (kind) => html`<section class="card" aria-labelledby=${`${kind}-title`}>
                <h2 id=${`${kind}-title`}>${this.#kindName(kind)}</h2>
                <p><code>${kind === 'publishable' ? keys.publishableKey : `sk_… ${t.endingIn(keys.secretKeyEnding)}`}</code></p>
                ${keys.previous
                  .filter((p) => p.kind === kind)
                  .map(
                    (p) =>
                      html`<p class="hint">${t.stillWorks(this.#kindName(kind), p.ending, formatDate(p.until))}</p>`,
                  )}
                <form @submit=${(e: SubmitEvent) => this.#rotate(e, kind)}>
                  <div class="field">
                    <label for=${`${kind}-overlap`}>${t.overlap}</label>
                    <input id=${`${kind}-overlap`} name="overlap" type="number" min="0" max="168" step="1" value="24" required />
                  </div>
                  <button class="primary" type="submit" ?disabled=${this.busy}>${t.rotate(this.#kindName(kind))}</button>
                </form>
              </section>`,
            )}
          </div>`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-keys': McPageKeys;
  }
}
