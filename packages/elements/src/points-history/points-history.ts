import type { ActivityEntry } from '@member-center/contract';
import { html, nothing } from 'lit';
import { formatDate, formatNumber } from '../internal/format.js';
import { McPagedList, pagedListStyles } from '../internal/paged-list.js';
import { type PointsHistoryMessages, pointsHistoryMessages } from './points-history.i18n.js';
import { pointsHistoryStyles } from './points-history.styles.js';

/** +120 / −300 with a true minus sign (Intl's is a hyphen in most locales). */
function signedPoints(locale: string, points: number): string {
  return `${points < 0 ? '−' : '+'}${formatNumber(locale, Math.abs(points))}`;
}

/** The entry's kind in words; a kind newer than these strings shows as the API names it. */
function typeLabel(t: PointsHistoryMessages, type: string): string {
  return t.activityType[type] ?? type;
}

/**
 * What the entry is about. An entry of an order names it by the shop's label ("Order #1001"), else
 * by its date, in the page's language: never by the raw order id its stored description may carry.
 */
function describeEntry(t: PointsHistoryMessages, locale: string, entry: ActivityEntry): string {
  if (!entry.orderId) return entry.description;
  const order = entry.orderLabel ? t.orderLabeled(entry.orderLabel) : t.orderOn(formatDate(locale, entry.createdAt));
  return entry.type === 'refund' ? t.refundOf(order) : order;
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
 * @csspart type - The entry's kind (order, redemption, refund, check-in, tier …).
 * @csspart date - The entry's date.
 * @csspart points - The signed points of the entry (`points earn` or `points spend`); absent on entries that move no points, like a tier change.
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
export class McPointsHistory extends McPagedList<ActivityEntry> {
  static override styles = [...McPagedList.styles, pagedListStyles, pointsHistoryStyles];

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return pointsHistoryMessages(this.locale);
  }

  protected readonly skeletonRows = 3;

  constructor() {
    super('activity', (client, cursor) => client.listActivity({ cursor }));
  }

  /** Every entry loaded so far, newest first. */
  get entries(): ActivityEntry[] {
    return this.pages.items;
  }

  protected renderItems(entries: ActivityEntry[]) {
    return html`<ol part="list" aria-labelledby="title">
      ${entries.map((entry) => this.#renderEntry(entry))}
    </ol>`;
  }

  #renderEntry(entry: ActivityEntry) {
    const t = this.t;
    const locale = this.locale;
    const earn = entry.points > 0;
    return html`<li part="entry" class="row" tabindex="-1" data-id=${entry.id}>
      <span class="what">
        <span part="description">${describeEntry(t, locale, entry)}</span>
        <span class="muted small">
          <span part="type">${typeLabel(t, entry.type)}</span> ·
          <time part="date" datetime=${entry.createdAt}>${formatDate(locale, entry.createdAt)}</time>
        </span>
      </span>
      <span class="figures">
        ${
          entry.points === 0
            ? nothing
            : html`<span part="points ${earn ? 'earn' : 'spend'}">
                ${signedPoints(locale, entry.points)}
                <span class="visually-hidden">${earn ? t.historyEarned : t.historySpent}</span>
              </span>`
        }
        <span part="balance" class="muted small">${t.historyBalance(formatNumber(locale, entry.balance))}</span>
      </span>
    </li>`;
  }

  /** On success focus moves to the first new entry, so a keyboard user reads on from there. */
  protected override async loadMoreByHand(): Promise<number> {
    const before = this.entries.length;
    const added = await super.loadMoreByHand();
    if (added > 0) {
      this.announcement = this.t.historyLoaded(added);
      await this.updateComplete;
      this.renderRoot.querySelectorAll<HTMLElement>('[part~="entry"]')[before]?.focus();
    }
    return added;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-points-history': McPointsHistory;
  }
}
