import { CreateRewardBody, REWARD_KINDS, type Reward, UpdateRewardBody } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatMoney, formatNumber, toMajor, toMinor } from '../internal/settings.js';

const en = {
  status: 'Status',
  anyStatus: 'Any status',
  statuses: { active: 'Active', disabled: 'Disabled', archived: 'Archived' } as Record<string, string>,
  kind: 'Kind',
  kinds: { coupon: 'Coupon', product: 'Product', free_shipping: 'Free shipping', custom: 'Other' } as Record<
    string,
    string
  >,
  value: (c: string) => `Money off (${c})`,
  percentOff: 'Percent off',
  couponHint: 'A coupon has one of these, or neither.',
  validDays: 'Codes valid for (days)',
  validHint: 'Empty: no expiry.',
  zhName: 'Name in Chinese (zh-CN)',
  zhDescription: 'Description in Chinese (zh-CN)',
  archive: 'Archive',
  archiveLabel: (n: string) => `Archive ${n}`,
  confirmArchive: (n: string) => `Archive ${n}? It leaves the bazaar for good; codes already issued stay valid.`,
  archived: (n: string) => `${n} is archived.`,
  noMatch: 'No reward has this status.',
};
const zh: typeof en = {
  status: '状态',
  anyStatus: '全部状态',
  statuses: { active: '上架', disabled: '停用', archived: '已归档' },
  kind: '类型',
  kinds: { coupon: '优惠券', product: '实物', free_shipping: '包邮', custom: '其他' },
  value: (c) => `减免金额（${c}）`,
  percentOff: '折扣百分比',
  couponHint: '优惠券可设其一，或都不设。',
  validDays: '券码有效期（天）',
  validHint: '留空：永不过期。',
  zhName: '中文名称（zh-CN）',
  zhDescription: '中文说明（zh-CN）',
  archive: '归档',
  archiveLabel: (n) => `归档 ${n}`,
  confirmArchive: (n) => `确定归档 ${n}？它将永久下架；已发放的券码仍然有效。`,
  archived: (n) => `${n} 已归档。`,
  noMatch: '没有该状态的奖励。',
};
const STRINGS = { en, 'zh-CN': zh };

type Draft = Record<
  | 'name'
  | 'description'
  | 'imageUrl'
  | 'cost'
  | 'stock'
  | 'perMemberLimit'
  | 'value'
  | 'percentOff'
  | 'validDays'
  | 'zhName'
  | 'zhDescription',
  string
> & {
  active: boolean;
  kind: string;
};

const draftOf = (currency: string, r?: Reward): Draft => ({
  kind: r?.kind ?? 'custom',
  value: toMajor(r?.value?.amount, currency),
  percentOff: r?.percentOff == null ? '' : String(r.percentOff),
  validDays: r?.validDays == null ? '' : String(r.validDays),
  zhName: r?.translations?.['zh-CN']?.name ?? '',
  zhDescription: r?.translations?.['zh-CN']?.description ?? '',
  name: r?.name ?? '',
  description: r?.description ?? '',
  imageUrl: r?.imageUrl ?? '',
  cost: r ? String(r.cost) : '',
  stock: r?.stock == null ? '' : String(r.stock),
  perMemberLimit: r?.perMemberLimit == null ? '' : String(r.perMemberLimit),
  active: r?.active ?? true,
});
const int = (s: string) => (s.trim() === '' ? null : Number(s));

/** Rewards: the bazaar's rewards, created and edited (staff and owners) through the contract's schemas. */
@customElement('mc-page-rewards')
export class McPageRewards extends ConsolePage {
  /** The reward being edited; `null`: a new one; undefined: no form open. */
  @state() private editing: Reward | null | undefined;
  @state() private errors: Record<string, string> = {};
  @state() private notice = '';
  @state() private failure = '';
  @state() private status: '' | 'active' | 'disabled' | 'archived' = '';
  readonly #rewards = new Load(
    this,
    (signal) =>
      admin.call('listRewards', { query: { limit: '100', ...(this.status && { status: this.status }) }, signal }),
    () => [this.status],
  );

  get #s() {
    return STRINGS[this.settings.lang];
  }

  async #archive(reward: Reward) {
    const s = this.#s;
    if (!confirm(s.confirmArchive(reward.name))) return;
    this.notice = '';
    this.failure = '';
    try {
      await admin.call('archiveReward', { params: { id: reward.id } });
      this.notice = s.archived(reward.name);
      void this.#rewards.run();
    } catch (error) {
      this.failure = this.messageOf(error);
    }
  }

  /** The kind chosen in the open form (the coupon terms show with kind coupon). */
  @state() private kind: string | undefined;

  #open(reward: Reward | null) {
    this.editing = reward;
    this.kind = undefined;
    this.errors = {};
    this.failure = '';
    this.notice = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#reward-name')?.focus());
  }

  /** Kind, coupon terms, validity and the zh-CN texts (other languages kept as they are). */
  #terms(get: (k: string) => string) {
    const kind = get('kind') as (typeof REWARD_KINDS)[number];
    const coupon = kind === 'coupon';
    const value = coupon ? toMinor(get('value'), this.session.program.currency) : null;
    const percentOff = coupon ? int(get('percentOff')) : null;
    const zhName = get('zhName').trim();
    const zhDescription = get('zhDescription').trim();
    const others = { ...this.editing?.translations };
    delete others['zh-CN'];
    const zhText = { ...(zhName && { name: zhName }), ...(zhDescription && { description: zhDescription }) };
    const translations = { ...others, ...(Object.keys(zhText).length && { 'zh-CN': zhText }) };
    return {
      kind,
      ...(value !== null || this.editing
        ? { value: value === null ? null : { amount: value, currency: this.session.program.currency } }
        : {}),
      ...(percentOff !== null || this.editing ? { percentOff } : {}),
      ...(int(get('validDays')) !== null || this.editing ? { validDays: int(get('validDays')) } : {}),
      ...(Object.keys(translations).length || this.editing?.translations ? { translations } : {}),
    };
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const get = (k: string) => String(data.get(k) ?? '');
    const body = {
      name: get('name').trim(),
      cost: int(get('cost')),
      stock: int(get('stock')),
      perMemberLimit: int(get('perMemberLimit')),
      ...(get('description').trim() ? { description: get('description') } : this.editing ? { description: null } : {}),
      ...(get('imageUrl').trim() ? { imageUrl: get('imageUrl').trim() } : this.editing ? { imageUrl: null } : {}),
      ...(this.editing && { active: data.get('active') === 'on' }),
      ...this.#terms(get),
    };
    const schema = this.editing ? UpdateRewardBody : CreateRewardBody;
    const checked = schema.safeParse(body);
    if (!checked.success) {
      this.errors = this.#errorsOf(checked.error.issues);
      return focusInvalid(this);
    }
    this.errors = {};
    try {
      if (this.editing)
        await admin.call('updateReward', { params: { id: this.editing.id }, body: checked.data as UpdateRewardBody });
      else await admin.call('createReward', { body: checked.data as CreateRewardBody });
      this.editing = undefined;
      this.notice = this.t.saved;
      void this.#rewards.run();
    } catch (error) {
      // The server's refusal shown at its field when it names one.
      const field = isAdminError(error) ? error.field?.split('.')[1] : undefined;
      // (translations.zh-CN.name → the zh-CN name field)
      if (field && isAdminError(error)) this.errors = { [field]: error.details?.issues?.[0]?.message ?? error.message };
      else this.failure = this.messageOf(error);
    }
  }

  /** Issues by form field: the zh-CN texts and coupon terms have fields of their own. */
  #errorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
    const mapped = issues.map((i) => {
      const [top, lang, sub] = i.path.map(String);
      if (top === 'translations' && lang === 'zh-CN')
        return { ...i, path: [sub === 'description' ? 'zhDescription' : 'zhName'] };
      return i;
    });
    return fieldErrors(mapped);
  }

  #input(name: Exclude<keyof Draft, 'active' | 'kind'>, label: string, draft: Draft, type = 'text', hint?: string) {
    const error = this.errors[name];
    const described = [hint ? `reward-${name}-hint` : '', error ? `reward-${name}-error` : ''].join(' ').trim();
    return html`<div class="field">
      <label for=${`reward-${name}`}>${label}</label>
      <input id=${`reward-${name}`} name=${name} type=${type} .value=${String(draft[name])} min=${type === 'number' ? '0' : nothing}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${described || nothing} />
      ${hint ? html`<p class="hint" id=${`reward-${name}-hint`}>${hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id=${`reward-${name}-error`}>${error}</p>` : nothing}
    </div>`;
  }

  #form() {
    const t = this.t;
    const s = this.#s;
    const draft = draftOf(this.session.program.currency, this.editing ?? undefined);
    const kind = this.kind ?? draft.kind;
    return html`<section class="card" aria-labelledby="reward-form-title">
      <h2 id="reward-form-title">${this.editing ? t.editReward(this.editing.name) : t.newReward}</h2>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      <form novalidate @submit=${this.#save}>
        <div class="row">
          ${this.#input('name', t.rewardName, draft)} ${this.#input('cost', t.cost, draft, 'number')}
          ${this.#input('stock', t.stock, draft, 'number', t.unlimited)} ${this.#input('perMemberLimit', t.perMember, draft, 'number', t.unlimited)}
        </div>
        ${this.#input('description', t.description, draft)} ${this.#input('imageUrl', t.imageUrl, draft, 'url')}
        <div class="row">
          <div class="field">
            <label for="reward-kind">${s.kind}</label>
            <select id="reward-kind" name="kind" aria-invalid=${this.errors.kind ? 'true' : 'false'} aria-describedby=${this.errors.kind ? 'reward-kind-error' : nothing}
              @change=${(e: Event) => {
                this.kind = (e.target as HTMLSelectElement).value;
              }}>
              ${REWARD_KINDS.map((k) => html`<option value=${k} ?selected=${kind === k}>${s.kinds[k]}</option>`)}
            </select>
            ${this.errors.kind ? html`<p class="field-error" id="reward-kind-error">${this.errors.kind}</p>` : nothing}
          </div>
          ${
            kind === 'coupon'
              ? html`${this.#input('value', s.value(this.session.program.currency), draft, 'number', s.couponHint)}
                ${this.#input('percentOff', s.percentOff, draft, 'number')}`
              : nothing
          }
          ${this.#input('validDays', s.validDays, draft, 'number', s.validHint)}
        </div>
        <div class="row">${this.#input('zhName', s.zhName, draft)} ${this.#input('zhDescription', s.zhDescription, draft)}</div>
        ${
          this.editing
            ? html`<div class="field"><label class="check"><input type="checkbox" name="active" ?checked=${draft.active} /> ${t.active}</label></div>`
            : nothing
        }
        <div class="row">
          <button class="primary" type="submit">${this.editing ? t.save : t.create}</button>
          <button type="button" @click=${() => {
            this.editing = undefined;
          }}>${t.cancel}</button>
        </div>
      </form>
    </section>`;
  }

  override render() {
    const t = this.t;
    const s = this.#s;
    const staff = this.can('staff');
    return html`<h1 tabindex="-1">${t.rewardsTitle}</h1>
      <div role="status">${this.notice ? html`<p class="notice ok">${this.notice}</p>` : nothing}</div>
      ${staff && this.editing === undefined ? html`<p><button class="primary" type="button" @click=${() => this.#open(null)}>${t.newReward}</button></p>` : nothing}
      ${this.editing !== undefined ? this.#form() : nothing}
      <div class="row">
        <div class="field narrow">
          <label for="reward-status">${s.status}</label>
          <select id="reward-status" @change=${(e: Event) => {
            this.status = (e.target as HTMLSelectElement).value as typeof this.status;
          }}>
            <option value="">${s.anyStatus}</option>
            ${(['active', 'disabled', 'archived'] as const).map((x) => html`<option value=${x} ?selected=${this.status === x}>${s.statuses[x]}</option>`)}
          </select>
        </div>
      </div>
      ${this.#rewards.render(
        (list) => html`<div class="table-wrap">
          <table>
            <caption class="visually-hidden">${t.rewardsTitle}</caption>
            <thead><tr>
              <th scope="col">${t.rewardName}</th><th scope="col" class="num">${t.cost}</th><th scope="col" class="num">${t.stock}</th>
              <th scope="col" class="num">${t.perMember}</th><th scope="col">${s.kind}</th><th scope="col">${s.status}</th>${staff ? html`<th scope="col"><span class="visually-hidden">${t.edit}</span></th>` : nothing}
            </tr></thead>
            <tbody>
              ${list.items.map(
                (r) => html`<tr>
                  <td>${r.name}${r.description ? html`<div class="hint">${r.description}</div>` : nothing}</td>
                  <td class="num">${formatNumber(r.cost)}</td>
                  <td class="num">${r.stock === null ? t.unlimited : formatNumber(r.stock)}</td>
                  <td class="num">${r.perMemberLimit ?? t.unlimited}</td>
                  <td>${s.kinds[r.kind ?? 'custom']}${r.value ? html`<div class="hint">−${formatMoney(r.value)}</div>` : r.percentOff ? html`<div class="hint">−${r.percentOff}%</div>` : nothing}</td>
                  <td><span class="badge">${s.statuses[r.status ?? (r.active ? 'active' : 'disabled')]}</span></td>
                  ${
                    staff
                      ? html`<td class="actions-cell">${
                          r.status === 'archived'
                            ? nothing
                            : html`<button type="button" @click=${() => this.#open(r)} aria-label=${t.editReward(r.name)}>${t.edit}</button>
                              <button type="button" class="danger" @click=${() => this.#archive(r)} aria-label=${s.archiveLabel(r.name)}>${s.archive}</button>`
                        }</td>`
                      : nothing
                  }
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`,
        { isEmpty: (l) => l.items.length === 0, empty: this.status ? s.noMatch : t.noRewards },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-rewards': McPageRewards;
  }
}
