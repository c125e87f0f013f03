import type { PointsDiscountRule, Program, Redemption } from '@member-center/contract';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { McDiscountEvent, McDiscountRequestEvent, McErrorEvent } from '../events.js';
import { copyText } from '../internal/clipboard.js';
import { McElementBase } from '../internal/element-base.js';
import { formatMoment, formatMoney, formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { pointsDiscountMessages } from './points-discount.i18n.js';
import { pointsDiscountStyles } from './points-discount.styles.js';

type PointValue = NonNullable<Program['pointValue']>;

/** What `points` are worth off an order under the program's point value, rounded down as the API does. */
export const discountWorth = (value: PointValue, points: number) => ({
  amount: Math.floor((points * value.value.amount) / value.points),
  currency: value.value.currency,
});

/** The most points the member may turn into cash now: the balance and the rule's cap, on the step. */
export function maxDiscountPoints(rule: PointsDiscountRule, balance: number) {
  const cap = Math.min(balance, rule.maxPoints ?? balance);
  return cap < rule.minPoints ? 0 : rule.minPoints + Math.floor((cap - rule.minPoints) / rule.step) * rule.step;
}

/** `points` brought onto the rule: within [min, max], on the step from min. */
export function snapDiscountPoints(rule: PointsDiscountRule, max: number, points: number) {
  if (!Number.isFinite(points)) return rule.minPoints;
  const on = rule.minPoints + Math.round((points - rule.minPoints) / rule.step) * rule.step;
  return Math.min(max, Math.max(rule.minPoints, on));
}

/**
 * @summary Points as cash at checkout: the member picks how many points to use (slider and number), sees what they are worth and what remains, and gets a single-use money-off code to enter at checkout.
 *
 * Renders nothing (`:state(empty)`, `display: none`) when the program does not turn points into
 * cash, so it can sit on any cart or checkout page. The points are held (out of the balance)
 * until the code is used; an unused code expires after the program's `validMinutes` and its
 * points come back. The code also appears in `<mc-coupons>`.
 *
 * @slot guest - Replaces the prompt shown to guests (e.g. with a link to log in).
 *
 * @csspart base - The card.
 * @csspart label - The "Pay with points" caption.
 * @csspart slider - The range input choosing the points.
 * @csspart input - The number input choosing the points (same value as the slider).
 * @csspart worth - What the chosen points take off the order.
 * @csspart remaining - The points left after this (and those held by unused codes).
 * @csspart hint - The rule (minimum, step), or why the member cannot use points yet.
 * @csspart button - The "Get a code" button.
 * @csspart code - The code, once made.
 * @csspart copy-button - Copies the code ("Copied ✓" once done).
 * @csspart how-to - Where and until when to use the code.
 * @csspart again-button - Back to choosing points for another code.
 * @csspart error - A failed load (with its Retry button) or a failed request.
 * @csspart retry-button - The Retry button of a failed load.
 *
 * @cssproperty --mc-points-discount-code-background - Background of the code (default: the alternate surface).
 *
 * @event mc-discount-request - The member asked for a code, before the API call; cancelable ({@link McDiscountRequestEvent}: points).
 * @event mc-discount - The code was made ({@link McDiscountEvent}: redemption with code, value, expiry; balance).
 * @event mc-error - The code could not be made (operation `discount`), copied (operation `copy`), or the data loaded (operation `load`) ({@link McErrorEvent}).
 */
export class McPointsDiscount extends McElementBase {
  static override styles = [...McElementBase.styles, pointsDiscountStyles];

  static override properties: PropertyDeclarations = {
    points: { type: Number },
    busy: { state: true },
    failure: { state: true },
    issued: { state: true },
    copied: { state: true },
    announcement: { state: true },
  };

  /** The points chosen; defaults to the rule's minimum, and is kept on the rule's step and within the balance. */
  points: number | undefined = undefined;

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return pointsDiscountMessages(this.locale);
  }

  readonly #program = new StoreController(this, 'program');
  readonly #me = new StoreController(this, 'me');
  readonly #view = this.createView(() => {
    const guest = this.resolvedClient?.isMember === false;
    const view = awaiting(this.#program, ...(guest ? [] : [this.#me]));
    if (view) return view;
    const program = this.#program.resource.data!;
    if (!program.pointsDiscount || !program.pointValue) return 'empty';
    return guest ? 'guest' : 'member';
  });

  private busy = false;
  private failure: unknown = undefined;
  /** The code made last, shown until the member asks for another. */
  private issued: Redemption | undefined = undefined;
  private copied = false;
  private announcement = '';

  protected override render() {
    const t = this.t;
    return this.#view.render({
      error: (errorView) => html`<div part="base"><p part="label">${t.discountLabel}</p>${errorView}</div>`,
      loading: () => this.#renderSkeleton(),
      empty: () => nothing,
      guest: () => this.#renderGuest(this.#program.resource.data!.pointValue!),
      member: () => {
        const program = this.#program.resource.data!;
        return this.issued
          ? this.#renderCode(this.issued)
          : this.#renderPicker(program.pointsDiscount!, program.pointValue!, this.#me.resource.data!.points);
      },
    });
  }

  #renderPicker(rule: PointsDiscountRule, value: PointValue, summary: { balance: number; held?: number | undefined }) {
    const t = this.t;
    const n = (x: number) => formatNumber(this.locale, x);
    const max = maxDiscountPoints(rule, summary.balance);
    const held = summary.held ?? 0;
    const live = html`<span class="visually-hidden" role="status" aria-live="polite">${this.announcement}</span>`;
    if (max === 0) {
      return html`<div part="base">
        <p part="label">${t.discountLabel}</p>
        <p part="hint">${t.discountNeedMore(n(rule.minPoints), n(summary.balance))}</p>
        ${held > 0 ? html`<p part="remaining">${t.discountHeld(n(held))}</p>` : nothing} ${live}
      </div>`;
    }
    const points = snapDiscountPoints(rule, max, this.points ?? rule.minPoints);
    const worth = formatMoney(this.locale, discountWorth(value, points));
    return html`<div part="base">
      <p part="label" id="label">${t.discountLabel}</p>
      <div class="picker">
        <input
          part="slider"
          type="range"
          min=${rule.minPoints}
          max=${max}
          step=${rule.step}
          .value=${String(points)}
          aria-labelledby="label"
          aria-valuetext=${`${n(points)} · ${worth}`}
          @input=${this.#onPick}
        />
        <input
          part="input"
          type="number"
          inputmode="numeric"
          min=${rule.minPoints}
          max=${max}
          step=${rule.step}
          .value=${String(points)}
          aria-label=${t.discountPoints}
          @change=${this.#onPick}
        />
      </div>
      <p part="worth" aria-live="polite">${t.discountWorth(worth)}</p>
      <p part="remaining">
        ${t.discountRemaining(n(summary.balance - points))}${held > 0 ? html`<br />${t.discountHeld(n(held))}` : nothing}
      </p>
      ${rule.step > 1 || rule.minPoints > 1 ? html`<p part="hint">${t.discountRule(n(rule.minPoints), n(rule.step))}</p>` : nothing}
      <button
        part="button"
        class="primary"
        aria-disabled=${this.busy ? 'true' : 'false'}
        @click=${() => this.#request(points)}
      >
        ${this.busy ? t.discountBusy : t.discountButton(worth)}
      </button>
      ${this.failure === undefined ? nothing : html`<p part="error" role="alert" class="error">${this.#failureText()}</p>`}
      ${live}
    </div>`;
  }

  #renderCode(issued: Redemption) {
    const t = this.t;
    const until = issued.expiresAt ? formatMoment(this.locale, issued.expiresAt) : '';
    return html`<div part="base">
      <p part="label">${t.discountCodeLabel}</p>
      <div class="code-row">
        <code part="code">${issued.code}</code>
        <button part="copy-button" aria-label=${t.copyCode} @click=${() => this.#copy(issued.code)}>
          ${this.copied ? t.copied : t.copy}
        </button>
      </div>
      ${issued.value ? html`<p part="worth">${t.discountWorth(formatMoney(this.locale, issued.value))}</p>` : nothing}
      <p part="how-to">${until ? t.discountHowTo(until) : nothing} ${t.discountInCoupons}</p>
      <button part="again-button" @click=${this.#again}>${t.discountAnother}</button>
      <span class="visually-hidden" role="status" aria-live="polite">${this.announcement}</span>
    </div>`;
  }

  #renderGuest(value: PointValue) {
    const t = this.t;
    const money = formatMoney(this.locale, value.value);
    return html`<div part="base">
      <p part="label">${t.discountLabel}</p>
      <p part="hint">${t.discountGuest(formatNumber(this.locale, value.points), money)}</p>
      <slot name="guest"><p class="guest">${t.discountJoin}</p></slot>
    </div>`;
  }

  #renderSkeleton() {
    return html`<div part="base" aria-busy="true">
      <p part="label">${this.t.discountLabel}</p>
      <span class="skeleton slider" role="img" aria-label=${this.t.loading}></span>
      <span class="skeleton line"></span>
      <span class="skeleton button"></span>
    </div>`;
  }

  #failureText(): string {
    const code = (this.failure as { code?: unknown } | null)?.code;
    const t = this.t;
    if (code === 'discount_not_allowed') return t.discountNotAllowed;
    if (code === 'discount_unavailable') return t.discountUnavailable;
    if (code === 'insufficient_points') return t.discountInsufficient;
    return t.discountFailed;
  }

  #onPick = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const program = this.#program.resource.data;
    const me = this.#me.resource.data;
    if (!program?.pointsDiscount || !me) return;
    const rule = program.pointsDiscount;
    const snapped = snapDiscountPoints(rule, maxDiscountPoints(rule, me.points.balance), Number(input.value));
    this.points = snapped;
    // A typed value off the step or out of range is shown as the value it stands for.
    input.value = String(snapped);
  };

  async #request(points: number) {
    const client = this.resolvedClient;
    if (!client || this.busy) return;
    if (!this.dispatchEvent(new McDiscountRequestEvent(points))) return;
    this.busy = true;
    this.failure = undefined;
    this.announcement = '';
    try {
      const result = await client.createDiscount(points);
      this.issued = result.redemption;
      this.copied = false;
      const money = result.redemption.value ? formatMoney(this.locale, result.redemption.value) : '';
      const until = result.redemption.expiresAt ? formatMoment(this.locale, result.redemption.expiresAt) : '';
      this.announcement = this.t.discountCreated(money, until);
      this.dispatchEvent(new McDiscountEvent(result.redemption, result.points.balance));
    } catch (error) {
      this.failure = error;
      this.dispatchEvent(new McErrorEvent('discount', error));
    } finally {
      this.busy = false;
    }
  }

  async #copy(code: string) {
    const ok = await copyText(code);
    // Re-set even when unchanged, so a second copy is announced again.
    this.announcement = '';
    await this.updateComplete;
    this.copied = ok;
    this.announcement = ok ? this.t.copiedAnnouncement(code) : this.t.copyFailed;
    if (!ok) this.dispatchEvent(new McErrorEvent('copy', new Error('Clipboard unavailable')));
  }

  #again = () => {
    this.issued = undefined;
    this.copied = false;
    this.announcement = '';
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-points-discount': McPointsDiscount;
  }
}
