import type { PointsSummary } from '@member-center/contract';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { McElementBase } from '../internal/element-base.js';
import { formatMoney, formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { pointsBalanceMessages } from './points-balance.i18n.js';
import { pointsBalanceStyles } from './points-balance.styles.js';

const COUNT_UP_MS = 700;

/** "Dec 3" / "12月3日": pending and expiring dates lie within weeks, so no year. */
const dayOf = (locale: string, iso: string) =>
  new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(new Date(iso));

/**
 * @summary The member's points balance, its cash value and lifetime points, with pending and soon-expiring points; counts up politely when it changes.
 *
 * @slot guest - Replaces the guest prompt (e.g. with a link to sign up).
 *
 * @csspart base - The card.
 * @csspart label - The "Points balance" caption.
 * @csspart value - The balance figure.
 * @csspart cash - The balance's cash value (when the program gives points one).
 * @csspart lifetime - Points earned in total.
 * @csspart notes - The list of pending, expiring and owed points (when there are any).
 * @csspart pending - Order points not spendable yet, and when the first become available.
 * @csspart expiring - Points expiring in the next 30 days, and when the first expire.
 * @csspart debt - Points a refund took back that the balance could not cover.
 * @csspart error - The error message and its Retry button.
 * @csspart retry-button - The Retry button.
 *
 * @cssproperty --mc-points-balance-value-size - Font size of the balance figure (default 2.25rem).
 * @cssproperty --mc-points-balance-value-color - Colour of the balance figure (default: the accent colour).
 * @cssproperty --mc-points-balance-expiring-color - Colour of the expiring-points line (default: the danger colour).
 *
 * @event mc-error - The balance could not be loaded ({@link McErrorEvent}, operation `load`).
 */
export class McPointsBalance extends McElementBase {
  static override styles = [...McElementBase.styles, pointsBalanceStyles];

  static override properties: PropertyDeclarations = {
    noPending: { type: Boolean, attribute: 'no-pending' },
    noExpiring: { type: Boolean, attribute: 'no-expiring' },
    shownBalance: { state: true },
    announcement: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return pointsBalanceMessages(this.locale);
  }

  readonly #me = new StoreController(this, 'me');
  readonly #view = this.createView(() => {
    if (this.resolvedClient?.isMember === false) return 'guest';
    // A first order still in its return window is something, not nothing.
    const points = this.#me.resource.data?.points;
    return (
      awaiting(this.#me) ??
      (points!.balance === 0 && points!.lifetimeEarned === 0 && !points!.pendingTotal ? 'empty' : 'member')
    );
  });

  /** Hides the pending points (order points in the return window). */
  noPending = false;

  /** Hides the points expiring in the next 30 days. */
  noExpiring = false;

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
    const label = html`<span part="label">${t.balanceLabel}</span>`;
    return this.#view.render({
      guest: () => html`<div part="base">
        ${label}
        <slot name="guest"><p class="guest">${t.balanceGuest}</p>${this.renderJoin()}</slot>
      </div>`,
      error: (errorView) => html`<div part="base">${label}${errorView}</div>`,
      loading: () => html`<div part="base" aria-busy="true">
        ${label}
        <span part="value"><span class="skeleton" role="img" aria-label=${t.loading}></span></span>
        <div class="details"><span class="skeleton"></span><span class="skeleton"></span></div>
      </div>`,
      member: () => this.#renderBalance(this.#me.resource.data!.points),
    });
  }

  #renderBalance(points: PointsSummary) {
    const t = this.t;
    const locale = this.locale;
    const { balance, lifetimeEarned, cashValue } = points;
    const notes = this.#notes(points);
    const empty = this.viewState === 'empty';
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
      ${notes.length ? html`<ul part="notes">${notes}</ul>` : nothing}
      <span class="visually-hidden" role="status" aria-live="polite">${this.announcement}</span>
    </div>`;
  }

  /** Pending, expiring and owed points, each a line, when there are any and they are not hidden. */
  #notes({ pending = [], expiring = [], debt }: PointsSummary) {
    const t = this.t;
    const locale = this.locale;
    const n = (value: number) => formatNumber(locale, value);
    // Lots come soonest first: the line gives their total, and the first lot with its date.
    const line = (part: string, lots: { points: number }[], date: string | undefined, say: typeof t.pending) =>
      date === undefined
        ? nothing
        : html`<li part=${part}>
            ${say(lots.length, n(lots.reduce((sum, lot) => sum + lot.points, 0)), n(lots[0]!.points), dayOf(locale, date))}
          </li>`;
    return [
      this.noPending ? nothing : line('pending', pending, pending[0]?.availableAt, t.pending),
      this.noExpiring ? nothing : line('expiring', expiring, expiring[0]?.expiresAt, t.expiring),
      debt ? html`<li part="debt">${t.debt(n(debt))}</li>` : nothing,
    ].filter((note) => note !== nothing);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-points-balance': McPointsBalance;
  }
}
