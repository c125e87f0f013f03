import { computePosition, flip, offset, shift } from '@floating-ui/dom';
import type { Program, Tier, TierStatus } from '@member-center/contract';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { McElementBase } from '../internal/element-base.js';
import { formatMoney, formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { tierProgressMessages } from './tier-progress.i18n.js';
import { tierProgressStyles } from './tier-progress.styles.js';

/** How long the benefits stay open after the pointer leaves, so it can travel onto them. */
const HOVER_CLOSE_DELAY_MS = 200;

/** Spend amounts need the program (its currency). */
const needsProgram = (tier: TierStatus | undefined) => tier?.basis === 'spend';

/** A day the API names (YYYY-MM-DD, already in the program's time zone): "Dec 31, 2026". */
function formatDay(locale: string, day: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * @summary The member's tier, an accessible progress bar to the next one, and the tier's benefits in a popover.
 *
 * @slot guest - Replaces the guest prompt (e.g. with a link to sign up).
 *
 * @csspart base - The card.
 * @csspart label - The "Member tier" caption.
 * @csspart badge - The current tier's name; a button that shows its benefits.
 * @csspart track - The progress bar (role=progressbar).
 * @csspart indicator - The filled part of the bar.
 * @csspart remaining - What is left to the next tier (or that this is the top one).
 * @csspart keep - What keeps the current tier past its qualification period, and by when (or that it is kept); describes the bar.
 * @csspart popover - The benefits popover.
 * @csspart error - The error message and its Retry button.
 * @csspart retry-button - The Retry button.
 *
 * @cssproperty --mc-tier-progress-track-color - The bar's background.
 * @cssproperty --mc-tier-progress-indicator-color - The bar's fill (default: the accent colour).
 * @cssproperty --mc-tier-progress-height - The bar's thickness (default 0.625rem).
 * @cssproperty --mc-tier-progress-badge-background - The tier badge's background.
 * @cssproperty --mc-tier-progress-badge-color - The tier badge's text colour.
 *
 * @event mc-error - The tier could not be loaded ({@link McErrorEvent}, operation `load`).
 */
export class McTierProgress extends McElementBase {
  static override styles = [...McElementBase.styles, tierProgressStyles];

  static override properties: PropertyDeclarations = {
    open: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return tierProgressMessages(this.locale);
  }

  readonly #me = new StoreController(this, 'me');
  /** Guests see the program's tiers; members need it only for spend amounts. */
  readonly #program = new StoreController(
    this,
    'program',
    (client) => !client.isMember || needsProgram(this.#me.resource.data?.tier),
  );
  readonly #view = this.createView(() => {
    if (this.resolvedClient?.isMember === false) {
      return awaiting(this.#program) ?? (this.#program.resource.data!.tiers.length === 0 ? 'empty' : 'guest');
    }
    const tier = this.#me.resource.data?.tier;
    const view = awaiting(this.#me) ?? (needsProgram(tier) ? awaiting(this.#program) : undefined);
    return view ?? (!tier!.current && !tier!.next ? 'empty' : 'member');
  });

  /** Whether the benefits popover is open, and whether a click pinned it open (hover and focus don't). */
  private open = false;
  #pinned = false;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #stopFollowing: (() => void) | undefined;

  get #badge(): HTMLButtonElement | null {
    return this.renderRoot.querySelector('button[part~="badge"]');
  }

  get #popover(): HTMLElement | null {
    return this.renderRoot.querySelector('[part~="popover"]');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#hide();
  }

  /**
   * Sets the bar's fill through the CSSOM. A style attribute (and Lit's styleMap on first render,
   * which writes one) is refused by pages with a strict CSP (style-src without 'unsafe-inline').
   */
  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const indicator = this.renderRoot.querySelector<HTMLElement>('[part~="indicator"]');
    const tier = this.#me.resource.data?.tier;
    if (!indicator || !tier) return;
    const ratio = Math.min(1, Math.max(0, tier.next ? tier.progress.ratio : 1));
    indicator.style.inlineSize = `${(ratio * 100).toFixed(2)}%`;
  }

  protected override render() {
    const t = this.t;
    return this.#view.render({
      guest: () => this.#renderGuest(this.#program.resource.data!),
      error: (errorView) => html`<div part="base">
        <div class="head"><span part="label">${t.tierLabel}</span></div>
        ${errorView}
      </div>`,
      loading: () => this.#renderSkeleton(),
      empty: () => html`<div part="base">
        <div class="head"><span part="label">${t.tierLabel}</span></div>
        <p part="remaining" class="muted">${t.tierEmpty}</p>
      </div>`,
      member: () => this.#renderTier(this.#me.resource.data!.tier),
    });
  }

  #renderTier(tier: TierStatus) {
    const t = this.t;
    const program = needsProgram(tier) ? this.#program.resource.data : undefined;
    const { current, next, progress, keep } = tier;
    const locale = this.locale;
    const n = (value: number) => formatNumber(locale, value);
    // On a spend basis every figure is an amount in the currency's minor units.
    const currency = tier.basis === 'spend' ? program?.currency : undefined;
    const spend = currency !== undefined;
    const amount = currency ? (value: number) => formatMoney(locale, { amount: value, currency }) : n;
    const min = current?.threshold ?? 0;
    const bar = next
      ? {
          min,
          max: next.threshold,
          now: progress.qualifyingPoints,
          text: (spend ? t.tierSpendTo : t.tierProgressTo)(
            amount(progress.qualifyingPoints),
            amount(next.threshold),
            next.name,
          ),
          name: t.tierProgressName(next.name),
        }
      : { min: 0, max: 100, now: 100, text: t.tierTop, name: t.tierProgressTop };
    const keepText = current && keep ? this.#keepText(current, keep, spend, amount) : undefined;
    return html`<div part="base">
      <div class="head">
        <span part="label">${t.tierLabel}</span>
        ${current ? this.#renderBadge(current) : html`<span part="badge">${t.tierNone}</span>`}
      </div>
      <div
        part="track"
        role="progressbar"
        aria-label=${bar.name}
        aria-valuemin=${bar.min}
        aria-valuemax=${bar.max}
        aria-valuenow=${bar.now}
        aria-valuetext=${bar.text}
        aria-describedby=${keepText ? 'keep' : nothing}
      >
        <div part="indicator"></div>
      </div>
      <p part="remaining">
        ${
          next && progress.remaining !== null
            ? (spend ? t.tierSpendRemaining : t.tierRemaining)(amount(progress.remaining), next.name)
            : t.tierTop
        }
      </p>
      ${keepText ? html`<p part="keep" id="keep">${keepText}</p>` : nothing}
    </div>`;
  }

  /**
   * "Earn 300 more points by Dec 31, 2026 to keep Gold", or once that is done "Gold is yours
   * through Dec 31, 2027": both days as the API gives them.
   */
  #keepText(
    tier: Tier,
    keep: NonNullable<TierStatus['keep']>,
    spend: boolean,
    amount: (value: number) => string,
  ): string | undefined {
    const t = this.t;
    if (keep.remaining === 0) return keep.keptThrough && t.kept(tier.name, formatDay(this.locale, keep.keptThrough));
    return (
      keep.lastDay &&
      (spend ? t.keepSpend : t.keepEarn)(amount(keep.remaining), formatDay(this.locale, keep.lastDay), tier.name)
    );
  }

  #renderBadge(tier: Tier) {
    const t = this.t;
    return html`<button
        part="badge"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="benefits"
        @click=${this.#onBadgeClick}
        @focus=${() => this.#show(false)}
        @blur=${this.#onBadgeBlur}
        @mouseenter=${() => this.#show(false)}
        @mouseleave=${this.#scheduleClose}
        @keydown=${this.#onKeydown}
      >
        ${tier.name}
      </button>
      <div
        id="benefits"
        part="popover"
        popover="manual"
        role="group"
        aria-labelledby="benefits-title"
        @mouseenter=${this.#cancelClose}
        @mouseleave=${this.#scheduleClose}
      >
        <h3 id="benefits-title">${t.tierBenefits(tier.name)}</h3>
        ${
          tier.benefits.length
            ? html`<ul>
              ${tier.benefits.map((benefit) => html`<li>${benefit}</li>`)}
            </ul>`
            : html`<p>${t.tierNoBenefits}</p>`
        }
      </div>`;
  }

  #renderSkeleton() {
    return html`<div part="base" aria-busy="true">
      <div class="head">
        <span part="label">${this.t.tierLabel}</span>
        <span class="skeleton badge" role="img" aria-label=${this.t.loading}></span>
      </div>
      <div part="track"></div>
      <p part="remaining"><span class="skeleton line"></span></p>
    </div>`;
  }

  #renderGuest(program: Program) {
    const t = this.t;
    // The first tier that takes some earning, not the one every member starts in.
    const goal = [...program.tiers].sort((a, b) => a.threshold - b.threshold).find((tier) => tier.threshold > 0);
    return html`<div part="base">
      <div class="head"><span part="label">${t.tierLabel}</span></div>
      <slot name="guest"><p part="remaining">${goal ? t.tierGuest(goal.name) : t.tierGuestNoTier}</p>${this.renderJoin()}</slot>
    </div>`;
  }

  // ---------- the benefits popover ----------

  #onBadgeClick = () => {
    // A click after the focus that opened it pins it open; a click on a pinned popover closes it.
    if (this.open && this.#pinned) this.#hide();
    else this.#show(true);
  };

  #onBadgeBlur = () => {
    if (!this.#pinned) this.#hide();
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.open) {
      event.stopPropagation();
      this.#hide();
      this.#badge?.focus({ preventScroll: true });
    }
  };

  /** Escape closes it wherever focus is (a hover-opened popover must be dismissible without moving). */
  #onDocumentKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      const hadFocus = this.shadowRoot?.activeElement === this.#badge;
      this.#hide();
      if (hadFocus) this.#badge?.focus({ preventScroll: true });
    }
  };

  #onDocumentPointerDown = (event: PointerEvent) => {
    if (!event.composedPath().includes(this)) this.#hide();
  };

  #cancelClose = () => {
    clearTimeout(this.#closeTimer);
  };

  #scheduleClose = () => {
    if (this.#pinned) return;
    this.#cancelClose();
    this.#closeTimer = setTimeout(() => {
      if (this.shadowRoot?.activeElement !== this.#badge) this.#hide();
    }, HOVER_CLOSE_DELAY_MS);
  };

  async #show(pin: boolean): Promise<void> {
    this.#cancelClose();
    this.#pinned ||= pin;
    if (this.open) return;
    this.open = true;
    await this.updateComplete;
    const badge = this.#badge;
    const popover = this.#popover;
    if (!badge || !popover || !this.open) return;
    popover.showPopover();
    document.addEventListener('keydown', this.#onDocumentKeydown);
    document.addEventListener('pointerdown', this.#onDocumentPointerDown);
    this.#stopFollowing = follow(() => {
      computePosition(badge, popover, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [offset(8), flip(), shift({ padding: 8 })],
      }).then(({ x, y }) => {
        popover.style.left = `${x}px`;
        popover.style.top = `${y}px`;
      });
    });
  }

  #hide(): void {
    this.#cancelClose();
    this.#pinned = false;
    this.#stopFollowing?.();
    this.#stopFollowing = undefined;
    document.removeEventListener('keydown', this.#onDocumentKeydown);
    document.removeEventListener('pointerdown', this.#onDocumentPointerDown);
    if (this.#popover?.matches(':popover-open')) this.#popover.hidePopover();
    this.open = false;
  }
}

/** Calls `place` now and whenever the page scrolls or resizes (what a popover anchored to an inline badge needs); returns the stop. */
function follow(place: () => void) {
  place();
  const options = { capture: true, passive: true };
  addEventListener('scroll', place, options);
  addEventListener('resize', place, options);
  return () => {
    removeEventListener('scroll', place, options);
    removeEventListener('resize', place, options);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-tier-progress': McTierProgress;
  }
}
