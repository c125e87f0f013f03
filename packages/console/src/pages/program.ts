import { type Program, type SegmentRules, type TierSetting, UpdateProgramBody } from '@member-center/contract';
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { toMajor, toMinor } from '../internal/settings.js';
import { base } from '../internal/styles.js';

const en = {
  title: 'Program',
  ownerOnly: 'Only an owner can change these settings; you see them read-only.',
  general: 'General',
  name: 'Program name',
  origins: 'Allowed origins',
  originsHint: 'One per line, e.g. https://shop.example.com. The widgets are accepted from these sites only.',
  earning: 'Earning and cash value',
  pointsPerUnit: 'Points per currency unit',
  pointsPerUnitHint: 'Points an order earns per ¥1 (or $1), before multipliers.',
  valuePoints: 'Points…',
  valueMoney: (c: string) => `…are worth (${c})`,
  valueHint: 'Leave both empty: points are not cash.',
  tiers: 'Tiers',
  tierName: 'Name',
  threshold: 'Threshold',
  multiplier: 'Multiplier',
  addTier: 'Add a tier',
  removeTier: (n: string) => `Remove ${n || 'this tier'}`,
  up: (n: string) => `Move ${n || 'this tier'} up`,
  down: (n: string) => `Move ${n || 'this tier'} down`,
  tierN: (i: number) => `Tier ${i}`,
  noTiers: 'No tiers: every member is at the same level.',
  rules: 'Expiry, returns, check-ins, birthday',
  expiry: 'Points expire after (months)',
  never: 'Empty: never.',
  returnWindow: 'Return window (days)',
  returnHint: "An order's points stay pending this long; 0: none.",
  checkIn: 'Daily check-in points',
  checkInHint: 'Empty: no check-ins.',
  bonusDay: 'Streak bonus every (days)',
  bonusPoints: 'Streak bonus points',
  birthday: 'Birthday points',
  referral: 'Referral',
  referrerPoints: 'Referrer points',
  refereePoints: 'Referee points',
  minOrder: (c: string) => `Referee's first order at least (${c})`,
  weeklyLimit: 'Referrals per referrer per week',
  ipLimit: 'Referrals per IP address',
  unchanged: 'Empty: stays as it is.',
  segments: 'Lifecycle thresholds',
  newDays: 'New for (days after the first order)',
  loyalMinOrders: 'Loyal: at least (orders)',
  loyalWithinDays: '…the last within (days)',
  atRiskDays: 'At risk after (days without an order)',
  churnedDays: 'Churned after (days without an order)',
  discount: 'Points as cash at checkout',
  minPoints: 'At least (points)',
  minPointsHint: 'Empty: not offered.',
  step: 'In steps of (points)',
  maxPoints: 'At most (points)',
  validMinutes: 'Code valid for (minutes)',
  maxShare: 'At most (% of the order)',
  save: 'Save the program',
  saved: 'Saved. The new settings apply now.',
  nothing: 'Nothing has changed.',
  checkFields: (n: number) => (n === 1 ? 'One field needs a fix.' : `${n} fields need a fix.`),
};
const zh: typeof en = {
  title: '积分规则',
  ownerOnly: '只有所有者可以修改这些设置；你只能查看。',
  general: '基本信息',
  name: '计划名称',
  origins: '允许的来源',
  originsHint: '每行一个，例如 https://shop.example.com。组件只接受来自这些网站的请求。',
  earning: '积分获取与抵现价值',
  pointsPerUnit: '每单位货币积分',
  pointsPerUnitHint: '订单每 ¥1 获得的积分（倍数之前）。',
  valuePoints: '积分数…',
  valueMoney: (c) => `…价值（${c}）`,
  valueHint: '两项都留空：积分不可抵现。',
  tiers: '会员等级',
  tierName: '名称',
  threshold: '门槛',
  multiplier: '倍数',
  addTier: '添加等级',
  removeTier: (n) => `删除 ${n || '此等级'}`,
  up: (n) => `上移 ${n || '此等级'}`,
  down: (n) => `下移 ${n || '此等级'}`,
  tierN: (i) => `等级 ${i}`,
  noTiers: '没有等级：所有会员处于同一级别。',
  rules: '过期、退货、签到、生日',
  expiry: '积分有效期（月）',
  never: '留空：永不过期。',
  returnWindow: '退货期（天）',
  returnHint: '订单积分在此期间处于待定状态；0：无。',
  checkIn: '每日签到积分',
  checkInHint: '留空：不提供签到。',
  bonusDay: '连续签到奖励周期（天）',
  bonusPoints: '连续签到奖励积分',
  birthday: '生日积分',
  referral: '推荐',
  referrerPoints: '推荐人积分',
  refereePoints: '被推荐人积分',
  minOrder: (c) => `被推荐人首单至少（${c}）`,
  weeklyLimit: '每位推荐人每周推荐上限',
  ipLimit: '每个 IP 地址推荐上限',
  unchanged: '留空：保持不变。',
  segments: '生命周期阈值',
  newDays: '新客期（首单后天数）',
  loyalMinOrders: '忠诚：至少（订单数）',
  loyalWithinDays: '…最近一单在（天）内',
  atRiskDays: '流失风险（无订单天数）',
  churnedDays: '已流失（无订单天数）',
  discount: '结账时积分抵现',
  minPoints: '至少（积分）',
  minPointsHint: '留空：不提供。',
  step: '步长（积分）',
  maxPoints: '至多（积分）',
  validMinutes: '抵扣码有效期（分钟）',
  maxShare: '至多（订单金额的 %）',
  save: '保存设置',
  saved: '已保存，新设置立即生效。',
  nothing: '没有任何更改。',
  checkFields: (n) => `有 ${n} 个字段需要修正。`,
};
const STRINGS = { en, 'zh-CN': zh };

type TierDraft = Omit<TierSetting, 'threshold' | 'multiplier'> & { threshold: string; multiplier: string; key: number };
type Draft = Record<string, string>;

const str = (n: number | null | undefined) => (n == null ? '' : String(n));
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));
let tierKeys = 0;

/**
 * The program's settings and rules in one form (owners; others read them): checked with the
 * contract's `UpdateProgramBody` before it is sent, only what changed is sent, and the server's
 * refusal (`details.issues`) is shown at its field.
 */
@customElement('mc-page-program')
export class McPageProgram extends ConsolePage {
  static override styles = [
    base,
    css`
      .tier {
        display: grid;
        grid-template-columns: minmax(8rem, 2fr) minmax(6rem, 1fr) minmax(5rem, 1fr) auto;
        gap: 0.5rem 0.75rem;
        align-items: start;
        padding: 0.5rem 0;
      }
      .tier + .tier {
        border-top: 1px solid var(--c-border);
      }
      .tier .field {
        margin: 0;
      }
      .tier .moves {
        display: flex;
        gap: 0.25rem;
        padding-top: 1.75rem;
      }
      .moves button {
        padding: 0.5rem 0.6rem;
      }
      fieldset.section {
        background: var(--c-surface);
        padding: 0.75rem 1.25rem 0.5rem;
      }
      fieldset.section > legend {
        font-size: 1.0625rem;
      }
      fieldset.all {
        border: 0;
        padding: 0;
        margin: 0;
      }
      textarea {
        min-height: 5rem;
      }
      @media (max-width: 640px) {
        .tier {
          grid-template-columns: 1fr 1fr;
        }
      }
    `,
  ];

  @state() private draft: Draft = {};
  @state() private tiers: TierDraft[] = [];
  @state() private errors: Record<string, string> = {};
  @state() private notice = '';
  @state() private failure = '';
  @state() private busy = false;
  #initial: UpdateProgramBody = {};
  #currency = 'CNY';

  readonly #program = new Load(this, async (signal) => {
    const [program, segments] = await Promise.all([
      admin.call('getProgram', { signal }),
      admin.call('getSegments', { signal }),
    ]);
    this.#fill(program, segments.rules);
    return program;
  });

  get #s() {
    return STRINGS[this.settings.lang];
  }

  #fill(p: Program, rules: SegmentRules) {
    this.#currency = p.currency;
    const c = p.currency;
    const d = p.pointsDiscount;
    this.draft = {
      name: p.name,
      allowedOrigins: (p.allowedOrigins ?? []).join('\n'),
      pointsPerUnit: str(p.pointsPerUnit),
      'pointValue.points': str(p.pointValue?.points),
      'pointValue.value.amount': toMajor(p.pointValue?.value.amount, c),
      pointsExpiryMonths: str(p.pointsExpiry?.months),
      returnWindowDays: str(p.returnWindowDays),
      'checkIn.points': str(p.checkIn?.points),
      'checkIn.bonusDay': str(p.checkIn?.bonusDay ?? 7),
      'checkIn.bonusPoints': str(p.checkIn?.bonusPoints ?? 0),
      birthdayPoints: str(p.birthdayPoints),
      'referral.referrerPoints': str(p.referralOffer?.referrerPoints),
      'referral.refereePoints': str(p.referralOffer?.refereePoints),
      'referral.minOrderAmount': toMajor(p.referralOffer?.minOrder?.amount, c),
      'referral.weeklyLimit': '',
      'referral.ipLimit': '',
      ...Object.fromEntries(Object.entries(rules).map(([k, v]) => [`segments.${k}`, String(v)])),
      'pointsDiscount.minPoints': str(d?.minPoints),
      'pointsDiscount.step': str(d?.step),
      'pointsDiscount.maxPoints': str(d?.maxPoints),
      'pointsDiscount.validMinutes': str(d?.validMinutes),
      'pointsDiscount.maxSharePercent': str(d?.maxSharePercent),
    };
    this.tiers = p.tiers.map((x) => ({
      key: tierKeys++,
      id: x.id,
      name: x.name,
      threshold: String(x.threshold),
      multiplier: String(x.multiplier),
      benefits: x.benefits,
      ...(x.translations && { translations: x.translations as TierSetting['translations'] }),
    }));
    this.#initial = this.#body();
  }

  /** The whole form as a PATCH body (before the comparison that keeps only what changed). */
  #body(): UpdateProgramBody {
    const d = this.draft;
    const c = this.#currency;
    const n = (k: string) => num(d[k]);
    const defined = <T extends object>(o: T) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
    const pvPoints = n('pointValue.points');
    const pvAmount = toMinor(d['pointValue.value.amount'] ?? '', c);
    return {
      name: (d.name ?? '').trim(),
      allowedOrigins: (d.allowedOrigins ?? '')
        .split(/\s+/)
        .map((o) => o.trim())
        .filter(Boolean),
      pointsPerUnit: n('pointsPerUnit') as number,
      pointValue:
        pvPoints === null && pvAmount === null
          ? null
          : { points: pvPoints as number, value: { amount: pvAmount as number, currency: c } },
      tiers: this.tiers.map(({ key: _, threshold, multiplier, ...t }) => ({
        ...t,
        name: t.name.trim(),
        threshold: num(threshold) as number,
        multiplier: num(multiplier) ?? 1,
      })),
      pointsExpiryMonths: n('pointsExpiryMonths'),
      returnWindowDays: n('returnWindowDays') as number,
      checkIn:
        n('checkIn.points') === null
          ? null
          : defined({
              points: n('checkIn.points') as number,
              bonusDay: n('checkIn.bonusDay') ?? undefined,
              bonusPoints: n('checkIn.bonusPoints') ?? undefined,
            }),
      birthdayPoints: n('birthdayPoints') as number,
      referral: defined({
        referrerPoints: n('referral.referrerPoints') ?? undefined,
        refereePoints: n('referral.refereePoints') ?? undefined,
        minOrderAmount: toMinor(d['referral.minOrderAmount'] ?? '', c) ?? undefined,
        weeklyLimit: n('referral.weeklyLimit') ?? undefined,
        ipLimit: n('referral.ipLimit') ?? undefined,
      }),
      segments: defined(
        Object.fromEntries(
          ['newDays', 'loyalMinOrders', 'loyalWithinDays', 'atRiskDays', 'churnedDays'].map((k) => [
            k,
            n(`segments.${k}`) ?? undefined,
          ]),
        ),
      ),
      pointsDiscount:
        n('pointsDiscount.minPoints') === null
          ? null
          : defined({
              minPoints: n('pointsDiscount.minPoints') as number,
              step: n('pointsDiscount.step') ?? undefined,
              maxPoints: n('pointsDiscount.maxPoints'),
              validMinutes: n('pointsDiscount.validMinutes') ?? undefined,
              maxSharePercent: n('pointsDiscount.maxSharePercent'),
            }),
    };
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const s = this.#s;
    this.notice = '';
    this.failure = '';
    const whole = this.#body();
    const changed = Object.fromEntries(
      Object.entries(whole).filter(
        ([k, v]) => JSON.stringify(v) !== JSON.stringify(this.#initial[k as keyof UpdateProgramBody]),
      ),
    );
    const checked = UpdateProgramBody.safeParse(changed);
    if (!checked.success)
      return this.#refused(checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    this.errors = {};
    if (Object.keys(checked.data).length === 0) {
      this.notice = s.nothing;
      return;
    }
    this.busy = true;
    try {
      await admin.call('updateProgram', { body: checked.data });
      this.notice = s.saved;
      void this.#program.run();
    } catch (error) {
      if (isAdminError(error) && error.details?.issues?.length)
        return this.#refused(error.details.issues.map((i) => ({ ...i, path: i.path.replace(/^body\./, '') })));
      this.failure = this.messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  /** Each refused field's first message at the field (an issue on a group goes to its first field). */
  #refused(issues: { path: string; message: string }[]) {
    const errors: Record<string, string> = {};
    for (const { path, message } of issues) {
      const key = this.#fieldFor(path);
      errors[key] ??= message;
    }
    this.errors = errors;
    this.failure = this.#s.checkFields(Object.keys(errors).length);
    return focusInvalid(this);
  }

  #fieldFor(path: string) {
    const known = [
      ...Object.keys(this.draft),
      ...this.tiers.flatMap((_, i) => ['name', 'threshold', 'multiplier'].map((f) => `tiers.${i}.${f}`)),
    ];
    if (known.includes(path)) return path;
    const tier = /^tiers\.(\d+)/.exec(path);
    if (tier) return `tiers.${tier[1]}.name`;
    if (path === 'tiers') return 'tiers.0.threshold';
    if (path.startsWith('allowedOrigins')) return 'allowedOrigins';
    if (path.startsWith('pointValue')) return 'pointValue.points';
    return known.find((k) => k.startsWith(`${path}.`)) ?? path;
  }

  #set(key: string, value: string) {
    this.draft = { ...this.draft, [key]: value };
  }

  #field(key: string, label: string, opts: { hint?: string; type?: string; step?: string; area?: boolean } = {}) {
    const id = `f-${key.replaceAll('.', '-')}`;
    const error = this.errors[key];
    const described = [opts.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || nothing;
    const onInput = (e: Event) => this.#set(key, (e.target as HTMLInputElement).value);
    const invalid = error ? 'true' : 'false';
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${
        opts.area
          ? html`<textarea id=${id} .value=${this.draft[key] ?? ''} @input=${onInput} aria-invalid=${invalid} aria-describedby=${described}></textarea>`
          : html`<input id=${id} type=${opts.type ?? 'number'} step=${opts.step ?? (opts.type ? nothing : '1')} min=${opts.type ? nothing : '0'}
              .value=${this.draft[key] ?? ''} @input=${onInput} aria-invalid=${invalid} aria-describedby=${described} />`
      }
      ${opts.hint ? html`<p class="hint" id=${`${id}-hint`}>${opts.hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : nothing}
    </div>`;
  }

  #tierField(i: number, f: 'name' | 'threshold' | 'multiplier', label: string) {
    const key = `tiers.${i}.${f}`;
    const id = `f-tiers-${i}-${f}`;
    const error = this.errors[key];
    const tier = this.tiers[i]!;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} type=${f === 'name' ? 'text' : 'number'} step=${f === 'multiplier' ? '0.01' : f === 'threshold' ? '1' : nothing}
        min=${f === 'name' ? nothing : f === 'multiplier' ? '1' : '0'} .value=${tier[f]}
        @input=${(e: Event) => {
          this.tiers = this.tiers.map((t, j) => (j === i ? { ...t, [f]: (e.target as HTMLInputElement).value } : t));
        }}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing} />
      ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : nothing}
    </div>`;
  }

  #move(i: number, by: -1 | 1) {
    const tiers = [...this.tiers];
    [tiers[i], tiers[i + by]] = [tiers[i + by]!, tiers[i]!];
    this.tiers = tiers;
    this.errors = {};
    // The focus follows the tier it moved (the other arrow when it reached an end).
    const j = i + by;
    const edge = by < 0 ? j === 0 : j === tiers.length - 1;
    const dir = by < 0 !== edge ? 'up' : 'down';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#move-${j}-${dir}`)?.focus());
  }

  #tierRows() {
    const s = this.#s;
    const owner = this.can('owner');
    const last = this.tiers.length - 1;
    return html`<fieldset class="section">
      <legend>${s.tiers}</legend>
      ${this.tiers.length === 0 ? html`<p class="muted">${s.noTiers}</p>` : nothing}
      ${this.tiers.map(
        (tier, i) => html`<div class="tier" role="group" aria-label=${tier.name || s.tierN(i + 1)}>
          ${this.#tierField(i, 'name', s.tierName)} ${this.#tierField(i, 'threshold', s.threshold)}
          ${this.#tierField(i, 'multiplier', s.multiplier)}
          <div class="moves">
            <button type="button" id=${`move-${i}-up`} aria-label=${s.up(tier.name)} ?disabled=${!owner || i === 0} @click=${() => this.#move(i, -1)}>↑</button>
            <button type="button" id=${`move-${i}-down`} aria-label=${s.down(tier.name)} ?disabled=${!owner || i === last} @click=${() => this.#move(i, 1)}>↓</button>
            <button type="button" class="danger" aria-label=${s.removeTier(tier.name)} ?disabled=${!owner} @click=${() => {
              this.tiers = this.tiers.filter((_, j) => j !== i);
              this.errors = {};
            }}>✕</button>
          </div>
        </div>`,
      )}
      <p><button type="button" ?disabled=${!owner} @click=${this.#addTier}>${s.addTier}</button></p>
    </fieldset>`;
  }

  #addTier() {
    const top = Math.max(0, ...this.tiers.map((t) => Number(t.threshold) || 0));
    this.tiers = [
      ...this.tiers,
      { key: tierKeys++, name: '', threshold: String(this.tiers.length ? top + 1000 : 0), multiplier: '1' },
    ];
    const i = this.tiers.length - 1;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#f-tiers-${i}-name`)?.focus());
  }

  override render() {
    const s = this.#s;
    const c = this.#currency;
    const owner = this.can('owner');
    const money = { type: 'number', step: '0.01' };
    return html`<h1 tabindex="-1">${s.title}</h1>
      ${owner ? nothing : html`<p class="notice ok">${s.ownerOnly}</p>`}
      ${this.#program.render(
        () => html`<div role="status">${this.notice ? html`<p class="notice ok">${this.notice}</p>` : nothing}</div>
        <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
        <form novalidate @submit=${this.#save}>
          <fieldset class="all" ?disabled=${!owner}>
            <fieldset class="section">
              <legend>${s.general}</legend>
              ${this.#field('name', s.name, { type: 'text' })}
              ${this.#field('allowedOrigins', s.origins, { area: true, hint: s.originsHint })}
            </fieldset>
            <fieldset class="section">
              <legend>${s.earning}</legend>
              <div class="row">
                ${this.#field('pointsPerUnit', s.pointsPerUnit, { hint: s.pointsPerUnitHint })}
                ${this.#field('pointValue.points', s.valuePoints, { hint: s.valueHint })}
                ${this.#field('pointValue.value.amount', s.valueMoney(c), money)}
              </div>
            </fieldset>
            ${this.#tierRows()}
            <fieldset class="section">
              <legend>${s.rules}</legend>
              <div class="row">
                ${this.#field('pointsExpiryMonths', s.expiry, { hint: s.never })}
                ${this.#field('returnWindowDays', s.returnWindow, { hint: s.returnHint })}
                ${this.#field('birthdayPoints', s.birthday)}
              </div>
              <div class="row">
                ${this.#field('checkIn.points', s.checkIn, { hint: s.checkInHint })} ${this.#field('checkIn.bonusDay', s.bonusDay)}
                ${this.#field('checkIn.bonusPoints', s.bonusPoints)}
              </div>
            </fieldset>
            <fieldset class="section">
              <legend>${s.referral}</legend>
              <div class="row">
                ${this.#field('referral.referrerPoints', s.referrerPoints)} ${this.#field('referral.refereePoints', s.refereePoints)}
                ${this.#field('referral.minOrderAmount', s.minOrder(c), money)}
              </div>
              <div class="row">
                ${this.#field('referral.weeklyLimit', s.weeklyLimit, { hint: s.unchanged })}
                ${this.#field('referral.ipLimit', s.ipLimit, { hint: s.unchanged })}
              </div>
            </fieldset>
            <fieldset class="section">
              <legend>${s.segments}</legend>
              <div class="row">
                ${this.#field('segments.newDays', s.newDays)} ${this.#field('segments.loyalMinOrders', s.loyalMinOrders)}
                ${this.#field('segments.loyalWithinDays', s.loyalWithinDays)}
              </div>
              <div class="row">${this.#field('segments.atRiskDays', s.atRiskDays)} ${this.#field('segments.churnedDays', s.churnedDays)}</div>
            </fieldset>
            <fieldset class="section">
              <legend>${s.discount}</legend>
              <div class="row">
                ${this.#field('pointsDiscount.minPoints', s.minPoints, { hint: s.minPointsHint })}
                ${this.#field('pointsDiscount.step', s.step)} ${this.#field('pointsDiscount.maxPoints', s.maxPoints)}
              </div>
              <div class="row">
                ${this.#field('pointsDiscount.validMinutes', s.validMinutes)} ${this.#field('pointsDiscount.maxSharePercent', s.maxShare)}
              </div>
            </fieldset>
            ${owner ? html`<button class="primary" type="submit" ?disabled=${this.busy}>${s.save}</button>` : nothing}
          </fieldset>
        </form>`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-program': McPageProgram;
  }
}
