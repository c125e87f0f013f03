import type { ActivityEntry } from '@member-center/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { McErrorEvent } from '../events.js';
import { CursorPages } from '../internal/cursor-pages.js';
import { McElementBase } from '../internal/element-base.js';
import { formatDate, formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { type PointsHistoryMessages, pointsHistoryMessages } from './points-history.i18n.js';
import { pointsHistoryStyles } from './points-history.styles.js';

/** +120 / −300 with a true minus sign (Intl's is a hyphen in most locales). */
function signedPoints(locale: string, points: number): string {
  return `${points < 0 ? '−' : '+'}${formatNumber(locale, Math.abs(points))}`;
}

/** The entry's kind in words; a kind newer than these strings shows as the API names it. */
function typeLabel(t: PointsHistoryMessages, type: string): string {
  return (t.activityType as Record<string, string>)[type] ?? type;
}

/**
 * @summary The member's points ledger, newest first: date, what happened, points earned or spent and the balance after; more pages load on scroll or with a button.
 *
 * @slot guest - Replaces the guest prompt (e.g. with a link to log in).
 *
 * @csspart base - The card.
 * @csspart title - The "Points history" heading.
 * @csspart list - The list of entries.
 * @csspart entry - One ledger entry.
 * @csspart description - What the entry is about (an order number, a reward).
 * @csspart type - The entry's kind (order, redemption, adjustment).
 * @csspart date - The entry's date.
 * @csspart points - The signed points of the entry (`points earn` or `points spend`).
 * @csspart balance - The balance after the entry.
 * @csspart load-more - The "Load more" button (also where scrolling loads the next page).
 * @csspart error - The error message and its Retry button.
 * @csspart retry-button - The Retry button.
 *
 * @cssproperty --mc-points-history-earn-color - Colour of points earned (default: the success colour).
 * @cssproperty --mc-points-history-spend-color - Colour of points spent (default: the danger colour).
 * @cssproperty --mc-points-history-max-height - Height after which the list scrolls (default none: the page scrolls).
 *
 * @event mc-error - The history or one of its pages could not be loaded ({@link McErrorEvent}, operation `load`).
 */
export class McPointsHistory extends McElementBase {
  static override styles = [...McElementBase.styles, pointsHistoryStyles];

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return pointsHistoryMessages(this.locale);
  }

  readonly #activity = new StoreController(this, 'activity');
  readonly #pages = new CursorPages<ActivityEntry>(this, (cursor) => {
    const client = this.resolvedClient;
    if (!client) return Promise.reject(new Error('No client'));
    return client.listActivity({ cursor });
  });

  /** What the live region says after a page loads. */
  @state() private announcement = '';

  /** Every entry loaded so far, newest first. */
  get entries(): ActivityEntry[] {
    return this.#pages.items;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#pages.sync(this.#activity.resource.data);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#pages.observe(this.renderRoot.querySelector('[part~="load-more"]'), (error) => this.#onMoreError(error));
  }

  protected override render() {
    const t = this.t;
    const client = this.resolvedClient;
    const title = html`<h2 part="title" id="title">${t.historyLabel}</h2>`;

    if (client && !client.isMember) {
      this.setViewState('guest');
      return html`<div part="base">${title}<slot name="guest"><p>${t.historyGuest}</p></slot></div>`;
    }
    const resource = this.#activity.resource;
    if (!resource.data && resource.status === 'error') {
      this.setViewState('error');
      this.reportLoadError(resource.error);
      return html`<div part="base">${title}${this.renderError(() => this.#activity.retry())}</div>`;
    }
    if (!resource.data) {
      this.setViewState('loading');
      return html`<div part="base" aria-busy="true">
        ${title}
        <span class="visually-hidden">${t.loading}</span>
        <ul part="list" aria-hidden="true">
          ${[0, 1, 2].map(
            () => html`<li class="entry"><span class="skeleton wide"></span><span class="skeleton narrow"></span></li>`,
          )}
        </ul>
      </div>`;
    }
    const entries = this.entries;
    if (entries.length === 0) {
      this.setViewState('empty');
      return html`<div part="base">${title}<p class="muted">${t.historyEmpty}</p></div>`;
    }
    this.setViewState('member');
    return html`<div part="base">
      ${title}
      <ol part="list" aria-labelledby="title">
        ${entries.map((entry) => this.#renderEntry(entry))}
      </ol>
      ${this.#renderMore()}
      <span class="visually-hidden" role="status">${this.announcement}</span>
    </div>`;
  }

  #renderEntry(entry: ActivityEntry) {
    const t = this.t;
    const locale = this.locale;
    const earn = entry.points >= 0;
    return html`<li part="entry" class="entry" tabindex="-1" data-id=${entry.id}>
      <span class="what">
        <span part="description">${entry.description}</span>
        <span class="muted small">
          <span part="type">${typeLabel(t, entry.type)}</span> ·
          <time part="date" datetime=${entry.createdAt}>${formatDate(locale, entry.createdAt)}</time>
        </span>
      </span>
      <span class="figures">
        <span part="points ${earn ? 'earn' : 'spend'}">
          ${signedPoints(locale, entry.points)}
          <span class="visually-hidden">${earn ? t.historyEarned : t.historySpent}</span>
        </span>
        <span part="balance" class="muted small">${t.historyBalance(formatNumber(locale, entry.balance))}</span>
      </span>
    </li>`;
  }

  #renderMore() {
    const t = this.t;
    const pages = this.#pages;
    if (pages.error) {
      return html`<div part="error" role="alert" class="error-view">
        <span class="error">${t.loadMoreError}</span>
        <button part="retry-button" @click=${this.#loadMoreByHand}>${t.retry}</button>
      </div>`;
    }
    if (!pages.nextCursor) return nothing;
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus while the page loads.
    return html`<button part="load-more" aria-disabled=${pages.loading ? 'true' : 'false'} @click=${this.#loadMoreByHand}>
      ${pages.loading ? t.loading : t.historyLoadMore}
    </button>`;
  }

  /** The button (or Retry): on success focus moves to the first new entry, so a keyboard user reads on from there. */
  #loadMoreByHand = async () => {
    const before = this.entries.length;
    try {
      const added = await this.#pages.loadMore();
      if (added === 0) return;
      this.announcement = this.t.historyLoaded(added);
      await this.updateComplete;
      this.renderRoot.querySelectorAll<HTMLElement>('[part~="entry"]')[before]?.focus();
    } catch (error) {
      this.#onMoreError(error);
    }
  };

  #onMoreError(error: unknown): void {
    this.dispatchEvent(new McErrorEvent('load', error));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-points-history': McPointsHistory;
  }
}
