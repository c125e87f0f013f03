import type { AuditEntry } from '@member-center/contract';
import { html } from 'lit';
import type { Messages } from '../i18n.js';
import { formatDate } from '../internal/settings.js';

const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 1));

/** Audit entries as a table: when, who, what, about what, before → after, why. */
export const auditTable = (t: Messages, items: AuditEntry[], caption: string) =>
  html`<div class="table-wrap">
    <table>
      <caption class="visually-hidden">${caption}</caption>
      <thead>
        <tr>
          <th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.action}</th>
          <th scope="col">${t.target}</th><th scope="col">${t.change}</th><th scope="col">${t.reason}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (e) => html`<tr>
            <td>${formatDate(e.at)}</td>
            <td>${e.operator.email}</td>
            <td><span class="badge mono">${e.action}</span></td>
            <td class="mono">${e.target ?? '—'}</td>
            <td>
              <details>
                <summary>${t.change}</summary>
                <pre class="mono">${show(e.before)}</pre>
                <p aria-hidden="true">↓</p>
                <pre class="mono">${show(e.after)}</pre>
              </details>
            </td>
            <td>${e.reason ?? '—'}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
