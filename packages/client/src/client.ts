import type { Me } from '@member-center/contract';
import { createTransport, type RetryOptions } from './http.js';
import { createStore } from './store.js';
import { TokenKeeper } from './token.js';
import type { MemberCenterClient, PageOptions, StoreKey, TokenSource } from './types.js';

export interface ClientOptions {
  /** Where the API lives, e.g. `https://loyalty.example.com`. */
  baseUrl: string;
  /** The program's publishable key (`pk_…`), sent as `X-Publishable-Key`. */
  publishableKey: string;
  /** The member token, or a function that fetches one from the merchant's backend. Without it: a guest. */
  token?: TokenSource | null;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds to wait for each attempt; 10 000 by default. */
  timeout?: number;
  /** Retries of reads and redemptions: a count, or options. 2 by default. */
  retry?: number | RetryOptions;
  /**
   * The language of the merchant's texts (reward and tier names, descriptions, benefits), sent
   * as `?locale=` on every request; by default the page's `<html lang>` when the client is created,
   * and without one the program's language.
   */
  locale?: string;
}

const page = ({ limit, cursor }: PageOptions = {}) => ({
  searchParams: { limit: limit === undefined ? undefined : String(limit), cursor },
});

/** Creates a client of the v1 API with its own store; every element on a page should share one. */
export function createClient(options: ClientOptions): MemberCenterClient {
  const tokens = new TokenKeeper(options.token ?? null);
  const request = createTransport(options, tokens);

  const store = createStore(
    {
      program: () => client.getProgram(),
      me: () => client.getMe(),
      rewards: () => client.listRewards(),
      activity: () => client.listActivity(),
      redemptions: () => client.listRedemptions(),
      referral: () => client.getReferral(),
    },
    {
      // One request for every widget's first paint; a guest's answer has no member data.
      keys: () => (tokens.hasSource ? ['program', 'me', 'referral', 'rewards'] : ['program', 'rewards']),
      async load() {
        const { me, referral, ...rest } = await request('getBootstrap');
        return { ...rest, ...(me && { me }), ...(referral && { referral }) };
      },
    },
  );
  /** An answer's new points (balance, held) and check-in shown at once; then `keys` reload for every subscriber. */
  const answered = (points: { balance: number; held?: number }, keys: StoreKey[], checkIn?: Me['checkIn']) => {
    store.patch('me', (me) => ({ ...me, points: { ...me.points, ...points }, ...(checkIn && { checkIn }) }));
    void store.invalidate(keys);
  };
  /**
   * A call that spends points, with one Idempotency-Key for every attempt (ky's retries and the
   * retry after a token refresh): points are spent once. Then the member's resources reload.
   */
  const spend = async <N extends 'redeem' | 'createDiscount'>(
    name: N,
    json: unknown,
    idempotencyKey: string = crypto.randomUUID(),
  ) => {
    const result = await request(name, { json, headers: { 'Idempotency-Key': idempotencyKey } });
    answered(result.points, ['me', 'rewards', 'activity', 'redemptions']);
    return result;
  };
  const client: MemberCenterClient = {
    store,
    get isMember() {
      return tokens.hasSource;
    },
    setToken(token, options) {
      tokens.set(token);
      void (token && options?.keep ? store.refresh() : store.reset(token !== null));
    },
    getProgram: () => request('getProgram'),
    getMe: () => request('getMe'),
    listActivity: (options) => request('listActivity', page(options)),
    listRewards: (options) => request('listRewards', page(options)),
    listRedemptions: (options) => request('listRedemptions', page(options)),
    getReferral: () => request('getReferral'),
    redeem: (rewardId, options) => spend('redeem', { rewardId }, options?.idempotencyKey),
    createDiscount: (points, options) => spend('createDiscount', { points }, options?.idempotencyKey),
    send: request.send,
    async checkIn() {
      const result = await request('checkIn');
      // The whole status the API now sends (next bonus day included), else what the answer implies.
      answered(
        result.points,
        ['me', 'rewards', 'activity'],
        result.status ?? { today: true, streak: result.checkIn.streak },
      );
      return result;
    },
  };
  return client;
}
