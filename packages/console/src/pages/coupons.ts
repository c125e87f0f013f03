import { type Coupon, IssueCouponsBody, LIFECYCLE_STAGES } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { field, fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatDate, formatMoney, formatNumber } from '../internal/settings.js';
import { href } from '../routes.js';

const en = {
  title: 'Coupons',
  lookup: 'Look a code up',
  code: 'Code',
  codeHint: 'As the shopper types it; case, spaces and dashes do not matter.',
  find: 'Look up',
  notFound: 'No coupon with this code.',
  status: 'Status',
  statuses: { available: 'Available', used: 'Used', expired: 'Expired', void: 'Void' } as Record<string, string>,
  kinds: { reward: 'Redeemed for points', issued: 'Issued by the shop', points_discount: 'Points as cash' } as Record<
    string,
    string
  >,
  member: 'Member',
  reward: 'Reward',
  value: 'Value',
  asDescribed: 'As the reward describes',
  points: 'Points',
  expires: 'Expires',
  never: 'Never',
  used: 'Used',
  order: 'Order',
  voidIt: 'Void this code',
  confirmVoid: (c: string) => `Void ${c} for good? It can no longer be used.`,
  voided: (c: string) => `${c} is void.`,
  issueTitle: 'Issue to a segment',
  issueLead:
    'Gives every member of the segment one code of the reward, without points. All the filters given must match.',
  chooseReward: 'Choose a reward',
  stage: 'Lifecycle stage',
  anyStage: 'Any stage',
  rfm: 'RFM cell',
  rfmHint: 'R-F-M, e.g. 5-5-* or 45-*-1; empty: any.',
  tier: 'Tier',
  anyTier: 'Any tier',
  validDays: 'Valid for (days)',
  validHint: "Empty: the reward's own validity.",
  batchKey: 'Batch key',
  batchHint: 'The same key and settings never issue twice: sending again is safe.',
  newKey: 'New key',
  issue: 'Issue',
  needSegment: 'Choose at least one filter.',
  issuedTo: (issued: number, matched: number) =>
    `${formatNumber(issued)} ${issued === 1 ? 'code' : 'codes'} issued (${formatNumber(matched)} ${matched === 1 ? 'member' : 'members'} matched).`,
  byReward: 'Coupons by reward (last 30 days)',
  issued: 'Issued',
  usedCol: 'Used',
  expired: 'Expired',
  void: 'Voided',
  pointsAsCash: 'Points as cash',
  noCoupons: 'No coupons in the last 30 days.',
};
const zh: typeof en = {
  title: '优惠券',
  lookup: '查询券码',
  code: '券码',
  codeHint: '按顾客输入的即可；不区分大小写，空格和短横线无影响。',
  find: '查询',
  notFound: '没有该券码。',
  status: '状态',
  statuses: { available: '可使用', used: '已使用', expired: '已过期', void: '已作废' },
  kinds: { reward: '积分兑换', issued: '商家发放', points_discount: '积分抵现' },
  member: '会员',
  reward: '奖励',
  value: '面值',
  asDescribed: '以奖励说明为准',
  points: '积分',
  expires: '到期',
  never: '永不过期',
  used: '使用时间',
  order: '订单',
  voidIt: '作废此券码',
  confirmVoid: (c) => `确定永久作废 ${c}？作废后无法使用。`,
  voided: (c) => `${c} 已作废。`,
  issueTitle: '按人群发放',
  issueLead: '向人群中的每位会员发放一张该奖励的券码，不扣积分。所填条件需同时满足。',
  chooseReward: '选择奖励',
  stage: '生命周期阶段',
  anyStage: '任意阶段',
  rfm: 'RFM 分组',
  rfmHint: 'R-F-M，例如 5-5-* 或 45-*-1；留空：不限。',
  tier: '等级',
  anyTier: '任意等级',
  validDays: '有效期（天）',
  validHint: '留空：使用奖励自身的有效期。',
  batchKey: '批次号',
  batchHint: '相同批次号和设置不会重复发放：重复提交是安全的。',
  newKey: '新批次号',
  issue: '发放',
  needSegment: '请至少选择一个条件。',
  issuedTo: (issued, matched) => `已发放 ${formatNumber(issued)} 张（匹配 ${formatNumber(matched)} 位会员）。`,
  byReward: '各奖励优惠券（近 30 天）',
  issued: '已发放',
  usedCol: '已使用',
  expired: '已过期',
  void: '已作废',
  pointsAsCash: '积分抵现',
  noCoupons: '近 30 天没有优惠券。',
};
const STRINGS = { en, 'zh-CN': zh };

/** Coupons: look a code up (and void it), issue a reward's codes to a segment, and the counts by reward. */
@customElement('mc-page-coupons')
export class McPageCoupons extends ConsolePage {
  @state() private code = '';
  @state() private batchKey = crypto.randomUUID();
  @state() private errors: Record<string, string> = {};
  @state() private notice = '';
  @state() private failure = '';
  @state() private busy = false;

  readonly #coupon = new Load(
    this,
    (signal) =>
      this.code ? admin.call('getCoupon', { params: { code: this.code }, signal }) : Promise.resolve(undefined),
    () => [this.code],
  );
  readonly #stats = new Load(this, (signal) => admin.call('getStats', { signal }));
  readonly #choices = new Load(this, async (signal) => {
    if (!this.can('staff')) return { rewards: [], tiers: [] };
    const [rewards, program] = await Promise.all([
      admin.call('listRewards', { query: { status: 'active', limit: '100' }, signal }),
      admin.call('getProgram', { signal }),
    ]);
    return { rewards: rewards.items, tiers: program.tiers };
  });

  get #s() {
    return STRINGS[this.settings.lang];
  }

  #lookup(event: SubmitEvent) {
    event.preventDefault();
    this.notice = '';
    this.failure = '';
    const code = String(new FormData(event.target as HTMLFormElement).get('code') ?? '').trim();
    if (code === this.code) void this.#coupon.run();
    this.code = code;
  }

  async #void(coupon: Coupon) {
    const s = this.#s;
    if (!confirm(s.confirmVoid(coupon.code))) return;
    this.notice = '';
    this.failure = '';
    try {
      await admin.call('voidCoupon', { params: { code: coupon.code } });
      this.notice = s.voided(coupon.code);
      void this.#coupon.run();
      void this.#stats.run();
    } catch (error) {
      this.failure = this.messageOf(error);
    }
  }

  async #issue(event: SubmitEvent) {
    event.preventDefault();
    const s = this.#s;
    const data = new FormData(event.target as HTMLFormElement);
    const get = (k: string) => String(data.get(k) ?? '').trim();
    const segment = {
      ...(get('stage') && { stage: get('stage') }),
      ...(get('rfm') && { rfm: get('rfm') }),
      ...(get('tierId') && { tierId: get('tierId') }),
    };
    const body = {
      batchKey: get('batchKey'),
      rewardId: get('rewardId'),
      segment,
      ...(get('validDays') && { validDays: Number(get('validDays')) }),
    };
    this.notice = '';
    this.failure = '';
    const checked = IssueCouponsBody.safeParse(body);
    const errors = checked.success
      ? {}
      : fieldErrors(checked.error.issues.map((i) => ({ ...i, path: i.path.slice(-1) })));
    if (!body.rewardId) errors.rewardId = this.t.required;
    if (Object.keys(segment).length === 0) errors.stage = s.needSegment;
    this.errors = errors;
    if (!checked.success || Object.keys(errors).length) return focusInvalid(this);
    this.busy = true;
    try {
      const answer = await admin.call('issueCoupons', { body: checked.data });
      this.notice = s.issuedTo(answer.issued, answer.matched);
      void this.#stats.run();
    } catch (error) {
      const field = isAdminError(error) ? error.field?.split('.').pop() : undefined;
      if (
        field &&
        ['rfm', 'stage', 'tierId', 'rewardId', 'validDays', 'batchKey'].includes(field) &&
        isAdminError(error)
      ) {
        this.errors = { [field]: error.details?.issues?.[0]?.message ?? error.message };
        return focusInvalid(this);
      }
      this.failure = this.messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  /** A labelled control with its hint and error; `control` renders the input or select itself. */
  #field(
    name: string,
    label: string,
    control: (attrs: { invalid: string; described: string }) => unknown,
    hint?: string,
  ) {
    return field(name, label, this.errors[name], (invalid, described) => control({ invalid, described }), hint);
  }

  #couponView(c: Coupon) {
    const s = this.#s;
    return html`<dl class="grid">
        <div class="card stat"><dt>${s.status}</dt><dd>${s.statuses[c.status] ?? c.status}<span class="hint">${s.kinds[c.kind] ?? c.kind}</span></dd></div>
        <div class="card stat"><dt>${s.member}</dt><dd><a href=${href('member', c.customerId)}>${c.customerId}</a></dd></div>
        <div class="card stat"><dt>${s.reward}</dt><dd>${c.reward?.name ?? s.pointsAsCash}</dd></div>
        <div class="card stat"><dt>${s.value}</dt><dd>${c.value ? formatMoney(c.value) : html`<span class="hint">${s.asDescribed}</span>`}</dd></div>
        <div class="card stat"><dt>${s.expires}</dt><dd>${c.expiresAt ? formatDate(c.expiresAt) : s.never}</dd></div>
        ${c.usedAt ? html`<div class="card stat"><dt>${s.used}</dt><dd>${formatDate(c.usedAt)}<span class="hint">${s.order} ${c.orderId}</span></dd></div>` : nothing}
      </dl>
      ${
        this.can('staff') && c.status === 'available'
          ? html`<p><button type="button" class="danger" @click=${() => this.#void(c)}>${s.voidIt}</button></p>`
          : nothing
      }`;
  }

  #issueForm() {
    const s = this.#s;
    return html`<section class="card" aria-labelledby="issue-title">
      <h2 id="issue-title">${s.issueTitle}</h2>
      <p class="muted">${s.issueLead}</p>
      ${this.#choices.render(
        ({ rewards, tiers }) => html`<form novalidate @submit=${this.#issue}>
          <div class="row">
            ${this.#field(
              'rewardId',
              s.reward,
              (
                a,
              ) => html`<select id="rewardId" name="rewardId" aria-invalid=${a.invalid} aria-describedby=${a.described || nothing}>
                <option value="">${s.chooseReward}</option>
                ${rewards.map((r) => html`<option value=${r.id}>${r.name}</option>`)}
              </select>`,
            )}
            ${this.#field(
              'validDays',
              s.validDays,
              (a) =>
                html`<input id="validDays" name="validDays" type="number" min="1" step="1" aria-invalid=${a.invalid} aria-describedby=${a.described} />`,
              s.validHint,
            )}
          </div>
          <div class="row">
            ${this.#field(
              'stage',
              s.stage,
              (
                a,
              ) => html`<select id="stage" name="stage" aria-invalid=${a.invalid} aria-describedby=${a.described || nothing}>
                <option value="">${s.anyStage}</option>
                ${LIFECYCLE_STAGES.map((x) => html`<option value=${x}>${this.t.stages[x]}</option>`)}
              </select>`,
            )}
            ${this.#field(
              'rfm',
              s.rfm,
              (a) =>
                html`<input id="rfm" name="rfm" placeholder="5-5-*" aria-invalid=${a.invalid} aria-describedby=${a.described} />`,
              s.rfmHint,
            )}
            ${this.#field(
              'tierId',
              s.tier,
              (
                a,
              ) => html`<select id="tierId" name="tierId" aria-invalid=${a.invalid} aria-describedby=${a.described || nothing}>
                <option value="">${s.anyTier}</option>
                ${tiers.map((x) => html`<option value=${x.id}>${x.name}</option>`)}
              </select>`,
            )}
          </div>
          <div class="row">
            ${this.#field(
              'batchKey',
              s.batchKey,
              (a) =>
                html`<input id="batchKey" name="batchKey" class="mono" .value=${this.batchKey} aria-invalid=${a.invalid} aria-describedby=${a.described} />`,
              s.batchHint,
            )}
            <div class="field actions">
              <button type="button" @click=${() => {
                this.batchKey = crypto.randomUUID();
              }}>${s.newKey}</button>
            </div>
          </div>
          <button type="submit" class="primary" ?disabled=${this.busy}>${s.issue}</button>
        </form>`,
      )}
    </section>`;
  }

  override render() {
    const s = this.#s;
    const n = formatNumber;
    return html`<h1 tabindex="-1">${s.title}</h1>
      <div role="status">${this.notice ? html`<p class="notice ok">${this.notice}</p>` : nothing}</div>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      <section class="card" aria-labelledby="lookup-title">
        <h2 id="lookup-title">${s.lookup}</h2>
        <form class="row" @submit=${this.#lookup}>
          <div class="field">
            <label for="code">${s.code}</label>
            <input id="code" name="code" class="mono" autocomplete="off" required maxlength="40" aria-describedby="code-hint" />
            <p class="hint" id="code-hint">${s.codeHint}</p>
          </div>
          <div class="field actions"><button type="submit" class="primary">${s.find}</button></div>
        </form>
        ${this.code ? this.#coupon.render((answer) => (answer ? this.#couponView(answer.coupon) : html``), { notFound: s.notFound }) : nothing}
      </section>
      ${this.can('staff') ? this.#issueForm() : nothing}
      <h2 id="by-reward-title">${s.byReward}</h2>
      ${this.#stats.render(
        (st) => html`<div class="table-wrap"><table aria-labelledby="by-reward-title">
          <thead><tr><th scope="col">${s.reward}</th><th scope="col" class="num">${s.issued}</th><th scope="col" class="num">${s.usedCol}</th>
            <th scope="col" class="num">${s.expired}</th><th scope="col" class="num">${s.void}</th></tr></thead>
          <tbody>${st.coupons.byReward.map(
            (
              r,
            ) => html`<tr><th scope="row">${r.rewardId ? r.rewardName : s.pointsAsCash}</th><td class="num">${n(r.issued)}</td>
              <td class="num">${n(r.used)}</td><td class="num">${n(r.expired)}</td><td class="num">${n(r.void)}</td></tr>`,
          )}</tbody>
        </table></div>`,
        { isEmpty: (st) => st.coupons.byReward.length === 0, empty: s.noCoupons },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-coupons': McPageCoupons;
  }
}
