import { drawLottery } from '@member-center/client/engagement';
import type { Lottery, LotteryDraw, LotteryPrize } from '@member-center/contract';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { McErrorEvent } from '../events.js';
import { McElementBase } from '../internal/element-base.js';
import { formatMoment, formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { lotteryMessages } from './lottery.i18n.js';
import { lotteryStyles } from './lottery.styles.js';
import { McLotteryDrawEvent } from './lottery-events.js';

/** The eight cells around the draw button, clockwise from the top left: cell i shows prize i (the table repeats when shorter). */
export const lotteryCells = (prizes: readonly LotteryPrize[]) =>
  prizes.length === 0 ? [] : Array.from({ length: 8 }, (_, i) => prizes[i % prizes.length]!);

/** The cells the highlight passes over before it stops on `target`: two full rounds from the first cell, then on to it. */
export const highlightPath = (target: number) => Array.from({ length: 16 + target + 1 }, (_, i) => i % 8);

const prefersReducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * @summary The points lottery (积分抽奖) as a 九宫格: eight prize cells with their published odds around a draw button showing the cost; a draw spends the points, a short highlight runs round the grid and stops on the prize, and the result is announced.
 *
 * A standalone engagement element for a merchant's own page (not a tab of `<mc-member-center>`).
 * Renders nothing (`:state(empty)`, `display: none`) when the program has no lottery. Guests see
 * the prizes and odds and a call to join. With `prefers-reduced-motion: reduce` the result shows
 * at once. The odds, stock, cost and daily limit are the API's (`GET /v1/program`'s `lottery`).
 *
 * @slot guest - Replaces the call to join shown to guests (e.g. with a link to sign up).
 *
 * @csspart base - The card.
 * @csspart title - The "Points lottery" heading.
 * @csspart grid - The 3×3 grid.
 * @csspart cell - A prize cell (`cell-active` while the highlight is on it, `cell-won` on the prize drawn).
 * @csspart button - The draw button in the centre, with the cost.
 * @csspart hint - The daily limit, the draws left, when it starts or that it ended, or the points needed.
 * @csspart result - What the last draw gave.
 * @csspart error - A failed load (with its Retry button) or a refused draw.
 * @csspart retry-button - The Retry button of a failed load.
 *
 * @cssproperty --mc-lottery-cell-background - Background of a prize cell (default: the alternate surface).
 * @cssproperty --mc-lottery-active-color - Border of the highlighted and the won cell (default: the accent).
 *
 * @event mc-lottery-draw - A draw's result is shown ({@link McLotteryDrawEvent}: the draw, the balance after it).
 * @event mc-error - A draw failed or was refused (operation `lottery`), or the data could not be loaded (operation `load`) ({@link McErrorEvent}).
 */
export class McLottery extends McElementBase {
  static override styles = [...McElementBase.styles, lotteryStyles];

  static override properties: PropertyDeclarations = {
    busy: { state: true },
    active: { state: true },
    won: { state: true },
    failure: { state: true },
    announcement: { state: true },
    left: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return lotteryMessages(this.locale);
  }

  readonly #program = new StoreController(this, 'program');
  readonly #me = new StoreController(this, 'me');
  readonly #view = this.createView(() => {
    const guest = this.resolvedClient?.isMember === false;
    const view = awaiting(this.#program, ...(guest ? [] : [this.#me]));
    if (view) return view;
    if (!this.#program.resource.data!.lottery) return 'empty';
    return guest ? 'guest' : 'member';
  });

  private busy = false;
  /** The cell the highlight is on (-1: none). */
  private active = -1;
  /** The last draw, shown once its highlight has stopped. */
  private won: { draw: LotteryDraw; cell: number } | undefined = undefined;
  private failure: unknown = undefined;
  private announcement = '';
  /** Draws left today after the last draw (null: no limit; undefined: not known yet). */
  private left: number | null | undefined = undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override render() {
    const t = this.t;
    return this.#view.render({
      error: (errorView) => html`<div part="base"><p part="title">${t.lotteryTitle}</p>${errorView}</div>`,
      loading: () => html`<div part="base" aria-busy="true">
        <p part="title">${t.lotteryTitle}</p>
        <span class="skeleton grid" role="img" aria-label=${t.loading}></span>
      </div>`,
      empty: () => nothing,
      guest: () => this.#renderGrid(this.#program.resource.data!.lottery!, true),
      member: () => this.#renderGrid(this.#program.resource.data!.lottery!, false),
    });
  }

  #renderGrid(lottery: Lottery, guest: boolean) {
    const t = this.t;
    const n = (x: number) => formatNumber(this.locale, x);
    const percent = new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 1 });
    const cells = lotteryCells(lottery.prizes);
    const now = Date.now();
    const early = now < Date.parse(lottery.startsAt);
    const balance = guest ? 0 : this.#me.resource.data!.points.balance;
    const short = !guest && balance < lottery.cost;
    const disabled = guest || !lottery.running || short || this.busy || this.left === 0;
    const hint = !lottery.running
      ? early
        ? t.lotteryNotYet(formatMoment(this.locale, lottery.startsAt))
        : t.lotteryEnded
      : short
        ? t.lotteryInsufficient(n(lottery.cost))
        : this.left !== undefined && this.left !== null
          ? t.lotteryLeft(this.left)
          : lottery.dailyLimit !== null
            ? t.lotteryDailyLimit(n(lottery.dailyLimit))
            : '';
    return html`<div part="base">
      <p part="title" id="title">${t.lotteryTitle}</p>
      <div part="grid" role="group" aria-labelledby="title">
        ${cells.map((prize, i) => {
          const parts = [
            'cell',
            ...(i === this.active ? ['cell-active'] : []),
            ...(this.won?.cell === i ? ['cell-won'] : []),
          ];
          return html`<div part=${parts.join(' ')} class="c${i}" data-prize=${prize.id}>
            <span class="label">${prize.label}</span>
            <span class="odds">${t.lotteryChance(percent.format(prize.probability))}</span>
          </div>`;
        })}
        <button
          part="button"
          class="primary"
          aria-disabled=${disabled ? 'true' : 'false'}
          aria-describedby="hint"
          @click=${() => this.#draw(lottery)}
        >
          <span>${this.busy ? t.lotteryDrawing : t.lotteryDraw}</span>
          <span class="cost">${t.lotteryCost(n(lottery.cost))}</span>
        </button>
      </div>
      <p part="hint" id="hint">${guest ? t.lotteryGuest(n(lottery.cost)) : hint}</p>
      ${guest ? html`<slot name="guest"><p class="guest">${t.lotteryJoin}</p>${this.renderJoin()}</slot>` : nothing}
      ${this.won && !this.busy ? html`<p part="result">${this.#resultText(this.won.draw)}</p>` : nothing}
      ${this.failure === undefined ? nothing : html`<p part="error" role="alert" class="error">${this.#failureText(lottery)}</p>`}
      <span class="visually-hidden" role="status" aria-live="polite">${this.announcement}</span>
    </div>`;
  }

  #resultText(draw: LotteryDraw) {
    const t = this.t;
    // The label in the page's language from the published table, else the one the draw carries.
    const label =
      this.#program.resource.data?.lottery?.prizes.find((p) => p.id === draw.prize.id)?.label ?? draw.prize.label;
    if (draw.prize.kind === 'nothing') return t.lotteryNothing(label);
    return draw.coupon ? `${t.lotteryWon(label)} ${t.lotteryCoupon(draw.coupon.code)}` : t.lotteryWon(label);
  }

  #failureText(lottery: Lottery): string {
    const code = (this.failure as { code?: unknown } | null)?.code;
    const t = this.t;
    if (code === 'lottery_not_running' || code === 'lottery_unavailable') return t.lotteryNotRunning;
    if (code === 'limit_reached') return t.lotteryLimit;
    if (code === 'insufficient_points') return t.lotteryInsufficient(formatNumber(this.locale, lottery.cost));
    if (code === 'out_of_stock') return t.lotteryOutOfStock;
    return t.lotteryFailed;
  }

  async #draw(lottery: Lottery) {
    const client = this.resolvedClient;
    if (!client || this.busy || !client.isMember || !lottery.running || this.left === 0) return;
    if ((this.#me.resource.data?.points.balance ?? 0) < lottery.cost) return;
    this.busy = true;
    this.failure = undefined;
    this.announcement = '';
    this.won = undefined;
    try {
      const result = await drawLottery(client);
      const cells = lotteryCells(lottery.prizes);
      const target = Math.max(
        0,
        cells.findIndex((p) => p.id === result.draw.prize.id),
      );
      if (!prefersReducedMotion()) await this.#highlight(highlightPath(target));
      this.active = -1;
      this.won = { draw: result.draw, cell: target };
      this.left = result.drawsLeftToday;
      this.busy = false;
      this.announcement = this.#resultText(result.draw);
      this.dispatchEvent(new McLotteryDrawEvent(result.draw, result.points.balance));
    } catch (error) {
      this.failure = error;
      this.busy = false;
      if ((error as { code?: unknown } | null)?.code === 'limit_reached') this.left = 0;
      this.dispatchEvent(new McErrorEvent('lottery', error));
    }
  }

  /** Moves the highlight along `path`, slowing down towards the end (about two seconds in all). */
  #highlight(path: number[]) {
    return new Promise<void>((resolve) => {
      let step = 0;
      const next = () => {
        if (step >= path.length || !this.isConnected) return resolve();
        this.active = path[step]!;
        const remaining = path.length - step++;
        this.#timer = setTimeout(next, remaining < 6 ? 60 + (6 - remaining) * 60 : 60);
      };
      next();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-lottery': McLottery;
  }
}
