import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { isAdminError } from '../api/admin-client.js';
import { messages } from '../i18n.js';
import { settings } from './settings.js';

/**
 * Loads a view's data (in the spirit of @lit/task): runs when its arguments change, aborts the
 * previous run, and renders the right branch — loading, error (with retry), empty or the data.
 */
export class Load<T> implements ReactiveController {
  status: 'pending' | 'error' | 'complete' = 'pending';
  value: T | undefined;
  error: unknown;
  #args: unknown[] | undefined;
  #abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly task: (signal: AbortSignal) => Promise<T>,
    private readonly args: () => unknown[] = () => [],
  ) {
    host.addController(this);
  }

  hostUpdate() {
    const args = this.args();
    if (this.#args && args.length === this.#args.length && args.every((a, i) => a === this.#args![i])) return;
    this.#args = args;
    void this.run();
  }

  hostDisconnected() {
    this.#abort?.abort();
    this.#args = undefined;
  }

  async run() {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.status = 'pending';
    this.host.requestUpdate();
    try {
      const value = await this.task(abort.signal);
      if (abort.signal.aborted) return;
      this.value = value;
      this.status = 'complete';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.error = error;
      this.status = 'error';
    }
    this.host.requestUpdate();
  }

  /** The branch for the current status; `isEmpty` picks the empty state. */
  render(
    ready: (value: T) => TemplateResult,
    opts: { isEmpty?: (value: T) => boolean; empty?: string; notFound?: string } = {},
  ) {
    const t = messages[settings.lang];
    if (this.status === 'pending')
      return html`<p class="state" role="status"><span class="spinner" aria-hidden="true"></span>${t.loading}</p>`;
    if (this.status === 'error') {
      const e = this.error;
      // "Nothing there" is an empty state, not a failure to retry.
      if (opts.notFound && isAdminError(e) && e.status === 404)
        return html`<p class="state empty">${opts.notFound}</p>`;
      const text = isAdminError(e) && e.status === 403 ? t.forbidden : isAdminError(e) ? e.message : t.loadError;
      return html`<div class="state error" role="alert">
        <p>${t.loadError} ${text === t.loadError ? '' : text}</p>
        <button type="button" @click=${() => this.run()}>${t.retry}</button>
      </div>`;
    }
    if (opts.isEmpty?.(this.value as T)) return html`<p class="state empty">${opts.empty ?? t.empty}</p>`;
    return ready(this.value as T);
  }
}
