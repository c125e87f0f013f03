import type { AuditEntry } from '@member-center/contract';
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin } from '../api/admin-client.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { auditTable } from './audit-table.js';

const ACTIONS = ['points.*', 'reward.*', 'program.*', 'campaign.*', 'webhook.*', 'keys.*', 'operator.*'];

/** The audit log, newest first, filtered by action family and operator, a page at a time. */
@customElement('mc-page-audit')
export class McPageAudit extends ConsolePage {
  @state() private action = '';
  @state() private operator = '';
  @state() private extra: AuditEntry[] = [];
  @state() private cursor: string | undefined;

  readonly #log = new Load(
    this,
    async (signal) => {
      const page = await admin.console('listAudit', { query: this.#query(), signal });
      this.extra = [];
      this.cursor = page.nextCursor;
      return page;
    },
    () => [this.action, this.operator],
  );

  #query(cursor?: string) {
    return {
      limit: '50',
      ...(this.action && { action: this.action }),
      ...(this.operator && { operator: this.operator }),
      ...(cursor && { cursor }),
    };
  }

  async #more() {
    const page = await admin.console('listAudit', { query: this.#query(this.cursor) });
    this.extra = [...this.extra, ...page.items];
    this.cursor = page.nextCursor;
  }

  #filter(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.action = String(data.get('action') ?? '');
    this.operator = String(data.get('operator') ?? '').trim();
  }

  override render() {
    const t = this.t;
    return html`<h1 tabindex="-1">${t.auditTitle}</h1>
      <form class="row" aria-label=${t.filter} @submit=${this.#filter}>
        <div class="field">
          <label for="action">${t.action}</label>
          <select id="action" name="action">
            <option value="">${t.anyAction}</option>
            ${ACTIONS.map((a) => html`<option value=${a} ?selected=${this.action === a}>${a}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="operator">${t.operatorEmail}</label>
          <input id="operator" name="operator" type="email" .value=${this.operator} />
        </div>
        <div class="field actions"><button class="primary" type="submit">${t.filter}</button></div>
      </form>
      ${this.#log.render(
        (page) => html`${auditTable(t, [...page.items, ...this.extra], t.auditTitle)}
          ${this.cursor ? html`<p><button type="button" @click=${this.#more}>${t.more}</button></p>` : ''}`,
        { isEmpty: (p) => p.items.length === 0, empty: t.noAudit },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-audit': McPageAudit;
  }
}
