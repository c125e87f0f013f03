import {
  type ActivityEntry,
  AdjustmentBody,
  IssueCouponsBody,
  type MemberRecord,
  type Redemption,
} from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin } from '../api/admin-client.js';
import { fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { Paged } from '../internal/paged.js';
import { formatDate, formatMoney, formatNumber } from '../internal/settings.js';
import { href } from '../routes.js';
import { auditTable } from './audit-table.js';

const en = {
  ledger: 'Points ledger',
  when: 'When',
  type: 'Type',
  description: 'Description',
  points: 'Points',
  balanceAfter: 'Balance after',
  types: {
    order: 'Order',
    redemption: 'Redemption',
    adjustment: 'Adjustment',
    expiry: 'Expiry',
    refund: 'Refund',
    birthday: 'Birthday',
    check_in: 'Check-in',
    referral: 'Referral',
    discount: 'Points as cash',
    tier: 'Tier',
  } as Record<string, string>,
  noLedger: 'No points moved yet.',
  coupons: 'Coupons',
  code: 'Code',
  reward: 'Reward',
  status: 'Status',
  value: 'Value',
  expires: 'Expires',
  used: 'Used',
  noCoupons: 'No coupons.',
  statuses: { available: 'Available', used: 'Used', expired: 'Expired', void: 'Void' } as Record<string, string>,
  issueTitle: 'Issue a coupon',
  issueLead: "Gives the member a reward's code without spending points.",
  chooseReward: 'Choose a reward',
  validDays: 'Valid for (days)',
  validHint: "Empty: the reward's own validity.",
  issue: 'Issue',
  issued: (code: string) => `Issued: ${code}`,
  noActiveRewards: 'No active reward to issue.',
  more: 'Load more',
};
const zh: typeof en = {
  ledger: '积分明细',
  when: '时间',
  type: '类型',
  description: '说明',
  points: '积分',
  balanceAfter: '变动后余额',
  types: {
    order: '订单',
    redemption: '兑换',
    adjustment: '调整',
    expiry: '过期',
    refund: '退款',
    birthday: '生日',
    check_in: '签到',
    referral: '推荐',
    discount: '积分抵现',
    tier: '等级',
  },
  noLedger: '还没有积分变动。',
  coupons: '优惠券',
  code: '券码',
  reward: '奖励',
  status: '状态',
  value: '面值',
  expires: '到期',
  used: '使用时间',
  noCoupons: '没有优惠券。',
  statuses: { available: '可使用', used: '已使用', expired: '已过期', void: '已作废' },
  issueTitle: '发放优惠券',
  issueLead: '向该会员发放奖励券码，不扣积分。',
  chooseReward: '选择奖励',
  validDays: '有效期（天）',
  validHint: '留空：使用奖励自身的有效期。',
  issue: '发放',
  issued: (code) => `已发放：${code}`,
  noActiveRewards: '没有可发放的奖励。',
  more: '加载更多',
};
const STRINGS = { en, 'zh-CN': zh };

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
  readonly #ledger = new Paged<ActivityEntry>(
    this,
    (cursor, signal) =>
      admin.call('listMemberActivity', {
        params: { customerId: this.arg },
        query: { limit: '20', cursor },
        ...(signal && { signal }),
      }),
    () => [this.arg],
  );
  readonly #coupons = new Paged<Redemption>(
    this,
    (cursor, signal) =>
      admin.call('listMemberCoupons', {
        params: { customerId: this.arg },
        query: { limit: '20', cursor },
        ...(signal && { signal }),
      }),
    () => [this.arg],
  );
  /** The rewards a coupon can be issued for (staff and owners only). */
  readonly #rewards = new Load(this, (signal) =>
    this.can('staff')
      ? admin.call('listRewards', { query: { status: 'active', limit: '100' }, signal })
      : Promise.resolve({ items: [] }),
  );
  @state() private issueError = '';
  @state() private issueDone = '';

  get #s() {
    return STRINGS[this.settings.lang];
  }

  async #issue(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const days = String(data.get('validDays') ?? '').trim();
    const body = {
      batchKey: crypto.randomUUID(),
      rewardId: String(data.get('rewardId') ?? ''),
      customerId: this.arg,
      ...(days && { validDays: Number(days) }),
    };
    this.issueDone = '';
    this.issueError = '';
    const checked = IssueCouponsBody.safeParse(body);
    if (!checked.success) {
      const e = fieldErrors(checked.error.issues);
      this.fieldErrors = {
        ...(e.rewardId && { rewardId: this.t.required }),
        ...(e.validDays && { validDays: e.validDays }),
      };
      return focusInvalid(this);
    }
    this.fieldErrors = {};
    try {
      const answer = await admin.call('issueCoupons', { body: checked.data });
      this.issueDone = this.#s.issued(answer.coupon?.code ?? '');
      form.reset();
      void this.#coupons.load.run();
    } catch (error) {
      this.issueError = this.messageOf(error);
    }
  }

  #issueForm() {
    const s = this.#s;
    const rewardError = this.fieldErrors.rewardId;
    const daysError = this.fieldErrors.validDays;
    return html`<section class="card" aria-labelledby="issue-title">
      <h2 id="issue-title">${s.issueTitle}</h2>
      <p class="muted">${s.issueLead}</p>
      <div role="status">${this.issueDone ? html`<p class="notice ok">${this.issueDone}</p>` : nothing}</div>
      <div role="alert">${this.issueError ? html`<p class="notice error">${this.issueError}</p>` : nothing}</div>
      ${this.#rewards.render(
        (list) => html`<form novalidate @submit=${this.#issue}>
          <div class="row">
            <div class="field">
              <label for="rewardId">${s.reward}</label>
              <select id="rewardId" name="rewardId" aria-invalid=${rewardError ? 'true' : 'false'} aria-describedby=${rewardError ? 'rewardId-error' : nothing}>
                <option value="">${s.chooseReward}</option>
                ${list.items.map((r) => html`<option value=${r.id}>${r.name} (${formatNumber(r.cost)})</option>`)}
              </select>
              ${rewardError ? html`<p class="field-error" id="rewardId-error">${rewardError}</p>` : nothing}
            </div>
            <div class="field">
              <label for="validDays">${s.validDays}</label>
              <input id="validDays" name="validDays" type="number" min="1" step="1" aria-invalid=${daysError ? 'true' : 'false'}
                aria-describedby=${`validDays-hint${daysError ? ' validDays-error' : ''}`} />
              <p class="hint" id="validDays-hint">${s.validHint}</p>
              ${daysError ? html`<p class="field-error" id="validDays-error">${daysError}</p>` : nothing}
            </div>
            <div class="field actions"><button type="submit" class="primary">${s.issue}</button></div>
          </div>
        </form>`,
        { isEmpty: (l) => l.items.length === 0, empty: s.noActiveRewards },
      )}
    </section>`;
  }

  #more(paged: Paged<unknown>) {
    return paged.cursor
      ? html`<p><button type="button" ?disabled=${paged.busy} @click=${() => paged.more()}>${this.#s.more}</button></p>`
      : nothing;
  }

  #ledgerTable() {
    const s = this.#s;
    return this.#ledger.load.render(
      (items) => html`<div class="table-wrap"><table>
          <caption class="visually-hidden">${s.ledger}</caption>
          <thead><tr><th scope="col">${s.when}</th><th scope="col">${s.type}</th><th scope="col">${s.description}</th>
            <th scope="col" class="num">${s.points}</th><th scope="col" class="num">${s.balanceAfter}</th></tr></thead>
          <tbody>${items.map(
            (
              e,
            ) => html`<tr><td>${formatDate(e.createdAt)}</td><td><span class="badge">${s.types[e.type] ?? e.type}</span></td><td>${e.description}</td>
              <td class="num">${e.points > 0 ? '+' : ''}${formatNumber(e.points)}</td><td class="num">${formatNumber(e.balance)}</td></tr>`,
          )}</tbody>
        </table></div>${this.#more(this.#ledger as Paged<unknown>)}`,
      { isEmpty: (l) => l.length === 0, empty: s.noLedger },
    );
  }

  #couponTable() {
    const s = this.#s;
    return this.#coupons.load.render(
      (items) => html`<div class="table-wrap"><table>
          <caption class="visually-hidden">${s.coupons}</caption>
          <thead><tr><th scope="col">${s.code}</th><th scope="col">${s.reward}</th><th scope="col">${s.status}</th>
            <th scope="col" class="num">${s.value}</th><th scope="col">${s.expires}</th><th scope="col">${s.used}</th></tr></thead>
          <tbody>${items.map(
            (c) => html`<tr><td><code>${c.code}</code></td><td>${c.rewardName}</td>
              <td><span class="badge">${s.statuses[c.status ?? ''] ?? c.status ?? '—'}</span></td>
              <td class="num">${c.value ? formatMoney(c.value) : '—'}</td><td>${formatDate(c.expiresAt)}</td><td>${formatDate(c.usedAt)}</td></tr>`,
          )}</tbody>
        </table></div>${this.#more(this.#coupons as Paged<unknown>)}`,
      { isEmpty: (l) => l.length === 0, empty: s.noCoupons },
    );
  }

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
      void this.#ledger.load.run();
    } catch (error) {
      this.failure = this.messageOf(error);
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

  #records() {
    const s = this.#s;
    return html`<h2>${s.ledger}</h2>
      ${this.#ledgerTable()}
      <h2>${s.coupons}</h2>
      ${this.can('staff') ? this.#issueForm() : nothing} ${this.#couponTable()}`;
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
      ${this.#member.status === 'complete' ? this.#records() : nothing}
      <section id="history" aria-labelledby="history-title">
        <h2 id="history-title">${t.history}</h2>
        ${this.#history.render((log) => auditTable(t, log.items, t.history), { isEmpty: (l) => l.items.length === 0, empty: t.noAudit })}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-member': McPageMember;
  }
}
