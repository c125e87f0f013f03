import type { ReactiveControllerHost } from 'lit';
import { Load } from './load.js';

/**
 * A list the API pages with a cursor: the first page as a `Load` (loading, error, empty), and
 * "load more" appending the next pages; a change of `args` starts again from the first page.
 */
export class Paged<T> {
  readonly load: Load<T[]>;
  cursor: string | undefined;
  busy = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly fetchPage: (
      cursor: string | undefined,
      signal?: AbortSignal,
    ) => Promise<{ items: T[]; nextCursor?: string | undefined }>,
    args: () => unknown[] = () => [],
  ) {
    this.load = new Load(
      host,
      async (signal) => {
        const page = await fetchPage(undefined, signal);
        this.cursor = page.nextCursor;
        return page.items;
      },
      args,
    );
  }

  async more() {
    if (!this.cursor || this.busy) return;
    this.busy = true;
    this.host.requestUpdate();
    try {
      const page = await this.fetchPage(this.cursor);
      this.load.value = [...(this.load.value ?? []), ...page.items];
      this.cursor = page.nextCursor;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
