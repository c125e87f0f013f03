import { AddOperatorBody, type Operator, type OperatorAdded, OperatorRole } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatDate } from '../internal/settings.js';

/** Operators (owners): who may sign in, with which role; add one (a one-time link) or remove one. */
@customElement('mc-page-operators')
export class McPageOperators extends ConsolePage {
  @state() private added: OperatorAdded | undefined;
  @state() private errors: Record<string, string> = {};
  @state() private failure = '';
  readonly #list = new Load(this, (signal) => admin.console('listOperators', { signal }));

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const checked = AddOperatorBody.safeParse({
      email: String(data.get('email') ?? '').trim(),
      role: data.get('role'),
    });
    this.failure = '';
    this.added = undefined;
    if (!checked.success) {
      this.errors = { email: checked.error.issues[0]?.message ?? this.t.required };
      return focusInvalid(this);
    }
    this.errors = {};
    try {
      this.added = await admin.console('addOperator', { body: checked.data });
      form.reset();
      void this.#list.run();
    } catch (error) {
      this.failure = isAdminError(error) ? error.message : this.t.loadError;
    }
  }

  async #remove(operator: Operator) {
    if (!confirm(this.t.confirmRemove(operator.email))) return;
    try {
      await admin.console('removeOperator', { params: { id: operator.id } });
      void this.#list.run();
    } catch (error) {
      this.failure = isAdminError(error) ? error.message : this.t.loadError;
    }
  }

  override render() {
    const t = this.t;
    return html`<h1 tabindex="-1">${t.operatorsTitle}</h1>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      <div role="status">
        ${
          this.added?.loginLink
            ? html`<div class="notice ok"><p>${t.loginLink}</p><p><code>${new URL(this.added.loginLink, location.origin).href}</code></p></div>`
            : nothing
        }
      </div>
      <section class="card" aria-labelledby="add-op-title">
        <h2 id="add-op-title">${t.addOperator}</h2>
        <form class="row" novalidate @submit=${this.#add}>
          <div class="field">
            <label for="op-email">${t.email}</label>
            <input id="op-email" name="email" type="email" aria-invalid=${this.errors.email ? 'true' : 'false'}
              aria-describedby=${this.errors.email ? 'op-email-error' : nothing} />
            ${this.errors.email ? html`<p class="field-error" id="op-email-error">${this.errors.email}</p>` : nothing}
          </div>
          <div class="field">
            <label for="op-role">${t.roleLabel}</label>
            <select id="op-role" name="role">
              ${OperatorRole.options.map((r) => html`<option value=${r} ?selected=${r === 'staff'}>${t.role[r]}</option>`)}
            </select>
          </div>
          <div class="field actions"><button class="primary" type="submit">${t.addOperator}</button></div>
        </form>
      </section>
      <h2>${t.operatorsTitle}</h2>
      ${this.#list.render(
        (list) => html`<div class="table-wrap"><table>
          <caption class="visually-hidden">${t.operatorsTitle}</caption>
          <thead><tr><th scope="col">${t.email}</th><th scope="col">${t.roleLabel}</th><th scope="col">${t.created}</th><th scope="col"><span class="visually-hidden">${t.remove}</span></th></tr></thead>
          <tbody>
            ${list.items.map(
              (o) => html`<tr>
                <td>${o.email}${o.active ? nothing : html` <span class="badge">${t.pendingLink}</span>`}</td>
                <td>${t.role[o.role]}</td>
                <td>${formatDate(o.createdAt)}</td>
                <td>${o.id === this.session.operator.id ? nothing : html`<button type="button" class="danger" aria-label=${`${t.remove} ${o.email}`} @click=${() => this.#remove(o)}>${t.remove}</button>`}</td>
              </tr>`,
            )}
          </tbody></table></div>`,
        { isEmpty: (l) => l.items.length === 0, empty: t.noOperators },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-operators': McPageOperators;
  }
}
