import type { TokenSource } from '@member-center/client';

/** What `on` listeners receive: the mc-* DOM event (McRedeemEvent, McErrorEvent, …) or the loader's own. */
export type MemberCenterListener = (event: Event) => void;

/** `window.MemberCenter`, as the script tag installs it. */
export interface MemberCenterApi {
  /** The loader's version; its presence tells a second copy of the script that one is running. */
  readonly version: string;
  /** Resolves once the config is read and the queued calls have run. */
  readonly ready: Promise<MemberCenterApi>;
  /**
   * Sets the member: a token, or a function returning a Promise of one (called again before it
   * expires). Without an argument, asks data-token-url again (after a log-in in a single-page app).
   */
  identify(token?: TokenSource | null): void;
  /** Back to the guest view (member data is dropped from the page). */
  logout(): void;
  /** Opens the member center panel, optionally on one tab. */
  open(tab?: string): void;
  close(): void;
  /**
   * Listens to `redeem`, `redeem-request`, `error`, `share`, `open`, `close` (the mc-* events
   * of the elements) and `identify`, `logout`, `ready` (the loader's). Returns the unsubscribe function.
   */
  on(event: string, listener: MemberCenterListener): () => void;
  /** Reloads member data (after an order, say); with data-token-url, asks it again first. */
  refresh(): Promise<void>;
  /** The code of the `?ref=` link the visitor arrived with in the last 30 days, or null. */
  referralCode(): string | null;
}

/** What the merchant's stub leaves: calls queued as `[method, args]`. */
export interface MemberCenterStub {
  q?: Array<[string, ArrayLike<unknown>]>;
  [key: string]: unknown;
}
