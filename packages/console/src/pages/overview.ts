import type { Stats } from '@member-center/contract';
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin } from '../api/admin-client.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatDate, formatMoney, formatNumber, settings } from '../internal/settings.js';
import { base } from '../internal/styles.js';
import { href } from '../routes.js';
import { chartStyles } from './chart-styles.js';

const en = {
  title: 'Overview',
  range: 'Range',
  days: (n: number) => `${n} days`,
  rangeOf: (from: string, to: string, tz: string) => `${from} to ${to} (${tz})`,
  membersTotal: 'Members',
  membersNew: 'New members',
  membersActive: 'Active members',
  issued: 'Points issued',
  redeemed: 'Points redeemed',
  expired: 'Points expired',
  outstanding: 'Outstanding points',
  liability: 'Liability',
  notCash: 'Points are not cash',
  redemptionRate: 'Redemption rate',
  redemptionHint: 'points redeemed ÷ issued',
  repeatRate: 'Repeat-purchase rate',
  repeatHint: (r: string, b: string) => `${r} of ${b} ${b === '1' ? 'buyer' : 'buyers'}`,
  pointsChart: 'Points issued, redeemed and expired',
  perWeek: 'per week',
  perDay: 'per day',
  showTable: 'Show as a table',
  period: 'Period',
  tiers: 'Members per tier',
  noTier: 'No tier',
  funnel: 'Lifecycle funnel',
  stage: 'Stage',
  tier: 'Tier',
  members: 'Members',
  rfm: 'RFM grid (recency × frequency)',
  rfmLead: (n: string) => `${n} ${n === '1' ? 'member' : 'members'} scored. Choose a cell to list its members.`,
  recency: 'Recency',
  frequency: 'Frequency',
  cell: (r: number, f: number, n: string) => `R ${r}, F ${f}: ${n} ${n === '1' ? 'member' : 'members'}`,
  topRewards: 'Top rewards',
  reward: 'Reward',
  redemptions: 'Redemptions',
  redeemers: 'Members',
  points: 'Points',
  noRedemptions: 'No redemptions in this range.',
  campaigns: 'Running campaigns',
  campaign: 'Campaign',
  multiplier: 'Multiplier',
  ends: 'Ends',
  noCampaigns: 'No campaign is running.',
  coupons: 'Coupons',
  couponsIssued: 'Issued',
  couponsUsed: 'Used',
  couponsExpired: 'Expired',
  couponsVoid: 'Voided',
  pointsAsCash: 'Points as cash',
  noCoupons: 'No coupons in this range.',
  empty: 'No members yet. The figures appear once members join and order.',
};
const zh: typeof en = {
  title: '概览',
  range: '时间范围',
  days: (n) => `${n} 天`,
  rangeOf: (from, to, tz) => `${from} 至 ${to}（${tz}）`,
  membersTotal: '会员总数',
  membersNew: '新会员',
  membersActive: '活跃会员',
  issued: '发放积分',
  redeemed: '兑换积分',
  expired: '过期积分',
  outstanding: '未使用积分',
  liability: '积分负债',
  notCash: '积分不可抵现',
  redemptionRate: '积分兑换率',
  redemptionHint: '兑换积分 ÷ 发放积分',
  repeatRate: '复购率',
  repeatHint: (r, b) => `${b} 位购买会员中 ${r} 位复购`,
  pointsChart: '积分发放、兑换与过期',
  perWeek: '按周',
  perDay: '按天',
  showTable: '以表格显示',
  period: '时段',
  tiers: '各等级会员数',
  noTier: '无等级',
  funnel: '生命周期漏斗',
  stage: '阶段',
  tier: '等级',
  members: '会员数',
  rfm: 'RFM 网格（最近消费 × 消费频次）',
  rfmLead: (n) => `已评分会员 ${n} 位。选择一个格子查看其中的会员。`,
  recency: '最近消费',
  frequency: '消费频次',
  cell: (r, f, n) => `R ${r}，F ${f}：${n} 位会员`,
  topRewards: '热门奖励',
  reward: '奖励',
  redemptions: '兑换次数',
  redeemers: '会员数',
  points: '积分',
  noRedemptions: '此范围内没有兑换。',
  campaigns: '进行中的活动',
  campaign: '活动',
  multiplier: '倍数',
  ends: '结束时间',
  noCampaigns: '当前没有进行中的活动。',
  coupons: '优惠券',
  couponsIssued: '已发放',
  couponsUsed: '已使用',
  couponsExpired: '已过期',
  couponsVoid: '已作废',
  pointsAsCash: '积分抵现',
  noCoupons: '此范围内没有优惠券。',
  empty: '还没有会员。会员加入并下单后，这里会显示数据。',
};
const STRINGS = { en, 'zh-CN': zh };

const RANGES = [7, 30, 90] as const;
const percent = (r: number | null) =>
  r === null ? '—' : new Intl.NumberFormat(settings.lang, { style: 'percent', maximumFractionDigits: 1 }).format(r);
/** `YYYY-MM-DD` minus `days`. */
const minusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const shortDay = (day: string) =>
  new Intl.DateTimeFormat(settings.lang, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

/**
 * The landing page: the program's figures over 7, 30 or 90 days (`GET /v1/stats`), with the
 * charts (drawn by ./charts.ts, loaded with the first figures) and a table under each.
 */
@customElement('mc-page-overview')
export class McPageOverview extends ConsolePage {
  static override styles = [
    base,
    chartStyles,
    css`
      .ranges {
        display: inline-flex;
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        overflow: hidden;
        padding: 0;
        margin: 0 0 0.5rem;
      }
      .ranges label {
        margin: 0;
        font-weight: 600;
      }
      .ranges input {
        position: absolute;
        opacity: 0;
        width: 1px;
        height: 1px;
      }
      .ranges span {
        display: block;
        padding: 0.45rem 0.9rem;
        cursor: pointer;
        background: var(--c-surface);
      }
      .ranges input:checked + span {
        background: var(--c-accent);
        color: var(--c-accent-text);
      }
      .ranges input:focus-visible + span {
        outline: 3px solid var(--c-focus);
        outline-offset: -3px;
      }
      .heat td {
        padding: 0;
        text-align: center;
      }
      .heat a {
        display: block;
        padding: 0.55rem 0.25rem;
        text-decoration: none;
        font-variant-numeric: tabular-nums;
        color: var(--c-text);
      }
      .heat a.h0 {
        color: var(--c-muted);
      }
      .heat a.h1 {
        background: color-mix(in srgb, var(--c-accent) 12%, var(--c-surface));
      }
      .heat a.h2 {
        background: color-mix(in srgb, var(--c-accent) 28%, var(--c-surface));
      }
      .heat a.h3 {
        background: color-mix(in srgb, var(--c-accent) 70%, var(--c-surface));
        color: var(--c-accent-text);
      }
      .heat a.h4 {
        background: var(--c-accent);
        color: var(--c-accent-text);
      }
      .heat a:hover {
        text-decoration: underline;
      }
      .sub {
        margin: -0.5rem 0 1rem;
      }
    `,
  ];

  @state() private days: (typeof RANGES)[number] = 30;
  /** The program's today, from the first answer (the server's default range ends on it). */
  #today: string | undefined;

  readonly #stats = new Load(
    this,
    async (signal) => {
      const from = this.#today && this.days !== 30 ? minusDays(this.#today, this.days - 1) : undefined;
      const [stats, charts] = await Promise.all([
        admin.call('getStats', {
          query: { interval: this.days === 7 ? 'day' : 'week', ...(from && { from, to: this.#today }) },
          signal,
        }),
        import('./charts.js'),
      ]);
      this.#today ??= stats.range.to;
      return { stats, charts };
    },
    () => [this.days],
  );

  get #s() {
    return STRINGS[this.settings.lang];
  }

  override render() {
    const s = this.#s;
    return html`<h1 tabindex="-1">${s.title}</h1>
      <fieldset class="ranges">
        <legend class="visually-hidden">${s.range}</legend>
        ${RANGES.map(
          (n) => html`<label><input type="radio" name="range" .value=${String(n)} .checked=${this.days === n}
            @change=${() => {
              this.days = n;
            }} /><span>${s.days(n)}</span></label>`,
        )}
      </fieldset>
      ${this.#stats.render(({ stats, charts }) => this.#view(stats, charts), {
        isEmpty: ({ stats }) => stats.members.total === 0,
        empty: s.empty,
      })}`;
  }

  #view(st: Stats, charts: typeof import('./charts.js')) {
    const s = this.#s;
    const t = this.t;
    const n = formatNumber;
    const kpi = (label: string, value: string, hint?: string) =>
      html`<div class="card stat"><dt>${label}</dt><dd>${value}${hint ? html`<span class="hint">${hint}</span>` : nothing}</dd></div>`;
    const buckets = st.series?.buckets ?? [];
    const flows = [
      { key: 'issued', label: s.issued, tone: 's0' as const },
      { key: 'redeemed', label: s.redeemed, tone: 's1' as const },
      { key: 'expired', label: s.expired, tone: 's2' as const },
    ];
    return html`<p class="muted sub">${s.rangeOf(st.range.from, st.range.to, st.range.timeZone)}</p>
      <dl class="grid">
        ${kpi(s.membersTotal, n(st.members.total))} ${kpi(s.membersNew, n(st.members.new))}
        ${kpi(s.membersActive, n(st.members.active.inRange))} ${kpi(s.issued, n(st.points.issued))}
        ${kpi(s.redeemed, n(st.points.redeemed))} ${kpi(s.expired, n(st.points.expired))}
        ${kpi(s.outstanding, n(st.points.outstanding))}
        ${kpi(s.liability, st.liability.value ? formatMoney(st.liability.value) : '—', st.liability.value ? undefined : s.notCash)}
        ${kpi(s.redemptionRate, percent(st.redemptionRate.points), s.redemptionHint)}
        ${kpi(s.repeatRate, percent(st.orders.repeatPurchaseRate), s.repeatHint(n(st.orders.repeatBuyers), n(st.orders.buyers)))}
      </dl>
      <section class="card" aria-labelledby="flows-title">
        <h2 id="flows-title">${s.pointsChart} <span class="muted">(${this.days === 7 ? s.perDay : s.perWeek})</span></h2>
        ${charts.groupedBars({
          title: s.pointsChart,
          rows: buckets.map((b) => ({
            label: shortDay(b.from),
            values: { issued: b.issued, redeemed: b.redeemed, expired: b.expired },
          })),
          series: flows,
          format: n,
          tableLabel: s.showTable,
          first: s.period,
        })}
      </section>
      <div class="grid wide">
        <section class="card" aria-labelledby="tiers-title">
          <h2 id="tiers-title">${s.tiers}</h2>
          ${charts.barList({
            title: s.tiers,
            rows: st.tiers.map((x) => ({ label: x.name ?? s.noTier, value: x.members })),
            format: n,
            tableLabel: s.showTable,
            first: s.tier,
            valueLabel: s.members,
          })}
        </section>
        <section class="card" aria-labelledby="funnel-title">
          <h2 id="funnel-title">${s.funnel}</h2>
          ${charts.barList({
            title: s.funnel,
            rows: st.segments.stages.map((x) => ({ label: t.stages[x.stage] ?? x.stage, value: x.members })),
            format: n,
            tableLabel: s.showTable,
            first: s.stage,
            valueLabel: s.members,
          })}
        </section>
      </div>
      ${this.#rfm(st)} ${this.#tables(st)}`;
  }

  /** Recency rows (5 first) × frequency columns, members summed over monetary; each cell a link to its members. */
  #rfm(st: Stats) {
    const s = this.#s;
    const count = (r: number, f: number) =>
      st.segments.rfm.cells.filter((c) => c.r === r && c.f === f).reduce((a, c) => a + c.members, 0);
    const scores = [1, 2, 3, 4, 5];
    const max = Math.max(1, ...scores.flatMap((r) => scores.map((f) => count(r, f))));
    const level = (v: number) => (v === 0 ? 0 : Math.min(4, 1 + Math.floor((v / max) * 3.999)));
    return html`<section class="card" aria-labelledby="rfm-title">
      <h2 id="rfm-title">${s.rfm}</h2>
      <p class="muted">${s.rfmLead(formatNumber(st.segments.rfm.scored))}</p>
      <div class="table-wrap">
        <table class="heat">
          <caption class="visually-hidden">${s.rfm}</caption>
          <thead><tr><th scope="col">${s.recency} \\ ${s.frequency}</th>${scores.map((f) => html`<th scope="col" class="num">F ${f}</th>`)}</tr></thead>
          <tbody>
            ${[...scores].reverse().map(
              (r) =>
                html`<tr><th scope="row">R ${r}</th>${scores.map((f) => {
                  const v = count(r, f);
                  return html`<td><a class=${`h${level(v)}`} href=${href('members', `${r}-${f}-*`)} aria-label=${s.cell(r, f, formatNumber(v))}>${formatNumber(v)}</a></td>`;
                })}</tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  #tables(st: Stats) {
    const s = this.#s;
    const n = formatNumber;
    const table = (caption: string, head: string[], rows: unknown[][], empty: string) =>
      rows.length === 0
        ? html`<p class="state empty">${empty}</p>`
        : html`<div class="table-wrap"><table>
            <caption class="visually-hidden">${caption}</caption>
            <thead><tr>${head.map((h, i) => html`<th scope="col" class=${i ? 'num' : ''}>${h}</th>`)}</tr></thead>
            <tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i ? html`<td class="num">${c}</td>` : html`<th scope="row">${c}</th>`))}</tr>`)}</tbody>
          </table></div>`;
    const c = st.coupons;
    return html`<div class="grid wide">
        <section aria-labelledby="top-title">
          <h2 id="top-title">${s.topRewards}</h2>
          ${table(
            s.topRewards,
            [s.reward, s.redemptions, s.redeemers, s.points],
            st.rewards.top.map((r) => [r.name, n(r.redemptions), n(r.redeemers), n(r.points)]),
            s.noRedemptions,
          )}
        </section>
        <section aria-labelledby="campaigns-title">
          <h2 id="campaigns-title">${s.campaigns}</h2>
          ${table(
            s.campaigns,
            [s.campaign, s.multiplier, s.ends],
            st.campaigns.running.map((x) => [x.name, `×${x.multiplier}`, formatDate(x.endsAt)]),
            s.noCampaigns,
          )}
        </section>
      </div>
      <section aria-labelledby="coupons-title">
        <h2 id="coupons-title">${s.coupons}</h2>
        <dl class="grid">
          ${(
            [
              [s.couponsIssued, c.issued],
              [s.couponsUsed, c.used],
              [s.couponsExpired, c.expired],
              [s.couponsVoid, c.void],
            ] as const
          ).map(([label, v]) => html`<div class="card stat"><dt>${label}</dt><dd>${n(v)}</dd></div>`)}
        </dl>
        ${table(
          s.coupons,
          [s.reward, s.couponsIssued, s.couponsUsed, s.couponsExpired, s.couponsVoid],
          c.byReward.map((r) => [
            r.rewardId ? r.rewardName : s.pointsAsCash,
            n(r.issued),
            n(r.used),
            n(r.expired),
            n(r.void),
          ]),
          s.noCoupons,
        )}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-overview': McPageOverview;
  }
}
