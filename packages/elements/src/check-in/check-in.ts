import type { Me, Program } from '@member-center/contract';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { McCheckInEvent, McErrorEvent } from '../events.js';
import { McElementBase } from '../internal/element-base.js';
import { formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { checkInMessages } from './check-in.i18n.js';
import { checkInStyles } from './check-in.styles.js';

type CheckInRule = NonNullable<Program['checkIn']>;

/** A longer bonus cycle (e.g. every 30th day) is told in words only: that many dots would not fit. */
const MAX_DOTS = 10;
/** Without a streak bonus the dots show a week. */
const PLAIN_CYCLE = 7;

/**
 * @summary A daily check-in button with the member's streak: the days of the current bonus cycle as dots, the bonus day marked.
 *
 * Renders nothing (`:state(empty)`, `display: none`) when the program has no daily check-in, so
 * it can sit on any page. A member checks in once a day in the program's time zone; after that
 * the button stays disabled until tomorrow.
 *
 * @slot guest - Replaces the call to join shown to guests (e.g. with a link to sign up).
 *
 * @csspart base - The card.
 * @csspart label - The "Daily check-in" caption.
 * @csspart streak - The current streak ("3-day streak").
 * @csspart days - The row of days of the current bonus cycle (decorative; the streak and hint say it in words).
 * @csspart day - One day of the cycle; also `day-done` (checked in), `day-next` (today's, not done yet), `day-bonus` (the bonus day).
 * @csspart day-done - A day checked in.
 * @csspart day-next - Today, while not checked in yet.
 * @csspart day-bonus - The bonus day of the streak.
 * @csspart button - The Check in button (disabled, "Checked in today", once done).
 * @csspart hint - What the next check-ins earn, or "Come back tomorrow".
 * @csspart error - A failed load (with its Retry button) or a failed check-in.
 * @csspart retry-button - The Retry button of a failed load.
 *
 * @cssproperty --mc-check-in-day-size - Diameter of a day's dot (default 1.75rem).
 * @cssproperty --mc-check-in-day-color - Fill of a day checked in (default: the accent colour).
 * @cssproperty --mc-check-in-bonus-color - The bonus day's ring and caption (default: the success colour).
 *
 * @event mc-check-in - The member checked in ({@link McCheckInEvent}: date, streak, points, balance).
 * @event mc-error - The check-in failed (operation `check-in`) or the data could not be loaded (operation `load`) ({@link McErrorEvent}).
 */
export class McCheckIn extends McElementBase {
  static override styles = [...McElementBase.styles, checkInStyles];

  static override properties: PropertyDeclarations = {
    busy: { state: true },
    failure: { state: true },
    announcement: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return checkInMessages(this.locale);
  }

  readonly #me = new StoreController(this, 'me');
  /** The program's rule (points a day, the bonus day): guests and members both need it. */
  readonly #program = new StoreController(this, 'program');
  readonly #view = this.createView(() => {
    const guest = this.resolvedClient?.isMember === false;
    const view = awaiting(this.#program, ...(guest ? [] : [this.#me]));
    if (view) return view;
    // An API before v1.2 sends no checkIn at all: the same as a program without check-ins.
    const available = !!this.#program.resource.data!.checkIn && (guest || !!this.#me.resource.data!.checkIn);
    return !available ? 'empty' : guest ? 'guest' : 'member';
  });

  /** A check-in request is under way. */
  private busy = false;
  /** The last check-in's failure, shown until the next attempt. */
  private failure: unknown = undefined;
  /** The check-in status the last check-in answered with (the store may show less until it reloads). */
  #answered: Me['checkIn'] | undefined;
  /** What the live region says: set after a check-in succeeds. */
  private announcement = '';

  /** `:state(checked-in)` while the member's check-in for today is done. */
  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const state = this.viewState;
    if (state === 'loading' || state === 'error') return;
    if (state === 'member' && this.#me.resource.data?.checkIn?.today) this.internals.states.add('checked-in');
    else this.internals.states.delete('checked-in');
  }

  protected override render() {
    const t = this.t;
    return this.#view.render({
      error: (errorView) => html`<div part="base">
        <div class="head"><span part="label">${t.checkInLabel}</span></div>
        ${errorView}
      </div>`,
      loading: () => this.#renderSkeleton(),
      // The program has no daily check-in: nothing to show (the host hides itself in this state).
      empty: () => nothing,
      guest: () => this.#renderGuest(this.#program.resource.data!.checkIn!),
      member: () => this.#renderMember(this.#program.resource.data!.checkIn!, this.#me.resource.data!.checkIn!),
    });
  }

  #renderMember(rule: CheckInRule, shown: NonNullable<Me['checkIn']>) {
    const t = this.t;
    const n = (value: number) => formatNumber(this.locale, value);
    // Right after a check-in the client shows {today, streak} at once; the full status came with the answer.
    const answered = this.#answered;
    const state = shown.nextPoints === undefined && answered?.streak === shown.streak ? answered : shown;
    // The API says what the next check-ins bring; this only lays it out.
    const next = state.nextBonus ?? null;
    const hasBonus = next !== null;
    const cycle = hasBonus ? rule.bonusDay : PLAIN_CYCLE;
    // Check-ins left in this cycle before its bonus day: none once today's earned it.
    const toBonus = !next ? 0 : state.today && state.bonusToday ? 0 : next.checkIns;
    // Days of the row already checked in; without a bonus the row is a plain week of the streak.
    const plainFilled = state.today ? ((state.streak - 1) % cycle) + 1 : state.streak % cycle;
    const filled = hasBonus ? cycle - toBonus : plainFilled;
    const nextPoints = state.nextPoints ?? rule.points;
    const bonus = n(rule.bonusPoints);

    let hint: string;
    if (state.today) {
      const more = !hasBonus ? '' : toBonus === 0 ? t.bonusEarned(bonus) : t.bonusIn(toBonus, n(toBonus), bonus);
      hint = `${t.comeBack} ${more}`.trim();
    } else if (!hasBonus) hint = t.dailyPoints(n(rule.points));
    else hint = toBonus === 1 ? t.bonusToday(bonus) : t.bonusIn(toBonus, n(toBonus), bonus);

    const disabled = state.today || this.busy;
    return html`<div part="base">
      <div class="head">
        <span part="label">${t.checkInLabel}</span>
        <span part="streak">${t.streak(state.streak, n(state.streak))}</span>
      </div>
      ${cycle <= MAX_DOTS ? this.#renderDays(cycle, filled, !state.today, hasBonus ? rule : undefined) : nothing}
      <button
        part="button"
        class=${state.today ? '' : 'primary'}
        aria-disabled=${disabled ? 'true' : 'false'}
        @click=${this.#onClick}
      >
        ${state.today ? t.checkedIn : this.busy ? t.checkingIn : t.checkInButton(n(nextPoints))}
      </button>
      <p part="hint">${hint}</p>
      ${this.failure === undefined ? nothing : html`<p part="error" role="alert" class="error">${this.#failureText()}</p>`}
      <span class="visually-hidden" role="status" aria-live="polite">${this.announcement}</span>
    </div>`;
  }

  #renderDays(cycle: number, filled: number, nextOpen: boolean, bonusRule: CheckInRule | undefined) {
    const bonus = bonusRule && `+${formatNumber(this.locale, bonusRule.bonusPoints)}`;
    return html`<ol part="days" aria-hidden="true">
      ${Array.from({ length: cycle }, (_, i) => {
        const day = i + 1;
        const parts = ['day'];
        if (day <= filled) parts.push('day-done');
        else if (nextOpen && day === filled + 1) parts.push('day-next');
        const isBonus = bonus && day === cycle;
        if (isBonus) parts.push('day-bonus');
        return html`<li part=${parts.join(' ')}>
          <span class="dot">${formatNumber(this.locale, day)}</span>
          ${isBonus ? html`<span class="bonus">${bonus}</span>` : nothing}
        </li>`;
      })}
    </ol>`;
  }

  #renderGuest(rule: CheckInRule) {
    const t = this.t;
    const n = (value: number) => formatNumber(this.locale, value);
    return html`<div part="base">
      <div class="head"><span part="label">${t.checkInLabel}</span></div>
      <p part="hint">
        ${
          rule.bonusPoints > 0
            ? t.checkInGuestBonus(n(rule.points), n(rule.bonusPoints), n(rule.bonusDay))
            : t.checkInGuest(n(rule.points))
        }
      </p>
      <slot name="guest"><p class="guest">${t.checkInJoin}</p>${this.renderJoin()}</slot>
    </div>`;
  }

  #renderSkeleton() {
    return html`<div part="base" aria-busy="true">
      <div class="head">
        <span part="label">${this.t.checkInLabel}</span>
        <span class="skeleton streak" role="img" aria-label=${this.t.loading}></span>
      </div>
      ${
        // A guest's rows (hint, join prompt) are fewer than a member's: the skeleton takes theirs.
        this.resolvedClient?.isMember === false
          ? html`<p part="hint"><span class="skeleton line"></span></p><p class="guest"><span class="skeleton line"></span></p>`
          : html`<div class="skeleton days"></div><span class="skeleton button"></span><p part="hint"><span class="skeleton line"></span></p>`
      }
    </div>`;
  }

  #failureText(): string {
    const code = (this.failure as { code?: unknown } | null)?.code;
    return code === 'check_in_unavailable' ? this.t.checkInUnavailable : this.t.checkInFailed;
  }

  // The button keeps focus while busy and once done (aria-disabled, not disabled), so a keyboard
  // user is not dropped to the top of the page; the click is ignored instead.
  #onClick = async () => {
    const client = this.resolvedClient;
    if (!client || this.busy || this.#me.resource.data?.checkIn?.today) return;
    this.busy = true;
    this.failure = undefined;
    this.announcement = '';
    try {
      const result = await client.checkIn();
      const { date, streak, points, bonus } = result.checkIn;
      this.#answered = result.status;
      const n = (value: number) => formatNumber(this.locale, value);
      this.announcement = this.t.checkedInAnnouncement(n(points), n(streak), !!bonus);
      this.dispatchEvent(new McCheckInEvent(date, streak, points, result.points.balance));
    } catch (error) {
      this.failure = error;
      this.dispatchEvent(new McErrorEvent('check-in', error));
    } finally {
      this.busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-check-in': McCheckIn;
  }
}
