import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { McElementBase } from '../internal/element-base.js';
import { formatMoney, formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { pointsBalanceMessages } from './points-balance.i18n.js';
import { pointsBalanceStyles } from './points-balance.styles.js';

const COUNT_UP_MS = 700;

/**
 * @summary The member's points balance, its cash value and lifetime points; counts up politely when it changes.
 *
 * @slot guest - Replaces the guest prompt (e.g. with a link to sign up).
 *
 * @csspart base - The card.
 * @csspart label - The "Points balance" caption.
 * @csspart value - The balance figure.
 * @csspart cash - The balance's cash value (when the program gives points one).
 * @csspart lifetime - Points earned in total.
 * @csspart error - The error message and its Retry button.
 * @csspart retry-button - The Retry button.
 *
 * @cssproperty --mc-points-balance-value-size - Font size of the balance figure (default 2.25rem).
 * @cssproperty --mc-points-balance-value-color - Colour of the balance figure (default: the accent colour).
 *
 * @event mc-error - The balance could not be loaded ({@link McErrorEvent}, operation `load`).
 */
export class McPointsBalance extends McElementBase {
  static override styles = [...McElementBase.styles, pointsBalanceStyles];

  static override properties: PropertyDeclarations = {
    shownBalance: { state: true },
    announcement: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return pointsBalanceMessages(this.locale);
  }

  readonly #me = new StoreController(this, 'me');

  /** The figure on screen while counting up; the real balance once done. */
  private shownBalance: number | undefined;
  /** What the live region says: set only when the balance changes after the first render. */
  private announcement = '';

  #frame = 0;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const balance = this.#me.resource.data?.points.balance;
    if (balance === undefined || this.#target === balance) return;
    const from = this.#target;
    this.#target = balance;
    if (from === undefined) {
      this.shownBalance = balance;
      return;
    }
    this.announcement = this.t.balanceChanged(formatNumber(this.locale, balance));
    this.#countUp(this.shownBalance ?? from, balance);
  }

  #target: number | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frame);
  }

  #countUp(from: number, to: number): void {
    cancelAnimationFrame(this.#frame);
    // No animation when the member asked for none, or cannot see it (a hidden tab gets no frames).
    if (matchMedia('(prefers-reduced-motion: reduce)').matches || document.hidden) {
      this.shownBalance = to;
      return;
    }
    const start = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / COUNT_UP_MS);
      const eased = 1 - (1 - t) ** 3;
      this.shownBalance = Math.round(from + (to - from) * eased);
      if (t < 1) this.#frame = requestAnimationFrame(step);
    };
    this.#frame = requestAnimationFrame(step);
  }

  protected override render() {
    const t = this.t;
    const client = this.resolvedClient;
    const resource = this.#me.resource;
    const me = resource.data;

    if (client && !client.isMember) {
      this.setViewState('guest');
      return html`<div part="base">
        <span part="label">${t.balanceLabel}</span>
        <slot name="guest"><p class="guest">${t.balanceGuest}</p></slot>
      </div>`;
    }
    if (!me && resource.status === 'error') {
      return html`<div part="base">
        <span part="label">${t.balanceLabel}</span>
        ${this.renderError(this.#me)}
      </div>`;
    }
    if (!me) {
      this.setViewState('loading');
      return html`<div part="base" aria-busy="true">
        <span part="label">${t.balanceLabel}</span>
        <span part="value"><span class="skeleton" role="img" aria-label=${t.loading}></span></span>
        <div class="details"><span class="skeleton"></span><span class="skeleton"></span></div>
      </div>`;
    }

    const locale = this.locale;
    const { balance, lifetimeEarned, cashValue } = me.points;
    const empty = balance === 0 && lifetimeEarned === 0;
    this.setViewState(empty ? 'empty' : 'member');
    return html`<div part="base">
      <span part="label">${t.balanceLabel}</span>
      <span part="value">${formatNumber(locale, this.shownBalance ?? balance)}</span>
      <div class="details">
        ${cashValue ? html`<span part="cash">${t.balanceWorth(formatMoney(locale, cashValue))}</span>` : nothing}
        ${
          empty
            ? html`<span class="muted">${t.balanceEmpty}</span>`
            : html`<span part="lifetime" class="muted">${t.lifetimeEarned(formatNumber(locale, lifetimeEarned))}</span>`
        }
      </div>
      <span class="visually-hidden" role="status" aria-live="polite">${this.announcement}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-points-balance': McPointsBalance;
  }
}
