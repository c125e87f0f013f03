import {
  CreateWebhookBody,
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatDate } from '../internal/settings.js';

/** Webhooks: the endpoints (owners add and remove them) and each one's deliveries. */
@customElement('mc-page-webhooks')
export class McPageWebhooks extends ConsolePage {
  @state() private selected: WebhookEndpoint | undefined;
  @state() private secret = '';
  @state() private errors: Record<string, string> = {};
  @state() private failure = '';
  @state() private resent = '';
  readonly #endpoints = new Load(this, (signal) => admin.call('listWebhooks', { query: { limit: '50' }, signal }));
  readonly #deliveries = new Load(
    this,
    (signal) =>
      this.selected
        ? admin.call('listWebhookDeliveries', { params: { id: this.selected.id }, query: { limit: '50' }, signal })
        : Promise.resolve({ items: [] }),
    () => [this.selected],
  );

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = { url: String(data.get('url') ?? '').trim(), events: data.getAll('events').map(String) };
    const checked = CreateWebhookBody.safeParse(body);
    this.failure = '';
    this.secret = '';
    if (!checked.success) {
      this.errors = fieldErrors(checked.error.issues);
      return focusInvalid(this);
    }
    this.errors = {};
    try {
      const created = await admin.call('createWebhook', { body: checked.data });
      this.secret = created.secret;
      form.reset();
      void this.#endpoints.run();
    } catch (error) {
      this.failure = isAdminError(error) ? error.message : this.t.loadError;
    }
  }

  /** Owners send a failed delivery again, after a confirm; the list shows it pending. */
  async #resend(endpoint: WebhookEndpoint, delivery: WebhookDelivery) {
    if (!confirm(this.t.confirmResend(delivery.eventType))) return;
    this.failure = '';
    this.resent = '';
    try {
      const { delivery: resent } = await admin.call('resendWebhookDelivery', {
        params: { id: endpoint.id, deliveryId: delivery.id },
      });
      this.resent = this.t.resent(resent.id);
      void this.#deliveries.run();
    } catch (error) {
      this.failure = isAdminError(error) ? error.message : this.t.loadError;
    }
  }

  async #remove(endpoint: WebhookEndpoint) {
    if (!confirm(this.t.confirmRemove(endpoint.url))) return;
    try {
      await admin.call('deleteWebhook', { params: { id: endpoint.id } });
      if (this.selected?.id === endpoint.id) this.selected = undefined;
      void this.#endpoints.run();
    } catch (error) {
      this.failure = isAdminError(error) ? error.message : this.t.loadError;
    }
  }

  override render() {
    const t = this.t;
    const owner = this.can('owner');
    return html`<h1 tabindex="-1">${t.webhooksTitle}</h1>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      <div role="status">
        ${this.secret ? html`<p class="notice ok">${t.signingSecret} <code>${this.secret}</code></p>` : nothing}
        ${this.resent ? html`<p class="notice ok">${this.resent}</p>` : nothing}
      </div>
      ${
        owner
          ? html`<section class="card" aria-labelledby="add-title">
            <h2 id="add-title">${t.addEndpoint}</h2>
            <form novalidate @submit=${this.#add}>
              <div class="field">
                <label for="url">${t.url}</label>
                <input id="url" name="url" type="url" placeholder="https://" aria-invalid=${this.errors.url ? 'true' : 'false'}
                  aria-describedby=${this.errors.url ? 'url-error' : nothing} />
                ${this.errors.url ? html`<p class="field-error" id="url-error">${this.errors.url}</p>` : nothing}
              </div>
              <fieldset class="field" aria-invalid=${this.errors.events ? 'true' : 'false'}>
                <legend>${t.events}</legend>
                ${WEBHOOK_EVENT_TYPES.map((e) => html`<label><input type="checkbox" name="events" value=${e} /> <code>${e}</code></label>`)}
                ${this.errors.events ? html`<p class="field-error">${this.errors.events}</p>` : nothing}
              </fieldset>
              <button class="primary" type="submit">${t.addEndpoint}</button>
            </form>
          </section>`
          : nothing
      }
      <h2>${t.webhooksTitle}</h2>
      ${this.#endpoints.render(
        (list) => html`<div class="table-wrap"><table>
          <caption class="visually-hidden">${t.webhooksTitle}</caption>
          <thead><tr><th scope="col">${t.url}</th><th scope="col">${t.events}</th><th scope="col">${t.created}</th><th scope="col"><span class="visually-hidden">${t.deliveries}</span></th></tr></thead>
          <tbody>
            ${list.items.map(
              (e) => html`<tr>
                <td class="mono">${e.url}</td>
                <td>${e.events.map((x) => html`<span class="badge mono">${x}</span> `)}</td>
                <td>${formatDate(e.createdAt)}</td>
                <td class="row">
                  <button type="button" aria-pressed=${this.selected?.id === e.id ? 'true' : 'false'} aria-label=${t.showDeliveries(e.url)}
                    @click=${() => {
                      this.selected = e;
                    }}>${t.deliveries}</button>
                  ${owner ? html`<button type="button" class="danger" @click=${() => this.#remove(e)}>${t.remove}</button>` : nothing}
                </td>
              </tr>`,
            )}
          </tbody></table></div>`,
        { isEmpty: (l) => l.items.length === 0, empty: t.noEndpoints },
      )}
      ${
        this.selected
          ? html`<h2>${t.showDeliveries(this.selected.url)}</h2>
            ${this.#deliveries.render(
              (list) => html`<div class="table-wrap"><table>
                <caption class="visually-hidden">${t.deliveries}</caption>
                <thead><tr><th scope="col">${t.events}</th><th scope="col">${t.status}</th><th scope="col" class="num">${t.attempts}</th><th scope="col">${t.lastError}</th><th scope="col">${t.created}</th>${owner ? html`<th scope="col"><span class="visually-hidden">${t.resend}</span></th>` : nothing}</tr></thead>
                <tbody>
                  ${list.items.map(
                    (
                      d,
                    ) => html`<tr><td class="mono">${d.eventType}</td><td><span class="badge ${d.status === 'failed' ? 'bad' : ''}">${t.deliveryStatuses[d.status] ?? d.status}</span></td>
                      <td class="num">${d.attempts}</td><td>${d.lastError ?? '—'}</td><td>${formatDate(d.createdAt)}</td>
                      ${
                        owner
                          ? html`<td>${
                              d.status === 'failed'
                                ? html`<button type="button" aria-label=${t.resendLabel(d.eventType, d.id)}
                                    @click=${() => this.#resend(this.selected!, d)}>${t.resend}</button>`
                                : nothing
                            }</td>`
                          : nothing
                      }</tr>`,
                  )}
                </tbody></table></div>`,
              { isEmpty: (l) => l.items.length === 0, empty: t.noDeliveries },
            )}`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-webhooks': McPageWebhooks;
  }
}
