import type {
  ActivityList,
  CheckInResponse,
  DiscountResponse,
  Me,
  Program,
  RedeemResponse,
  RedemptionList,
  Referral,
  RewardList,
} from '@member-center/contract';

import type { Call, RouteSpec } from './http.js';

/** A member token, or a function that fetches a fresh one (from the merchant's backend). */
export type TokenSource = string | (() => Promise<string | null>);

/** What the store keeps; each key is one resource every element on the page shares. */
export interface StoreData {
  program: Program;
  me: Me;
  /** The first page of the bazaar (with eligibility when a member is known). */
  rewards: RewardList;
  /** The first page of the points ledger. */
  activity: ActivityList;
  /** The first page of the coupons wallet. */
  redemptions: RedemptionList;
  referral: Referral;
}
export type StoreKey = keyof StoreData;

/**
 * One resource as a subscriber sees it. `data` survives a refresh (stale-while-revalidate),
 * so an element shows the old figure until the new one lands instead of a skeleton.
 */
export interface Resource<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data?: T;
  /** The last failure (an ApiError, NetworkError, TimeoutError or ContractError). */
  error?: unknown;
}

export interface Store {
  /** The resource as it is now (never throws, never fetches). */
  get<K extends StoreKey>(key: K): Resource<StoreData[K]>;
  /**
   * Calls `listener` on every change of `key` (not immediately). Returns the unsubscribe
   * function. Subscribing does not fetch: call `load`.
   */
  subscribe<K extends StoreKey>(key: K, listener: (resource: Resource<StoreData[K]>) => void): () => void;
  /**
   * Fetches `key` unless it is already loaded (or `force`); concurrent calls share one request.
   * Resolves with the data, rejects with the error (which is also stored on the resource).
   */
  load<K extends StoreKey>(key: K, options?: { force?: boolean }): Promise<StoreData[K]>;
  /** Marks every member resource stale and reloads the ones that have subscribers or were loaded. */
  refresh(): Promise<void>;
}

export interface PageOptions {
  limit?: number;
  cursor?: string;
}

/**
 * The typed client of the v1 API. Elements use only this interface, so their unit tests and
 * stories can pass an in-memory implementation; everything real goes through `createClient`.
 */
export interface MemberCenterClient {
  readonly store: Store;
  /** True when a token (or token function) is set: member routes can be called. */
  readonly isMember: boolean;
  /**
   * Sets (or with null clears) the member token; clears member data from the store and refreshes it.
   * With `{ keep: true }` (a fresh token of the same member) the shown data stays while it reloads.
   */
  setToken(token: TokenSource | null, options?: { keep?: boolean }): void;

  getProgram(): Promise<Program>;
  getMe(): Promise<Me>;
  listActivity(options?: PageOptions): Promise<ActivityList>;
  listRewards(options?: PageOptions): Promise<RewardList>;
  /**
   * Redeems a reward. The request keeps one Idempotency-Key across its retries (pass one to
   * retry a redemption yourself); on success the store's balance, tier, bazaar, history and
   * coupons are brought up to date for every subscriber.
   */
  redeem(rewardId: string, options?: { idempotencyKey?: string }): Promise<RedeemResponse>;
  listRedemptions(options?: PageOptions): Promise<RedemptionList>;
  getReferral(): Promise<Referral>;
  /**
   * Checks the member in for today (the program's time zone). Safe to call twice: the API
   * answers a second call that day with the same check-in and no points. On success the
   * store's balance and `me.checkIn` are brought up to date for every subscriber, and the
   * bazaar and history reloaded. Rejects with a 422 `check_in_unavailable` when the program has
   * no check-ins.
   */
  checkIn(): Promise<CheckInResponse>;
  /**
   * Turns `points` into a single-use money-off code (points as cash, within `program.pointsDiscount`).
   * One Idempotency-Key across its retries (pass one to retry it yourself); on success the store's
   * balance and held points are brought up to date and the coupons and history reloaded.
   */
  createDiscount(points: number, options?: { idempotencyKey?: string }): Promise<DiscountResponse>;
  /**
   * Sends any member or guest route of the contract given as a RouteSpec (with the token, its
   * refresh and the answer checked against `route.response`). The helpers of routes few pages
   * need use it (`getProfile(client)`, `listMyActions(client)` …), so they stay out of bundles
   * that do not import them.
   */
  send<T>(route: RouteSpec<T>, call?: Call): Promise<T>;
}
