import type { RedeemResponse, Reward } from '@member-center/contract';
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { McErrorEvent, McRedeemEvent, McRedeemRequestEvent } from '../events.js';
import { copyText } from '../internal/clipboard.js';
import { CursorPages } from '../internal/cursor-pages.js';
import { McElementBase } from '../internal/element-base.js';
import { ineligibleReasonOf, isRetryable } from '../internal/errors.js';
import { formatDate, formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { rewardsBazaarMessages } from './rewards-bazaar.i18n.js';
import { rewardsBazaarStyles } from './rewards-bazaar.styles.js';

/**
 * Cards shown at first and added by each "Show more" (or the end of the list scrolling into
 * view), and the page size of further requests: a screenful or two, well inside the DOM budget
 * even when the store's first page holds the API's default of 50.
 */
const STEP = 24;

export type RewardSort = 'featured' | 'cost-asc' | 'cost-desc';

/** The redemption dialog's steps. */
type Redemption =
  | { step: 'confirm'; reward: Reward }
  | { step: 'redeeming'; reward: Reward; key: string }
  | { step: 'success'; reward: Reward; response: RedeemResponse }
  | { step: 'failed'; reward: Reward; key: string; error: unknown };

/**
 * @summary The rewards bazaar: the catalog as cards, a filter and sort, and redemption with a confirmation dialog.
 *
 * @slot guest - A prompt shown above the catalog to guests (default: "Join to redeem").
 *
 * @csspart base - The whole bazaar.
 * @csspart title - The "Rewards" heading.
 * @csspart toolbar - The filter and sort controls.
 * @csspart filter - The "I can afford" checkbox.
 * @csspart sort - The sort select.
 * @csspart list - The list of cards.
 * @csspart card - One reward.
 * @csspart image - A reward's image box (`loading="lazy"`, fixed height; without an image a glyph of its `kind`).
 * @csspart name - A reward's name.
 * @csspart description - A reward's description (one line; the merchant's text).
 * @csspart cost - A reward's cost in points.
 * @csspart stock - Units left (or out of stock).
 * @csspart reason - Why the member can't redeem it now.
 * @csspart redeem-button - A card's Redeem button.
 * @csspart load-more - The "Show more rewards" button (while there are more rewards).
 * @csspart dialog - The confirmation / success / failure dialog.
 * @csspart coupon - The coupon code after a redemption.
 * @csspart how-to - After a redemption: where to enter the code and until when.
 * @csspart error - The load error message and its Retry button.
 * @csspart retry-button - The Retry button.
 *
 * @cssproperty --mc-rewards-bazaar-card-background - A card's background.
 * @cssproperty --mc-rewards-bazaar-card-min-width - The narrowest a card gets in the grid (default 11rem).
 * @cssproperty --mc-rewards-bazaar-card-height - A card's height in the grid (default 17rem).
 * @cssproperty --mc-rewards-bazaar-image-background - The image box's background.
 *
 * @event mc-redeem-request - The member confirmed a redemption; cancel it to stop the API call ({@link McRedeemRequestEvent}).
 * @event mc-redeem - A redemption succeeded ({@link McRedeemEvent}).
 * @event mc-error - Loading or a redemption failed ({@link McErrorEvent}).
 */
export class McRewardsBazaar extends McElementBase {
  static override styles = [...McElementBase.styles, rewardsBazaarStyles];

  static override properties: PropertyDeclarations = {
    affordableOnly: { type: Boolean, attribute: 'affordable-only', reflect: true },
    sort: { reflect: true },
    shownCount: { state: true },
    announcement: { state: true },
    redemption: { state: true },
    copied: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return rewardsBazaarMessages(this.locale);
  }

  /** Show only rewards the member has enough points for. */
  affordableOnly = false;

  /** The order of the cards: the API's (`featured`), or by cost. */
  sort: RewardSort = 'featured';

  readonly #rewards = new StoreController(this, 'rewards');
  /** Tier names for "Gold only". */
  readonly #program = new StoreController(this, 'program');
  /** The balance, for "I can afford". */
  readonly #me = new StoreController(this, 'me');

  /** The store's first page and the pages after it, fetched with the API's cursor; kept fresh after a redemption. */
  readonly #pages = new CursorPages<Reward>(
    this,
    (cursor, limit = STEP) => {
      const client = this.resolvedClient;
      return client ? client.listRewards({ cursor, limit }) : Promise.reject(new Error('No client'));
    },
    { keepLoaded: true },
  );

  readonly #view = this.createView(() => {
    // The program names the tiers in "Gold only": wait for it too, unless it failed.
    const program = this.#program.resource;
    const view = awaiting(this.#rewards) ?? (!program.data && program.status !== 'error' ? 'loading' : undefined);
    if (view) return view;
    if (this.rewards.length === 0) return 'empty';
    return this.resolvedClient?.isMember === false ? 'guest' : 'member';
  });

  /** How many of the loaded rewards are rendered. */
  private shownCount = STEP;
  /** What the live region says after "Show more". */
  private announcement = '';
  private redemption: Redemption | undefined;
  private copied = false;

  #opener: HTMLElement | null = null;

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Reaching the end of the list shows more, as the button does for keyboard and screen-reader users.
    this.#pages.observe(this.renderRoot.querySelector('.sentinel'), this.#onMoreFailed, () => this.#showMore());
    // autofocus only acts on showModal(); later steps move focus to their default button themselves.
    const previous = changed.get('redemption') as Redemption | undefined;
    if (changed.has('redemption') && previous && this.redemption && previous.step !== this.redemption.step) {
      this.#dialog?.querySelector<HTMLElement>('[autofocus]')?.focus();
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const page = this.#rewards.resource.data;
    // No first page: signed out or another member, so the catalog starts over.
    if (!page) this.shownCount = STEP;
    this.#pages.sync(page);
  }

  /** Every reward loaded so far, in the API's order. */
  get rewards(): Reward[] {
    return this.#pages.items;
  }

  protected override render() {
    const t = this.t;
    const header = html`<h2 part="title" tabindex="-1">${t.bazaarLabel}</h2>`;
    return this.#view.render({
      error: (errorView) => html`<div part="base">${header}${errorView}</div>`,
      loading: () => html`<div part="base" aria-busy="true">
        ${header}
        <div part="toolbar"><span class="skeleton toolbar-skeleton" role="img" aria-label=${t.loading}></span></div>
        <ul part="list" aria-hidden="true">
          ${[0, 1, 2].map(() => html`<li class="skeleton card"></li>`)}
        </ul>
      </div>`,
      empty: () => html`<div part="base">${header}<p class="muted">${t.bazaarEmpty}</p></div>`,
      member: () => this.#renderCatalog(header, this.viewState === 'guest'),
    });
  }

  #renderCatalog(header: TemplateResult, guest: boolean) {
    const t = this.t;
    const all = this.rewards;
    // Filter and sort what is shown so far: the window grows in the API's order.
    const shown = this.#arrange(all.slice(0, this.shownCount), guest);
    const more = all.length > this.shownCount || !!this.#pages.nextCursor;
    return html`<div part="base">
      ${header}
      ${guest ? html`<slot name="guest"><p>${t.joinToRedeem}</p>${this.renderJoin()}</slot>` : nothing} ${this.#renderToolbar(guest)}
      ${
        shown.length === 0
          ? html`<p class="muted">${t.bazaarNoneAffordable}</p>`
          : html`<ul part="list">
              ${shown.map((reward) => html`<li part="card">${this.#renderCard(reward, guest)}</li>`)}
            </ul>`
      }
      ${
        more
          ? html`<div class="sentinel"></div>
              <button part="load-more" ?disabled=${this.#pages.loading} @click=${this.#onShowMore}>${t.loadMore}</button>`
          : nothing
      }
      <span class="visually-hidden" role="status">${this.announcement}</span>
      ${guest ? nothing : this.#renderDialog()}
    </div>`;
  }

  #arrange(all: Reward[], guest: boolean): Reward[] {
    const balance = this.#me.resource.data?.points.balance;
    const affordable = (reward: Reward) =>
      balance === undefined ? reward.reason !== 'insufficient_points' : reward.cost <= balance;
    let shown = this.affordableOnly && !guest ? all.filter(affordable) : all;
    if (this.sort !== 'featured') {
      const direction = this.sort === 'cost-asc' ? 1 : -1;
      shown = [...shown].sort((a, b) => (a.cost - b.cost) * direction);
    }
    return shown;
  }

  #renderToolbar(guest: boolean) {
    const t = this.t;
    return html`<div part="toolbar">
      ${
        guest
          ? nothing
          : html`<label
            ><input
              part="filter"
              type="checkbox"
              .checked=${this.affordableOnly}
              @change=${(e: Event) => {
                this.affordableOnly = (e.target as HTMLInputElement).checked;
              }}
            />${t.filterAffordable}</label
          >`
      }
      <label
        >${t.sortLabel}
        <select
          part="sort"
          @change=${(e: Event) => {
            this.sort = (e.target as HTMLSelectElement).value as RewardSort;
          }}
        >
          <option value="featured" ?selected=${this.sort === 'featured'}>${t.sortFeatured}</option>
          <option value="cost-asc" ?selected=${this.sort === 'cost-asc'}>${t.sortCostAsc}</option>
          <option value="cost-desc" ?selected=${this.sort === 'cost-desc'}>${t.sortCostDesc}</option>
        </select></label
      >
    </div>`;
  }

  #renderCard(reward: Reward, guest: boolean): TemplateResult {
    const t = this.t;
    const locale = this.locale;
    const n = (value: number) => formatNumber(locale, value);
    const stock = reward.stock === null ? nothing : reward.stock === 0 ? t.outOfStock : t.stockLeft(n(reward.stock));
    let action: TemplateResult | typeof nothing = nothing;
    if (!guest) {
      action =
        reward.redeemable === false
          ? html`<span part="reason">${this.#reasonText(reward)}</span>`
          : html`<button part="redeem-button" class="primary" @click=${(e: Event) => this.#ask(reward, e)}>
              ${t.redeem}<span class="visually-hidden"> ${reward.name}</span>
            </button>`;
    }
    return html`<div part="image" data-kind=${reward.kind ?? 'custom'}>${reward.imageUrl ? html`<img src=${reward.imageUrl} alt="" loading="lazy" />` : nothing}</div>
      <h3 part="name" title=${reward.name}>${reward.name}</h3>
      <p part="description">${reward.description}</p>
      <span part="cost">${t.points(n(reward.cost), reward.cost)}</span>
      <span part="stock">${reward.reason === 'out_of_stock' ? nothing : stock}</span>
      <div class="action">${action}</div>`;
  }

  #reasonText(reward: Reward): string {
    const t = this.t;
    switch (reward.reason) {
      case 'insufficient_points':
        return t.needMore(formatNumber(this.locale, reward.pointsNeeded ?? 0));
      case 'out_of_stock':
        return t.outOfStock;
      case 'tier_locked': {
        const tier = this.#program.resource.data?.tiers.find((candidate) => candidate.id === reward.tierId);
        return t.tierOnly(tier?.name ?? t.tierLabel);
      }
      case 'limit_reached':
        return t.limitReached;
      default:
        return t.outOfStock;
    }
  }

  /**
   * Shows the next STEP rewards, fetching a page first when fewer are loaded, and says how many
   * are shown now. Resolves with how many cards were added.
   */
  async #showMore(): Promise<number> {
    const pages = this.#pages;
    if (pages.loading) return 0;
    const before = Math.min(this.shownCount, pages.items.length);
    if (pages.items.length < this.shownCount + STEP && pages.nextCursor) await pages.loadMore();
    this.shownCount = before + STEP;
    const now = Math.min(this.shownCount, pages.items.length);
    if (now > before) this.announcement = this.t.rewardsShown(formatNumber(this.locale, now));
    return now - before;
  }

  #onShowMore = () => {
    this.#showMore().catch(this.#onMoreFailed);
  };

  #onMoreFailed = (error: unknown) => {
    this.dispatchEvent(new McErrorEvent('load', error));
  };

  // ---------- redemption ----------

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  async #ask(reward: Reward, event: Event): Promise<void> {
    this.#opener = event.currentTarget as HTMLElement;
    this.redemption = { step: 'confirm', reward };
    this.copied = false;
    await this.updateComplete;
    this.#dialog?.showModal();
  }

  async #confirm(): Promise<void> {
    const current = this.redemption;
    if (!current || (current.step !== 'confirm' && current.step !== 'failed')) return;
    const client = this.resolvedClient;
    if (!client) return;
    const { reward } = current;
    if (current.step === 'confirm' && !this.dispatchEvent(new McRedeemRequestEvent(reward))) {
      this.#dialog?.close();
      return;
    }
    // One key per confirmed redemption, reused by "Try again", so a retry never spends twice.
    const key = current.step === 'failed' ? current.key : crypto.randomUUID();
    this.redemption = { step: 'redeeming', reward, key };
    try {
      const response = await client.redeem(reward.id, { idempotencyKey: key });
      this.redemption = { step: 'success', reward, response };
      this.dispatchEvent(new McRedeemEvent(reward, response.redemption, response.points.balance));
    } catch (error) {
      this.redemption = { step: 'failed', reward, key, error };
      this.dispatchEvent(new McErrorEvent('redeem', error));
    }
  }

  #onCancel = (event: Event) => {
    // Escape must not drop a request in flight out of sight.
    if (this.redemption?.step === 'redeeming') event.preventDefault();
  };

  #onClose = () => {
    this.redemption = undefined;
    // The card may have re-rendered without its button (now unaffordable): focus the heading then.
    const opener = this.#opener;
    if (opener?.isConnected) opener.focus();
    else this.renderRoot.querySelector<HTMLElement>('[part~="title"]')?.focus();
    this.#opener = null;
  };

  async #copyCoupon(code: string): Promise<void> {
    this.copied = await copyText(code);
    if (!this.copied) this.dispatchEvent(new McErrorEvent('copy', new Error('Clipboard unavailable')));
  }

  #renderDialog() {
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @cancel=${this.#onCancel} @close=${this.#onClose}>
      ${this.redemption ? this.#renderStep(this.redemption) : nothing}
    </dialog>`;
  }

  #renderStep(redemption: Redemption) {
    const t = this.t;
    const locale = this.locale;
    const n = (value: number) => formatNumber(locale, value);
    const close = () => this.#dialog?.close();
    const { reward } = redemption;
    switch (redemption.step) {
      case 'confirm':
        return html`<h2 id="dialog-title">${t.confirmTitle(reward.name)}</h2>
          <p>${t.confirmBody(t.points(n(reward.cost), reward.cost))}</p>
          <div class="actions">
            <button autofocus @click=${close}>${t.cancel}</button>
            <button class="primary" @click=${this.#confirm}>${t.confirm}</button>
          </div>`;
      case 'redeeming':
        return html`<h2 id="dialog-title">${t.confirmTitle(reward.name)}</h2>
          <p role="status">${t.redeeming}</p>
          <div class="actions">
            <button disabled>${t.cancel}</button>
            <button class="primary" disabled>${t.redeeming}</button>
          </div>`;
      case 'success': {
        const { redemption: coupon, points } = redemption.response;
        return html`<h2 id="dialog-title">${t.successTitle}</h2>
          <p>${t.couponCode}</p>
          <div class="coupon">
            <code part="coupon">${coupon.code}</code>
            <button @click=${() => this.#copyCoupon(coupon.code)}>
              ${t.copy}<span class="visually-hidden"> ${t.couponCode}</span>
            </button>
            <span role="status">${this.copied ? t.copied : ''}</span>
          </div>
          <p part="how-to">
            ${coupon.expiresAt ? t.useBefore(formatDate(this.locale, coupon.expiresAt)) : t.useAnyTime}
            ${t.inCoupons}
          </p>
          <p>${t.newBalance(t.points(n(points.balance), points.balance))}</p>
          <div class="actions"><button class="primary" autofocus @click=${close}>${t.done}</button></div>`;
      }
      case 'failed': {
        const reason = ineligibleReasonOf(redemption.error);
        const retryable = !reason && isRetryable(redemption.error);
        return html`<h2 id="dialog-title">${t.confirmTitle(reward.name)}</h2>
          <p role="alert" class="error">${reason ? t.redeemFailedReason[reason] : t.redeemFailed}</p>
          <div class="actions">
            <button ?autofocus=${!retryable} @click=${close}>${t.close}</button>
            ${
              retryable
                ? html`<button class="primary" autofocus @click=${this.#confirm}>${t.tryAgain}</button>`
                : nothing
            }
          </div>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-rewards-bazaar': McRewardsBazaar;
  }
}
