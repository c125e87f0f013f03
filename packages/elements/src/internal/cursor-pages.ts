import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A page of a cursor-paginated list, as the API returns one. */
export interface CursorPage<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * The pages of a list after the store's first one: the store holds page one (shared by every
 * element), this fetches the rest with the API's cursor. A new first page (a redemption, a
 * sign-in) starts the paging over. Optionally loads the next page when a sentinel scrolls into
 * view (infinite scroll); a "Load more" button calls `loadMore()` for keyboard users.
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

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fetchPage: (cursor: string) => Promise<CursorPage<T>>,
  ) {
    host.addController(this);
  }

  /** Call from `willUpdate` with the store's first page. */
  sync(first: CursorPage<T> | undefined): void {
    if (first === this.#first) return;
    this.#first = first;
    this.#more = [];
    this.nextCursor = first?.nextCursor;
    this.error = undefined;
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
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  /**
   * Loads the next page whenever `sentinel` comes into view (call from `updated` with the
   * element rendered after the list, or null when there is none).
   */
  observe(sentinel: Element | null, onError: (error: unknown) => void): void {
    if (typeof IntersectionObserver === 'undefined') return;
    this.#observer ??= new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !this.error) this.loadMore().catch(onError);
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
