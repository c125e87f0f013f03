import { CreateRewardBody, type Reward, UpdateRewardBody } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatNumber } from '../internal/settings.js';

type Draft = Record<'name' | 'description' | 'imageUrl' | 'cost' | 'stock' | 'perMemberLimit', string> & {
  active: boolean;
};

const draftOf = (r?: Reward): Draft => ({
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
  readonly #rewards = new Load(this, (signal) => admin.call('listRewards', { query: { limit: '100' }, signal }));

  #open(reward: Reward | null) {
    this.editing = reward;
    this.errors = {};
    this.failure = '';
    this.notice = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#reward-name')?.focus());
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
    };
    const schema = this.editing ? UpdateRewardBody : CreateRewardBody;
    const checked = schema.safeParse(body);
    if (!checked.success) {
      this.errors = fieldErrors(checked.error.issues);
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
      if (field && isAdminError(error)) this.errors = { [field]: error.details?.issues?.[0]?.message ?? error.message };
      else
        this.failure =
          isAdminError(error) && error.status === 403
            ? this.t.forbidden
            : isAdminError(error)
              ? error.message
              : this.t.loadError;
    }
  }

  #input(name: keyof Draft, label: string, draft: Draft, type = 'text', hint?: string) {
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
    const draft = draftOf(this.editing ?? undefined);
    return html`<section class="card" aria-labelledby="reward-form-title">
      <h2 id="reward-form-title">${this.editing ? t.editReward(this.editing.name) : t.newReward}</h2>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      <form novalidate @submit=${this.#save}>
        <div class="row">
          ${this.#input('name', t.rewardName, draft)} ${this.#input('cost', t.cost, draft, 'number')}
          ${this.#input('stock', t.stock, draft, 'number', t.unlimited)} ${this.#input('perMemberLimit', t.perMember, draft, 'number', t.unlimited)}
        </div>
        ${this.#input('description', t.description, draft)} ${this.#input('imageUrl', t.imageUrl, draft, 'url')}
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
    const staff = this.can('staff');
    return html`<h1 tabindex="-1">${t.rewardsTitle}</h1>
      <div role="status">${this.notice ? html`<p class="notice ok">${this.notice}</p>` : nothing}</div>
      ${staff && this.editing === undefined ? html`<p><button class="primary" type="button" @click=${() => this.#open(null)}>${t.newReward}</button></p>` : nothing}
      ${this.editing !== undefined ? this.#form() : nothing}
      ${this.#rewards.render(
        (list) => html`<div class="table-wrap">
          <table>
            <caption class="visually-hidden">${t.rewardsTitle}</caption>
            <thead><tr>
              <th scope="col">${t.rewardName}</th><th scope="col" class="num">${t.cost}</th><th scope="col" class="num">${t.stock}</th>
              <th scope="col" class="num">${t.perMember}</th><th scope="col">${t.active}</th>${staff ? html`<th scope="col"><span class="visually-hidden">${t.edit}</span></th>` : nothing}
            </tr></thead>
            <tbody>
              ${list.items.map(
                (r) => html`<tr>
                  <td>${r.name}${r.description ? html`<div class="hint">${r.description}</div>` : nothing}</td>
                  <td class="num">${formatNumber(r.cost)}</td>
                  <td class="num">${r.stock === null ? t.unlimited : formatNumber(r.stock)}</td>
                  <td class="num">${r.perMemberLimit ?? t.unlimited}</td>
                  <td>${r.active ? t.yes : t.no}</td>
                  ${staff ? html`<td><button type="button" @click=${() => this.#open(r)} aria-label=${t.editReward(r.name)}>${t.edit}</button></td>` : nothing}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`,
        { isEmpty: (l) => l.items.length === 0, empty: t.noRewards },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-rewards': McPageRewards;
  }
}
