import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A page of a cursor-paginated list, as the API returns one. */
export interface CursorPage<T> {
  items: T[];
  nextCursor?: string;
}

export interface CursorPagesOptions {
  /**
   * When a fresh first page replaces a loaded one (a redemption changed stock or eligibility),
   * fetch the pages already loaded again instead of dropping them, so the list keeps its length
   * and scroll position. A first page that disappears (sign-out, another member) still resets.
   */
  keepLoaded?: boolean;
}

/** The API's largest page. */
const MAX_LIMIT = 100;

/**
 * The pages of a list after the store's first one: the store holds page one (shared by every
 * element), this fetches the rest with the API's cursor. A new first page (a redemption, a
 * sign-in) starts the paging over, or with `keepLoaded` reloads what was loaded. Optionally loads
 * the next page when a sentinel scrolls into view (infinite scroll); a "Load more" button calls
 * `loadMore()` for keyboard users.
 */
export class CursorPages<T> implements ReactiveController {
  /** Every item loaded so far, in the API's order. */
  items: T[] = [];
  nextCursor: string | undefined;
  loading = false;
  /** The last failure of `loadMore()`, until the next attempt. */
  error: unknown;

  #first: CursorPage<T> | undefined;
  #more: T[] = [];
  #observer: IntersectionObserver | undefined;
  #sentinel: Element | undefined;
  #loadedPage = false;
  #onVisible: () => Promise<number> = () => this.loadMore();

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Fetches the page after `cursor`; `limit` is given only when reloading loaded pages. */
    private readonly fetchPage: (cursor: string, limit?: number) => Promise<CursorPage<T>>,
    private readonly options: CursorPagesOptions = {},
  ) {
    host.addController(this);
  }

  /** Call from `willUpdate` with the store's first page. */
  sync(first: CursorPage<T> | undefined): void {
    if (first === this.#first) return;
    const previous = this.#first;
    this.#first = first;
    if (this.options.keepLoaded && previous && first && this.#more.length > 0) {
      // Show the fresh first page with the old rest at once; the rest follows from the API.
      this.items = [...first.items, ...this.#more];
      void this.#reload(first, this.#more.length);
      return;
    }
    this.#more = [];
    this.nextCursor = first?.nextCursor;
    this.error = undefined;
    this.loading = false;
    this.items = first?.items ?? [];
  }

  /** Fetches the next page; resolves with how many items it added (0 when there was none or it failed). */
  async loadMore(): Promise<number> {
    const cursor = this.nextCursor;
    if (!cursor || this.loading) return 0;
    const first = this.#first;
    this.loading = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const page = await this.fetchPage(cursor);
      // The first page changed while this one was on its way: its cursor belongs to the old list.
      if (first !== this.#first) return 0;
      this.#more = [...this.#more, ...page.items];
      this.items = [...(first?.items ?? []), ...this.#more];
      this.nextCursor = page.nextCursor;
      this.#loadedPage = true;
      return page.items.length;
    } catch (error) {
      this.error = error;
      throw error;
    } finally {
      // A newer first page owns `loading` now (its reload may be running).
      if (first === this.#first) this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** Fetches `count` items after the fresh first page again, in as few requests as the API allows. */
  async #reload(first: CursorPage<T>, count: number): Promise<void> {
    this.loading = true;
    this.error = undefined;
    const more: T[] = [];
    let cursor = first.nextCursor;
    try {
      while (cursor && more.length < count) {
        const page = await this.fetchPage(cursor, Math.min(MAX_LIMIT, count - more.length));
        if (first !== this.#first) return;
        more.push(...page.items);
        cursor = page.nextCursor;
      }
      this.#more = more;
      this.items = [...first.items, ...more];
      this.nextCursor = cursor;
    } catch (error) {
      // The old rest stays on screen; the next loadMore() starts from its cursor.
      if (first === this.#first) this.error = error;
    } finally {
      if (first === this.#first) this.loading = false;
      this.host.requestUpdate();
    }
  }

  /**
   * Loads the next page whenever `sentinel` comes into view (call from `updated` with the
   * element rendered after the list, or null when there is none). `onVisible` replaces the
   * default `loadMore()` (e.g. to reveal loaded items first); it resolves with how many items
   * it added, and a positive count asks again once the host has rendered them.
   */
  observe(sentinel: Element | null, onError: (error: unknown) => void, onVisible?: () => Promise<number>): void {
    if (typeof IntersectionObserver === 'undefined') return;
    if (onVisible) this.#onVisible = onVisible;
    this.#observer ??= new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting) || this.error) return;
        this.#onVisible().then((added) => {
          if (added > 0) {
            this.#loadedPage = true;
            this.host.requestUpdate();
          }
        }, onError);
      },
      { rootMargin: '200px' },
    );
    if (sentinel === this.#sentinel) return;
    if (this.#sentinel) this.#observer.unobserve(this.#sentinel);
    this.#sentinel = sentinel ?? undefined;
    if (sentinel) this.#observer.observe(sentinel);
  }

  /** A loaded page may leave the sentinel in view, which fires no new entry: observing it afresh asks again. */
  hostUpdated(): void {
    const sentinel = this.#sentinel;
    if (!this.#loadedPage || !sentinel || !this.#observer) return;
    this.#loadedPage = false;
    this.#observer.unobserve(sentinel);
    this.#observer.observe(sentinel);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#sentinel = undefined;
  }
}
