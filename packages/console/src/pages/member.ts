import { AdjustmentBody, type MemberRecord } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatDate, formatNumber } from '../internal/settings.js';
import { href } from '../routes.js';
import { auditTable } from './audit-table.js';

/** One member: balance, tier, and (staff and owners) a points adjustment with a reason, audited. */
@customElement('mc-page-member')
export class McPageMember extends ConsolePage {
  @state() private fieldErrors: Record<string, string> = {};
  @state() private done = '';
  @state() private failure = '';
  @state() private busy = false;

  readonly #member = new Load(
    this,
    (signal) => admin.call('getMember', { params: { customerId: this.arg }, signal }),
    () => [this.arg],
  );
  readonly #history = new Load(
    this,
    (signal) => admin.console('listAudit', { query: { target: `member:${this.arg}`, limit: '20' }, signal }),
    () => [this.arg],
  );

  async #adjust(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = { points: Number(data.get('points')), reason: String(data.get('reason') ?? '').trim() };
    this.done = '';
    this.failure = '';
    // The contract's own schema checks the form before it is sent; the server checks again.
    const checked = AdjustmentBody.safeParse(body);
    if (!checked.success || !String(data.get('points'))) {
      const errors = fieldErrors(checked.success ? [] : checked.error.issues);
      if (!String(data.get('points'))) errors.points = this.t.required;
      if (!body.reason) errors.reason = this.t.required;
      this.fieldErrors = errors;
      return focusInvalid(this);
    }
    this.fieldErrors = {};
    this.busy = true;
    try {
      const answer = await admin.call('adjustPoints', { params: { customerId: this.arg }, body: checked.data });
      this.done = this.t.adjusted(formatNumber(answer.points.balance));
      form.reset();
      void this.#member.run();
      void this.#history.run();
    } catch (error) {
      this.failure =
        isAdminError(error) && error.status === 403
          ? this.t.forbidden
          : isAdminError(error)
            ? error.message
            : this.t.loadError;
    } finally {
      this.busy = false;
    }
  }

  #field(
    name: 'points' | 'reason',
    label: string,
    hint: string,
    attrs: { type: string; step?: string; maxlength?: string },
  ) {
    const error = this.fieldErrors[name];
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input id=${name} name=${name} type=${attrs.type} step=${attrs.step ?? nothing} maxlength=${attrs.maxlength ?? nothing}
        required aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${name}-hint${error ? ` ${name}-error` : ''}`} />
      <p class="hint" id=${`${name}-hint`}>${hint}</p>
      ${error ? html`<p class="field-error" id=${`${name}-error`}>${error}</p>` : nothing}
    </div>`;
  }

  #view(m: MemberRecord) {
    const t = this.t;
    return html`<dl class="grid">
        <div class="card stat"><dt>${t.balance}</dt><dd>${formatNumber(m.points.balance)}</dd></div>
        <div class="card stat"><dt>${t.lifetime}</dt><dd>${formatNumber(m.points.lifetimeEarned)}</dd></div>
        <div class="card stat">
          <dt>${t.tier}</dt>
          <dd>
            ${m.tier.current?.name ?? t.noTier}
            <span class="hint">${m.tier.next && m.tier.progress.remaining !== null ? t.nextTier(m.tier.next.name, formatNumber(m.tier.progress.remaining)) : t.topTier}</span>
          </dd>
        </div>
        <div class="card stat"><dt>${t.stage}</dt><dd>${m.stage ? (t.stages[m.stage] ?? m.stage) : '—'}</dd></div>
      </dl>
      <p class="muted">${m.member.name ?? ''} ${m.member.email ?? ''} · ${t.joined} ${formatDate(m.member.joinedAt)}</p>`;
  }

  override render() {
    const t = this.t;
    return html`<p><a href=${href('members')}>← ${t.back}</a></p>
      <h1 tabindex="-1">${this.arg}</h1>
      ${this.#member.render((m) => this.#view(m), { notFound: t.noMember })}
      ${
        this.can('staff') && this.#member.status === 'complete'
          ? html`<section class="card" aria-labelledby="adjust-title">
            <h2 id="adjust-title">${t.adjustTitle}</h2>
            <div role="status">${this.done ? html`<p class="notice ok">${this.done}</p>` : nothing}</div>
            <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
            <form novalidate @submit=${this.#adjust}>
              <div class="row">
                ${this.#field('points', t.points, t.pointsHint, { type: 'number', step: '1' })}
                ${this.#field('reason', t.reason, t.reasonHint, { type: 'text', maxlength: '500' })}
              </div>
              <button class="primary" type="submit" ?disabled=${this.busy}>${t.adjust}</button>
            </form>
          </section>`
          : nothing
      }
      <h2>${t.history}</h2>
      ${this.#history.render((log) => auditTable(t, log.items, t.history), { isEmpty: (l) => l.items.length === 0, empty: t.noAudit })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-member': McPageMember;
  }
}
