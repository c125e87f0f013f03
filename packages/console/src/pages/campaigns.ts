import { type Campaign, type CampaignResults, CreateCampaignBody } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { field, fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { Paged } from '../internal/paged.js';
import { formatDate, formatMoney, formatNumber } from '../internal/settings.js';

const en = {
  title: 'Campaigns',
  lead: 'Order points multiplied between two moments, e.g. double points for a weekend.',
  schedule: 'Schedule a campaign',
  name: 'Name',
  multiplier: 'Multiplier',
  multiplierHint: 'e.g. 2 for double points; up to two decimals.',
  startsAt: 'Starts',
  endsAt: 'Ends',
  tier: 'Tier',
  everyone: 'Everyone',
  tierHint: 'Only members at this tier or above.',
  firstOrderOnly: "Only a member's first order",
  create: 'Schedule',
  created: (n: string) => `${n} is scheduled.`,
  status: 'Status',
  statuses: { scheduled: 'Scheduled', running: 'Running', ended: 'Ended' } as Record<string, string>,
  endNow: 'End now',
  endLabel: (n: string) => `End ${n} now`,
  confirmEnd: (n: string) => `End ${n} now? Orders from now on earn the usual points.`,
  ended: (n: string) => `${n} has ended.`,
  none: 'No campaigns yet.',
  ownerOnly: 'Only an owner can schedule or end campaigns.',
  endBeforeStart: 'must be after the start',
  more: 'Load more',
  holdout: 'Held out (%)',
  holdoutHint: 'A random share of members (0–50 %) earns no bonus, to measure the effect. A member keeps their group.',
  holdoutCol: 'Held out',
  results: 'Results',
  resultsLabel: (n: string) => `Results of ${n}`,
  resultsTitle: (n: string) => `Results: ${n}`,
  figure: 'Figure',
  during: 'During',
  before: 'Same span before',
  change: 'Change',
  orders: 'Orders',
  spend: 'Spend',
  points: 'Points',
  activeMembers: 'Active members',
  span: (from: string, to: string) => `During: ${from} – ${to}. Before: the same length just before the start.`,
  testTitle: 'Treated vs held out (per member)',
  treated: 'Treated',
  heldOut: 'Held out',
  difference: 'Difference',
  members: 'Members',
  ordersPerMember: 'Orders per member',
  spendPerMember: 'Spend per member',
  pointsPerMember: 'Points per member',
  lift: (d: string, lo: string, hi: string, rel: string) =>
    `Lift in spend per member: ${d} (95 % confidence interval ${lo} to ${hi})${rel ? `, ${rel}` : ''}.`,
  significant: 'The lift is statistically significant: the 95 % interval does not include zero.',
  notSignificant:
    'The lift is not statistically significant: the 95 % interval includes zero, so the difference may be chance.',
  noHoldout: 'No members are held out of this campaign (yet), so treated and held-out members cannot be compared.',
  close: 'Close results',
};
const zh: typeof en = {
  title: '营销活动',
  lead: '在指定时段内为订单积分加倍，例如周末双倍积分。',
  schedule: '创建活动',
  name: '名称',
  multiplier: '倍数',
  multiplierHint: '例如 2 表示双倍积分；最多两位小数。',
  startsAt: '开始时间',
  endsAt: '结束时间',
  tier: '等级',
  everyone: '所有会员',
  tierHint: '仅限该等级及以上的会员。',
  firstOrderOnly: '仅限会员首单',
  create: '创建',
  created: (n) => `${n} 已创建。`,
  status: '状态',
  statuses: { scheduled: '未开始', running: '进行中', ended: '已结束' },
  endNow: '立即结束',
  endLabel: (n) => `立即结束 ${n}`,
  confirmEnd: (n) => `确定立即结束 ${n}？之后的订单按正常积分计算。`,
  ended: (n) => `${n} 已结束。`,
  none: '还没有活动。',
  ownerOnly: '只有所有者可以创建或结束活动。',
  endBeforeStart: '必须晚于开始时间',
  more: '加载更多',
  holdout: '对照组比例（%）',
  holdoutHint: '随机留出一部分会员（0–50%）不享受活动加倍，用于衡量活动效果。会员所在的组不会改变。',
  holdoutCol: '对照组',
  results: '效果',
  resultsLabel: (n) => `${n} 的效果`,
  resultsTitle: (n) => `活动效果：${n}`,
  figure: '指标',
  during: '活动期间',
  before: '活动前同等时长',
  change: '变化',
  orders: '订单数',
  spend: '消费额',
  points: '积分',
  activeMembers: '活跃会员',
  span: (from, to) => `活动期间：${from} – ${to}。活动前：开始前同等长度的时段。`,
  testTitle: '实验组与对照组（人均）',
  treated: '实验组',
  heldOut: '对照组',
  difference: '差值',
  members: '会员数',
  ordersPerMember: '人均订单',
  spendPerMember: '人均消费',
  pointsPerMember: '人均积分',
  lift: (d, lo, hi, rel) => `人均消费提升：${d}（95% 置信区间 ${lo} 至 ${hi}）${rel ? `，${rel}` : ''}。`,
  significant: '提升在统计上显著：95% 置信区间不包含零。',
  notSignificant: '提升在统计上不显著：95% 置信区间包含零，差异可能是偶然。',
  noHoldout: '该活动（尚）未留出对照组，无法比较实验组与对照组。',
  close: '关闭效果',
};
const STRINGS = { en, 'zh-CN': zh };

const statusOf = (c: Campaign, now = Date.now()) =>
  Date.parse(c.startsAt) > now ? 'scheduled' : Date.parse(c.endsAt) > now ? 'running' : 'ended';
/** A `datetime-local` value (the operator's local time) as an ISO instant; '' stays ''. */
const instant = (local: string) => (local ? new Date(local).toISOString() : '');

/** Campaigns: the list (scheduled, running, ended), scheduling one and ending one early (owners). */
@customElement('mc-page-campaigns')
export class McPageCampaigns extends ConsolePage {
  @state() private errors: Record<string, string> = {};
  @state() private notice = '';
  @state() private failure = '';
  readonly #list = new Paged<Campaign>(this, (cursor, signal) =>
    admin.call('listCampaigns', { query: { limit: '25', cursor }, ...(signal && { signal }) }),
  );
  readonly #tiers = new Load(this, async (signal) => (await admin.call('getProgram', { signal })).tiers);
  @state() private selected: Campaign | null = null;
  readonly #results = new Load<CampaignResults | null>(
    this,
    async (signal) =>
      this.selected ? admin.call('getCampaignResults', { params: { id: this.selected.id }, signal }) : null,
    () => [this.selected?.id],
  );

  get #s() {
    return STRINGS[this.settings.lang];
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const s = this.#s;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const get = (k: string) => String(data.get(k) ?? '').trim();
    const body = {
      name: get('name'),
      multiplier: get('multiplier') === '' ? Number.NaN : Number(get('multiplier')),
      startsAt: instant(get('startsAt')),
      endsAt: instant(get('endsAt')),
      tierId: get('tierId') || null,
      firstOrderOnly: data.get('firstOrderOnly') === 'on',
      holdoutShare: get('holdoutShare') === '' ? 0 : Number(get('holdoutShare')) / 100,
    };
    this.notice = '';
    this.failure = '';
    const checked = CreateCampaignBody.safeParse(body);
    const errors = checked.success ? {} : fieldErrors(checked.error.issues);
    for (const k of ['name', 'startsAt', 'endsAt'] as const) if (!body[k]) errors[k] = this.t.required;
    if (body.startsAt && body.endsAt && body.endsAt <= body.startsAt) errors.endsAt ??= s.endBeforeStart;
    this.errors = errors;
    if (!checked.success || Object.keys(errors).length) return focusInvalid(this);
    try {
      const { campaign } = await admin.call('createCampaign', { body: checked.data });
      this.notice = s.created(campaign.name);
      form.reset();
      void this.#list.load.run();
    } catch (error) {
      const field = isAdminError(error) ? error.field?.split('.')[1] : undefined;
      // The form asks for a percent; the API's field is the share.
      if (field && isAdminError(error)) {
        this.errors = { [field]: error.details?.issues?.[0]?.message ?? error.message };
        return focusInvalid(this);
      }
      this.failure = this.messageOf(error);
    }
  }

  async #end(c: Campaign) {
    const s = this.#s;
    if (!confirm(s.confirmEnd(c.name))) return;
    this.notice = '';
    this.failure = '';
    try {
      await admin.call('updateCampaign', { params: { id: c.id }, body: { endsAt: new Date().toISOString() } });
      this.notice = s.ended(c.name);
      void this.#list.load.run();
    } catch (error) {
      this.failure = this.messageOf(error);
    }
  }

  #field(name: string, label: string, input: (invalid: string, described: string) => unknown, hint?: string) {
    return field(`c-${name}`, label, this.errors[name], input, hint);
  }

  #form() {
    const s = this.#s;
    return html`<section class="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">${s.schedule}</h2>
      <form novalidate @submit=${this.#create}>
        <div class="row">
          ${this.#field('name', s.name, (i, d) => html`<input id="c-name" name="name" maxlength="200" aria-invalid=${i} aria-describedby=${d || nothing} />`)}
          ${this.#field(
            'multiplier',
            s.multiplier,
            (i, d) =>
              html`<input id="c-multiplier" name="multiplier" type="number" min="1" max="100" step="0.01" value="2" aria-invalid=${i} aria-describedby=${d} />`,
            s.multiplierHint,
          )}
        </div>
        <div class="row">
          ${this.#field('startsAt', s.startsAt, (i, d) => html`<input id="c-startsAt" name="startsAt" type="datetime-local" aria-invalid=${i} aria-describedby=${d || nothing} />`)}
          ${this.#field('endsAt', s.endsAt, (i, d) => html`<input id="c-endsAt" name="endsAt" type="datetime-local" aria-invalid=${i} aria-describedby=${d || nothing} />`)}
          ${this.#field(
            'tierId',
            s.tier,
            (i, d) => html`<select id="c-tierId" name="tierId" aria-invalid=${i} aria-describedby=${d}>
              <option value="">${s.everyone}</option>
              ${(this.#tiers.value ?? []).map((x) => html`<option value=${x.id}>${x.name}</option>`)}
            </select>`,
            s.tierHint,
          )}
        </div>
        <div class="row">
          ${this.#field(
            'holdoutShare',
            s.holdout,
            (i, d) =>
              html`<input id="c-holdoutShare" name="holdoutShare" type="number" min="0" max="50" step="1" value="0" aria-invalid=${i} aria-describedby=${d} />`,
            s.holdoutHint,
          )}
        </div>
        <div class="field"><label class="check"><input type="checkbox" name="firstOrderOnly" /> ${s.firstOrderOnly}</label></div>
        <button type="submit" class="primary">${s.create}</button>
      </form>
    </section>`;
  }

  override render() {
    const s = this.#s;
    const owner = this.can('owner');
    const tierName = (id: string | null) =>
      id ? ((this.#tiers.value ?? []).find((x) => x.id === id)?.name ?? '—') : s.everyone;
    return html`<h1 tabindex="-1">${s.title}</h1>
      <p class="muted">${s.lead}</p>
      <div role="status">${this.notice ? html`<p class="notice ok">${this.notice}</p>` : nothing}</div>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      ${owner ? this.#form() : html`<p class="notice ok">${s.ownerOnly}</p>`}
      ${this.#list.load.render(
        (items) => html`<div class="table-wrap"><table>
            <caption class="visually-hidden">${s.title}</caption>
            <thead><tr><th scope="col">${s.name}</th><th scope="col">${s.status}</th><th scope="col" class="num">${s.multiplier}</th>
              <th scope="col">${s.startsAt}</th><th scope="col">${s.endsAt}</th><th scope="col">${s.tier}</th>
              <th scope="col" class="num">${s.holdoutCol}</th>
              <th scope="col"><span class="visually-hidden">${s.results}</span></th>
              ${owner ? html`<th scope="col"><span class="visually-hidden">${s.endNow}</span></th>` : nothing}</tr></thead>
            <tbody>${items.map((c) => {
              const status = statusOf(c);
              return html`<tr>
                <td>${c.name}${c.firstOrderOnly ? html`<div class="hint">${s.firstOrderOnly}</div>` : nothing}</td>
                <td><span class="badge">${s.statuses[status]}</span></td>
                <td class="num">×${c.multiplier}</td><td>${formatDate(c.startsAt)}</td><td>${formatDate(c.endsAt)}</td>
                <td>${tierName(c.tierId)}</td>
                <td class="num">${formatNumber((c.holdoutShare ?? 0) * 100)} %</td>
                <td>${
                  status === 'scheduled'
                    ? nothing
                    : html`<button type="button" aria-label=${s.resultsLabel(c.name)} aria-expanded=${this.selected?.id === c.id ? 'true' : 'false'} aria-controls="results" @click=${() => this.#show(c)}>${s.results}</button>`
                }</td>
                ${
                  owner
                    ? html`<td>${
                        // A scheduled one cannot end before it starts; only a running one ends early.
                        status !== 'running'
                          ? nothing
                          : html`<button type="button" class="danger" aria-label=${s.endLabel(c.name)} @click=${() => this.#end(c)}>${s.endNow}</button>`
                      }</td>`
                    : nothing
                }
              </tr>`;
            })}</tbody>
          </table></div>
          ${this.#list.cursor ? html`<p><button type="button" ?disabled=${this.#list.busy} @click=${() => this.#list.more()}>${s.more}</button></p>` : nothing}`,
        { isEmpty: (l) => l.length === 0, empty: s.none },
      )}
      <div id="results">${this.selected ? this.#resultsView(this.selected) : nothing}</div>`;
  }

  #show(c: Campaign) {
    this.selected = this.selected?.id === c.id ? null : c;
  }

  #resultsView(c: Campaign) {
    const s = this.#s;
    return html`<section class="card" aria-labelledby="results-title">
      <h2 id="results-title">${s.resultsTitle(c.name)}</h2>
      ${this.#results.render((r) => (r ? this.#figures(r) : html``))}
      <p><button type="button" @click=${() => {
        this.selected = null;
      }}>${s.close}</button></p>
    </section>`;
  }

  #figures(r: CampaignResults) {
    const s = this.#s;
    const money = (amount: number) => formatMoney({ amount, currency: r.during.spend.currency });
    const signed = (n: number, f: (n: number) => string) => (n > 0 ? `+${f(n)}` : f(n));
    const pct = (n: number) =>
      new Intl.NumberFormat(this.settings.lang, { style: 'percent', maximumFractionDigits: 1 }).format(n);
    const change = (a: number, b: number) => (b === 0 ? '—' : signed((a - b) / b, pct));
    const two = (n: number) => new Intl.NumberFormat(this.settings.lang, { maximumFractionDigits: 2 }).format(n);
    const rows: [string, number, number, (n: number) => string][] = [
      [s.orders, r.during.orders, r.before.orders, formatNumber],
      [s.spend, r.during.spend.amount, r.before.spend.amount, money],
      [s.points, r.during.points, r.before.points, formatNumber],
      [s.activeMembers, r.during.activeMembers, r.before.activeMembers, formatNumber],
    ];
    const h = r.holdout;
    return html`<p class="muted">${s.span(formatDate(r.during.from), formatDate(r.during.to))}</p>
      <div class="table-wrap"><table class="figures">
        <caption>${s.resultsTitle(r.campaign.name)}</caption>
        <thead><tr><th scope="col">${s.figure}</th><th scope="col" class="num">${s.during}</th><th scope="col" class="num">${s.before}</th><th scope="col" class="num">${s.change}</th></tr></thead>
        <tbody>${rows.map(
          ([label, a, b, f]) =>
            html`<tr><th scope="row">${label}</th><td class="num">${f(a)}</td><td class="num">${f(b)}</td><td class="num">${change(a, b)}</td></tr>`,
        )}</tbody>
      </table></div>
      ${
        h
          ? html`<h3>${s.testTitle}</h3>
            <div class="table-wrap"><table class="arms">
              <caption class="visually-hidden">${s.testTitle}</caption>
              <thead><tr><th scope="col">${s.figure}</th><th scope="col" class="num">${s.treated}</th><th scope="col" class="num">${s.heldOut}</th><th scope="col" class="num">${s.difference}</th></tr></thead>
              <tbody>
                <tr><th scope="row">${s.members}</th><td class="num">${formatNumber(h.treated.members)}</td><td class="num">${formatNumber(h.heldOut.members)}</td><td class="num">—</td></tr>
                <tr><th scope="row">${s.ordersPerMember}</th><td class="num">${two(h.treated.ordersPerMember)}</td><td class="num">${two(h.heldOut.ordersPerMember)}</td><td class="num">${signed(h.ordersLift, two)}</td></tr>
                <tr><th scope="row">${s.spendPerMember}</th><td class="num">${money(h.treated.spendPerMember)}</td><td class="num">${money(h.heldOut.spendPerMember)}</td><td class="num">${signed(h.lift.spendPerMember, money)}</td></tr>
                <tr><th scope="row">${s.pointsPerMember}</th><td class="num">${two(h.treated.pointsPerMember)}</td><td class="num">${two(h.heldOut.pointsPerMember)}</td><td class="num">${signed(h.pointsLift, two)}</td></tr>
              </tbody>
            </table></div>
            <p class="lift">${s.lift(
              signed(h.lift.spendPerMember, money),
              money(h.lift.low),
              money(h.lift.high),
              h.lift.relative === null ? '' : signed(h.lift.relative, pct),
            )}</p>
            <p class="verdict"><strong>${h.lift.significant ? s.significant : s.notSignificant}</strong></p>`
          : html`<p class="verdict">${s.noHoldout}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-campaigns': McPageCampaigns;
  }
}
