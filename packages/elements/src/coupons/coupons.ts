import type { Redemption } from '@member-center/contract';
import { html, nothing } from 'lit';
import { McErrorEvent } from '../events.js';
import { copyText } from '../internal/clipboard.js';
import { formatDate, formatMoney } from '../internal/format.js';
import { McPagedList, pagedListStyles } from '../internal/paged-list.js';
import { couponsMessages } from './coupons.i18n.js';
import { couponsStyles } from './coupons.styles.js';

/**
 * A coupon in the wallet: the API's Redemption, whose status and expiry (since v1.4) say
 * whether it can still be used.
 */
export type Coupon = Redemption;

/** Why a coupon is no longer usable (used, expired, or void: cancelled by the shop), or undefined while it is. */
export function couponEnded(coupon: Coupon, now = Date.now()): 'used' | 'expired' | 'void' | undefined {
  if (coupon.status === 'used' || coupon.status === 'expired' || coupon.status === 'void') return coupon.status;
  if (coupon.expiresAt && Date.parse(coupon.expiresAt) <= now) return 'expired';
  return undefined;
}

/**
 * @summary The member's coupons wallet: each redeemed reward's code with a copy button and its date, available coupons first.
 *
 * @slot guest - Replaces the guest prompt (e.g. with a link to log in).
 *
 * @csspart base - The card.
 * @csspart title - The "My coupons" heading.
 * @csspart group - A group of coupons: `group available` or `group ended`.
 * @csspart group-title - The group's heading ("Available", "Used or expired").
 * @csspart list - The list of coupons in a group.
 * @csspart coupon - One coupon.
 * @csspart name - The reward the coupon is for.
 * @csspart code - The coupon code.
 * @csspart copy-button - The button that copies the code (available coupons only).
 * @csspart date - When it was redeemed, and when it expires if known.
 * @csspart status - "Used", "Expired" or "Cancelled" on an ended coupon.
 * @csspart load-more - The "Show more coupons" button.
 * @csspart error - The error message and its Retry button.
 * @csspart retry-button - The Retry button.
 *
 * @cssproperty --mc-coupons-code-background - Background of the coupon code (default: the alternate surface).
 *
 * @event mc-error - The wallet or one of its pages could not be loaded (operation `load`), or a copy failed (operation `copy`) ({@link McErrorEvent}).
 */
export class McCoupons extends McPagedList<Coupon> {
  static override styles = [...McPagedList.styles, pagedListStyles, couponsStyles];

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return couponsMessages(this.locale);
  }

  protected readonly skeletonRows = 2;

  constructor() {
    super('redemptions', (client, cursor) => client.listRedemptions({ cursor }));
  }

  /** Every coupon loaded so far, newest first. */
  get coupons(): Coupon[] {
    return this.pages.items;
  }

  protected renderItems(coupons: Coupon[]) {
    const t = this.t;
    const now = Date.now();
    const available = coupons.filter((coupon) => !couponEnded(coupon, now));
    const ended = coupons.filter((coupon) => couponEnded(coupon, now));
    return html`${this.#renderGroup('available', t.couponsAvailable, available, now)}
    ${this.#renderGroup('ended', t.couponsUsed, ended, now)}`;
  }

  #renderGroup(kind: 'available' | 'ended', heading: string, coupons: Coupon[], now: number) {
    if (coupons.length === 0) return nothing;
    return html`<section part="group ${kind}" aria-labelledby="group-${kind}">
      <h3 part="group-title" id="group-${kind}">${heading}</h3>
      <ul part="list">
        ${coupons.map((coupon) => this.#renderCoupon(coupon, couponEnded(coupon, now)))}
      </ul>
    </section>`;
  }

  #renderCoupon(coupon: Coupon, ended: 'used' | 'expired' | 'void' | undefined) {
    const t = this.t;
    const locale = this.locale;
    // A points discount has no reward: its name is what it takes off, in the member's language.
    const name =
      coupon.kind === 'points_discount' && coupon.value
        ? t.pointsDiscountName(formatMoney(locale, coupon.value))
        : coupon.rewardName;
    return html`<li part="coupon" class="row" data-id=${coupon.id}>
      <span class="what">
        <span part="name">${name}</span>
        <span part="date" class="muted small">
          ${t.couponRedeemedOn(formatDate(locale, coupon.createdAt))}
          ${!ended && coupon.expiresAt ? html` · ${t.couponExpiresOn(formatDate(locale, coupon.expiresAt))}` : nothing}
          ${ended === 'used' && coupon.usedAt ? html` · ${t.couponUsedOn(formatDate(locale, coupon.usedAt))}` : nothing}
        </span>
      </span>
      <span class="actions">
        <code part="code">${coupon.code}</code>
        ${
          ended
            ? html`<span part="status">${ended === 'used' ? t.couponUsed : ended === 'void' ? t.couponVoid : t.couponExpired}</span>`
            : html`<button part="copy-button" aria-label=${t.copyCouponCode(name)} @click=${() => this.#copy(coupon.code)}>
              ${t.copy}
            </button>`
        }
      </span>
    </li>`;
  }

  async #copy(code: string): Promise<void> {
    const ok = await copyText(code);
    // Re-set even when unchanged, so a second copy is announced again.
    this.announcement = '';
    await this.updateComplete;
    this.announcement = ok ? this.t.copied : this.t.copyFailed;
    if (!ok) this.dispatchEvent(new McErrorEvent('copy', new Error('Clipboard unavailable')));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-coupons': McCoupons;
  }
}
