import {
  ActivityList,
  AnyErrorEnvelope,
  Bootstrap,
  CheckInResponse,
  DiscountResponse,
  type ErrorCode,
  Me,
  Program,
  RedeemResponse,
  RedemptionList,
  Referral,
  RewardList,
  type Routes,
} from '@member-center/contract';
import ky, { HTTPError, type KyInstance, TimeoutError as KyTimeoutError } from 'ky';
import { ApiError, ContractError, MemberCenterError, NetworkError, TimeoutError } from './errors.js';
import type { TokenKeeper } from './token.js';

/** How failed reads and redemptions are retried (network errors, 5xx, 429; never other 4xx). */
export interface RetryOptions {
  /** Retries after the first attempt; 2 by default. 0 turns retries off. */
  limit?: number;
  /** Milliseconds to wait before retry number `attempt` (1, 2…); 300 ms doubling by default. */
  delay?: (attempt: number) => number;
  /** A 429 or 503 whose `Retry-After` asks for longer than this (ms) is not retried; 30 s by default. */
  maxRetryAfter?: number;
}

export interface TransportOptions {
  baseUrl: string;
  publishableKey: string;
  fetch?: typeof globalThis.fetch;
  /** Milliseconds per attempt; 10 s by default. */
  timeout?: number;
  retry?: number | RetryOptions;
  locale?: string | undefined;
}

/**
 * The member and guest routes of the contract's route table. Only its types are used: the
 * compiler holds these paths, methods and schemas to `routes`, while the bundle does not carry
 * the whole table (merchant routes, summaries) into browsers.
 */
const ROUTES = {
  getProgram: { method: 'GET', path: '/v1/program', response: Program },
  getMe: { method: 'GET', path: '/v1/me', response: Me },
  listActivity: { method: 'GET', path: '/v1/me/activity', response: ActivityList },
  listRewards: { method: 'GET', path: '/v1/rewards', response: RewardList },
  redeem: { method: 'POST', path: '/v1/me/redemptions', response: RedeemResponse },
  listRedemptions: { method: 'GET', path: '/v1/me/redemptions', response: RedemptionList },
  getReferral: { method: 'GET', path: '/v1/me/referral', response: Referral },
  checkIn: { method: 'POST', path: '/v1/me/check-ins', response: CheckInResponse },
  createDiscount: { method: 'POST', path: '/v1/me/discounts', response: DiscountResponse },
  getBootstrap: { method: 'GET', path: '/v1/bootstrap', response: Bootstrap },
} as const satisfies { [N in RouteName]?: Pick<Routes[N], 'method' | 'path' | 'response'> };

/** The routes every page may need, sent by name; the others go through `send` with a RouteSpec. */
export type TableRoute = keyof typeof ROUTES;

/**
 * A member or guest route of the contract as `send` takes it (e.g. from
 * `@member-center/client`'s profile helpers), so routes a page does not use stay out of its bundle.
 */
export interface RouteSpec<T> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly response: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; code: string; message: string }[] } };
  };
}

/** The routes a browser may call (guest and member). */
export type RouteName = { [N in keyof Routes]: Routes[N]['auth'] extends 'merchant' ? never : N }[keyof Routes];

/** A route's response as the contract types it. */
export type Output<N extends RouteName> = Routes[N]['response']['_zod']['output'];

export interface Call {
  searchParams?: Record<string, string | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
}

const RETRY_STATUS = [429, 500, 502, 503, 504];

/** Sends the contract's routes over ky: keys, token, retries, and a typed, validated answer or one of our errors. */
export function createTransport(options: TransportOptions, tokens: TokenKeeper) {
  const retry: RetryOptions = typeof options.retry === 'number' ? { limit: options.retry } : (options.retry ?? {});
  const maxRetryAfter = retry.maxRetryAfter ?? 30_000;
  // The merchant's texts in this language (routes without them ignore it).
  const locale = options.locale ?? globalThis.document?.documentElement.lang;
  const api: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    headers: { 'X-Publishable-Key': options.publishableKey },
    timeout: options.timeout ?? 10_000,
    ...(options.fetch && { fetch: options.fetch }),
    ...(locale && { searchParams: { locale } }),
    retry: {
      limit: retry.limit ?? 2,
      // Every POST the client sends is safe to repeat: a redemption or a draw carries an Idempotency-Key, and a
      // check-in is once per day by the API's own rule (a repeat answers the same check-in).
      methods: ['get', 'post'],
      statusCodes: RETRY_STATUS,
      afterStatusCodes: [429, 503],
      ...(retry.delay && { delay: retry.delay }),
      shouldRetry: ({ error }) => {
        if (error instanceof HTTPError) {
          const after = Number(error.response.headers.get('Retry-After'));
          return after * 1000 > maxRetryAfter ? false : undefined;
        }
        // A timed-out attempt may still be running on the server: give up rather than pile on.
        if (error instanceof KyTimeoutError) return false;
        // fetch rejects with a TypeError when no answer came (refused, offline, dropped).
        return error instanceof TypeError;
      },
    },
  });

  async function send<T>(route: RouteSpec<T>, call: Call, token: string | null): Promise<T> {
    const headers = { ...call.headers, ...(token !== null && { Authorization: `Bearer ${token}` }) };
    let text: string;
    try {
      const searchParams = Object.fromEntries(
        Object.entries(call.searchParams ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const response = await api(route.path.slice(1), {
        method: route.method,
        headers,
        searchParams,
        ...(call.json !== undefined && { json: call.json }),
      });
      text = await response.text();
    } catch (error) {
      throw await toClientError(error);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ContractError(`${route.method} ${route.path} answered with a body that is not JSON.`);
    }
    const result = route.response.safeParse(body);
    if (!result.success) {
      const issues = result.error.issues.map(({ path, code, message }) => ({ path, code, message }));
      const where = issues.map((i) => `${i.path.join('.') || '(root)'} (${i.code})`).join(', ');
      throw new ContractError(
        `${route.method} ${route.path} answered with a body the v1 contract does not allow: ${where}. Is the server a different version?`,
        issues,
      );
    }
    return result.data;
  }

  /** Sends a route with the member token; on `token_expired` asks the token function once and tries again. */
  async function sendRoute<T>(route: RouteSpec<T>, call: Call = {}): Promise<T> {
    const token = await tokens.get();
    try {
      return await send(route, call, token);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'token_expired' && tokens.canRefresh)) throw error;
      tokens.expire(token);
      return send(route, call, await tokens.get());
    }
  }
  /** A route of the table, by name. */
  const request = <N extends TableRoute>(name: N, call?: Call) =>
    sendRoute(ROUTES[name] as RouteSpec<unknown>, call) as Promise<Output<N>>;
  return Object.assign(request, { send: sendRoute });
}

async function toClientError(error: unknown): Promise<Error> {
  if (error instanceof MemberCenterError) return error;
  if (error instanceof HTTPError) {
    const { status, statusText } = error.response;
    const text = await error.response.text().catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {}
    const envelope = AnyErrorEnvelope.safeParse(json);
    if (envelope.success) {
      const { code, message, details } = envelope.data.error;
      return new ApiError(status, code as ErrorCode, message, details);
    }
    return new ApiError(status, 'unknown', `The API answered ${status} ${statusText} without an error envelope.`);
  }
  if (error instanceof KyTimeoutError) {
    return new TimeoutError(
      `No answer from the API within the timeout (${error.request.method} ${error.request.url}).`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof TypeError) {
    return new NetworkError(`The API could not be reached: ${error.message}.`, { cause: error });
  }
  return error instanceof Error ? error : new MemberCenterError(String(error));
}
