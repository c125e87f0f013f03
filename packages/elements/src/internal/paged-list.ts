import type { MemberCenterClient } from '@member-center/client';
import { css, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { McErrorEvent } from '../events.js';
import { type CursorPage, CursorPages } from './cursor-pages.js';
import { McElementBase } from './element-base.js';
import type { CommonMessages } from './i18n.js';
import { StoreController } from './store-controller.js';
import { awaiting, type ViewController } from './view-controller.js';

/** The strings a paged list shows around its items, from the element's own table. */
export interface PagedListMessages extends CommonMessages {
  listTitle: string;
  listGuest: string;
  listEmpty: string;
  listLoadMore: string;
  loadMoreError: string;
}

/** The card, its rows (`.row`, the item's text in `.what`) and their skeletons. */
export const pagedListStyles = css`
  [part~='base'] {
    display: grid;
    gap: 0.75rem;
    min-width: 16rem;
  }

  .row {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding-block: 0.625rem;
    border-bottom: 1px solid var(--_border);
    min-height: 3.5rem;
  }

  .row:last-child {
    border-bottom: 0;
  }

  .what {
    display: grid;
  }

  .skeleton.wide {
    width: 10rem;
  }

  .skeleton.narrow {
    width: 4rem;
  }
`;

/**
 * A member's list in pages, newest first (the points history, the coupons): the store's first
 * page, shared by every element, then the pages after it fetched with the API's cursor when the
 * Load more button scrolls into view or is pressed. Renders the guest, error, loading and empty
 * states, the Load more button and a live region; the element renders its items.
 */
export abstract class McPagedList<T> extends McElementBase {
  static override properties: PropertyDeclarations = {
    announcement: { state: true },
  };

  protected abstract get t(): PagedListMessages;
  /** How many rows the skeleton shows while the first page loads. */
  protected abstract readonly skeletonRows: number;

  readonly #first: StoreController<'activity' | 'redemptions'>;
  protected readonly pages: CursorPages<T>;
  readonly #view: ViewController;

  /** What the live region says (a page loaded, a copy). */
  protected announcement = '';

  constructor(
    key: 'activity' | 'redemptions',
    fetchPage: (client: MemberCenterClient, cursor: string) => Promise<CursorPage<T>>,
  ) {
    super();
    this.#first = new StoreController(this, key);
    this.pages = new CursorPages<T>(this, (cursor) => {
      const client = this.resolvedClient;
      return client ? fetchPage(client, cursor) : Promise.reject(new Error('No client'));
    });
    this.#view = this.createView(() => {
      if (this.resolvedClient?.isMember === false) return 'guest';
      return awaiting(this.#first) ?? (this.pages.items.length === 0 ? 'empty' : 'member');
    });
  }

  /** The list's items (in a `<ol part="list">` or groups of them). */
  protected abstract renderItems(items: T[]): unknown;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.pages.sync(this.#first.resource.data as CursorPage<T> | undefined);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.pages.observe(this.renderRoot.querySelector('[part~="load-more"]'), this.#onMoreError);
  }

  protected override render(): unknown {
    const t = this.t;
    const title = html`<h2 part="title" id="title">${t.listTitle}</h2>`;
    return this.#view.render({
      guest: () =>
        html`<div part="base">${title}<slot name="guest"><p>${t.listGuest}</p>${this.renderJoin()}</slot></div>`,
      error: (errorView) => html`<div part="base">${title}${errorView}</div>`,
      loading: () => html`<div part="base" aria-busy="true">
        ${title}
        <span class="visually-hidden">${t.loading}</span>
        <ul part="list" aria-hidden="true">
          ${Array.from(
            { length: this.skeletonRows },
            () => html`<li class="row"><span class="skeleton wide"></span><span class="skeleton narrow"></span></li>`,
          )}
        </ul>
      </div>`,
      empty: () => html`<div part="base">${title}<p class="muted">${t.listEmpty}</p></div>`,
      member: () => html`<div part="base">
        ${title} ${this.renderItems(this.pages.items)} ${this.#renderMore()}
        <span class="visually-hidden" role="status">${this.announcement}</span>
      </div>`,
    });
  }

  #renderMore() {
    const t = this.t;
    const pages = this.pages;
    if (pages.error) {
      return html`<div part="error" role="alert" class="error-view">
        <span class="error">${t.loadMoreError}</span>
        <button part="retry-button" @click=${this.#onLoadMore}>${t.retry}</button>
      </div>`;
    }
    if (!pages.nextCursor) return nothing;
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus while the page loads.
    return html`<button part="load-more" aria-disabled=${pages.loading ? 'true' : 'false'} @click=${this.#onLoadMore}>
      ${pages.loading ? t.loading : t.listLoadMore}
    </button>`;
  }

  #onLoadMore = () => void this.loadMoreByHand();

  /** The button (or Retry) fetches the next page; resolves with how many items it added (0 on failure, reported). */
  protected async loadMoreByHand(): Promise<number> {
    try {
      return await this.pages.loadMore();
    } catch (error) {
      this.#onMoreError(error);
      return 0;
    }
  }

  #onMoreError = (error: unknown) => {
    this.dispatchEvent(new McErrorEvent('load', error));
  };
}
