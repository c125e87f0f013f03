import {
  type ConsoleRouteDef,
  type ConsoleRouteName,
  type ConsoleRoutes,
  consoleRoutes,
  type RouteDef,
  type RouteName,
  type Routes,
  routes,
} from '@member-center/contract';
import type * as z from 'zod/mini';

/**
 * The console's typed client: every call is named after a route of the contract (the merchant
 * routes `/v1/…` and the console's own `/console/api/…`), with its inputs and answer typed from
 * the route's schemas. Same origin, the session cookie; no key ever reaches the browser. Views
 * call this, never `fetch`.
 */

type In<S> = S extends z.ZodMiniType ? z.input<S> : never;
/** The input keys `U` that route `D` has a schema for. */
type Has<D, U extends string> = { [K in U]: K extends keyof D ? (D[K] extends z.ZodMiniType ? K : never) : never }[U];
type Inputs<D extends RouteDef | ConsoleRouteDef> = { [K in Has<D, 'params' | 'body'>]: In<D[K & keyof D]> } & {
  [K in Has<D, 'query'>]?: In<D[K & keyof D]>;
} & { headers?: Record<string, string>; signal?: AbortSignal };
export type Answer<D extends RouteDef | ConsoleRouteDef> = z.output<D['response']>;

/** A refusal of the API: its status, code and message (shown as is), and the field it names. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { issues?: { path: string; message: string }[]; retryAfter?: number },
  ) {
    super(message);
    this.name = 'AdminError';
  }
  /** The first refused field, e.g. `body.points`. */
  get field() {
    return this.details?.issues?.[0]?.path;
  }
}
export const isAdminError = (e: unknown): e is AdminError => e instanceof AdminError;

/** Fired on `window` when a call finds the session ended (401), so the shell shows the sign-in. */
export const SESSION_ENDED = 'mc-console-session-ended';

export class AdminClient {
  constructor(private readonly base = '') {}

  /** A merchant route (`/v1/…`), with the operator's session in place of the secret key. */
  call<N extends RouteName>(name: N, input = {} as Inputs<Routes[N]>): Promise<Answer<Routes[N]>> {
    return this.#send(routes[name], input as Inputs<RouteDef>, undefined);
  }

  /** A console route (`/console/api/…`). */
  console<N extends ConsoleRouteName>(
    name: N,
    input = {} as Inputs<ConsoleRoutes[N]>,
  ): Promise<Answer<ConsoleRoutes[N]>> {
    return this.#send(consoleRoutes[name], input as Inputs<ConsoleRouteDef>, name);
  }

  async #send(def: RouteDef | ConsoleRouteDef, input: Inputs<RouteDef>, consoleName: string | undefined) {
    const { params, query, body, headers, signal } = input as {
      params?: Record<string, string>;
      query?: Record<string, string | undefined>;
      body?: unknown;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    };
    let path = def.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params?.[k] ?? ''));
    const search = new URLSearchParams(
      Object.entries(query ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
    ).toString();
    if (search) path += `?${search}`;
    const res = await fetch(this.base + path, {
      method: def.method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...('idempotencyKey' in def && def.idempotencyKey && { 'Idempotency-Key': crypto.randomUUID() }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(signal && { signal }),
    });
    const json = (await res.json().catch(() => undefined)) as
      | { error?: { code: string; message: string; details?: AdminError['details'] } }
      | undefined;
    if (!res.ok) {
      const error = json?.error;
      const retryAfter = Number(res.headers.get('Retry-After')) || undefined;
      // A sign-in's own 401 is a wrong password, not an ended session.
      if (res.status === 401 && consoleName !== 'login' && consoleName !== 'linkLogin')
        window.dispatchEvent(new Event(SESSION_ENDED));
      throw new AdminError(res.status, error?.code ?? 'internal_error', error?.message ?? res.statusText, {
        ...error?.details,
        ...(retryAfter !== undefined && { retryAfter }),
      });
    }
    return json as never;
  }
}

/** The one client of the page. */
export const admin = new AdminClient();
