import type { StoreKey } from '@member-center/client';
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { McErrorEvent } from '../events.js';
import { commonMessages } from './i18n.js';
import type { StoreController } from './store-controller.js';

/** The state every element is in, exposed as a custom state: `mc-points-balance:state(loading)`. */
export type ViewState = 'loading' | 'guest' | 'member' | 'empty' | 'error';
const VIEW_STATES: readonly ViewState[] = ['loading', 'guest', 'member', 'empty', 'error'];

type AnyStore = StoreController<StoreKey>;

/** What an element shows: a state, and for `error` the loads that failed (their Retry loads them again). */
export type View = { state: Exclude<ViewState, 'error'> } | { state: 'error'; failed: readonly AnyStore[] };

/** One branch per state; `empty` and `guest` only where the element has them. */
export interface ViewBranches {
  loading(): unknown;
  /** `errorView` is the message with its Retry button. */
  error(errorView: TemplateResult): unknown;
  member(): unknown;
  empty?(): unknown;
  guest?(): unknown;
}

export type ViewHost = ReactiveControllerHost & EventTarget;

/**
 * Loading while any of `stores` has no data yet, error when one of those failed (listing every
 * failed one); undefined once all have data (stale data stays shown while it reloads).
 */
export function awaiting(...stores: AnyStore[]): View | undefined {
  const missing = stores.filter((store) => !store.resource.data);
  const failed = missing.filter((store) => store.resource.status === 'error');
  if (failed.length > 0) return { state: 'error', failed };
  return missing.length > 0 ? { state: 'loading' } : undefined;
}

/**
 * Decides once per update, before render, what the element shows (in the spirit of @lit/task):
 * it runs `decide` in hostUpdate, marks the custom state, renders the matching branch, and after
 * the update fires one mc-error per load failure (not one per render). Add it after the
 * element's store controllers, so they have synced with the client when it decides.
 */
export class ViewController implements ReactiveController {
  #view: View = { state: 'loading' };
  #decided = false;
  #reportedError: unknown;

  constructor(
    private readonly host: ViewHost,
    private readonly internals: ElementInternals,
    private readonly locale: () => string,
    private readonly decide: () => View | Exclude<ViewState, 'error'>,
  ) {
    host.addController(this);
  }

  /** The state decided by the last update; undefined before the first. */
  get state(): ViewState | undefined {
    return this.#decided ? this.#view.state : undefined;
  }

  hostUpdate(): void {
    const next = this.decide();
    this.#view = typeof next === 'string' ? { state: next } : next;
    this.#decided = true;
    for (const name of VIEW_STATES) {
      if (name === this.#view.state) this.internals.states.add(name);
      else this.internals.states.delete(name);
    }
  }

  hostUpdated(): void {
    const view = this.#view;
    if (view.state !== 'error') return;
    const error = view.failed[0]?.resource.error;
    if (this.#reportedError === error) return;
    this.#reportedError = error;
    queueMicrotask(() => this.host.dispatchEvent(new McErrorEvent('load', error)));
  }

  /** The branch of the decided state (`member` stands in for a missing `empty` or `guest`). */
  render(branches: ViewBranches): unknown {
    const view = this.#view;
    switch (view.state) {
      case 'loading':
        return branches.loading();
      case 'error':
        return branches.error(this.#errorView(view.failed));
      case 'empty':
        return (branches.empty ?? branches.member)();
      case 'guest':
        return (branches.guest ?? branches.member)();
      case 'member':
        return branches.member();
    }
  }

  #errorView(failed: readonly AnyStore[]): TemplateResult {
    const t = commonMessages(this.locale());
    const retry = () => {
      for (const store of failed) store.retry();
    };
    return html`<div part="error" role="alert" class="error-view">
      <span class="error">${t.loadError}</span>
      <button part="retry-button" @click=${retry}>${t.retry}</button>
    </div>`;
  }
}
