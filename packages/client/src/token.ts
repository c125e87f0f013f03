import { MemberCenterError } from './errors.js';
import type { TokenSource } from './types.js';

/** A token function is asked again this long before its token's `exp`. */
export const REFRESH_MARGIN_S = 60;

/** The `exp` claim of a JWT in seconds, or undefined when it has none (no verification: the API does that). */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp: unknown = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Holds the member token: a fixed string, or a function asked for a fresh token when there is
 * none yet, when the current one expires within a minute, or after the API said it expired.
 * Concurrent requests share one call of the function.
 */
export class TokenKeeper {
  #source: TokenSource | null = null;
  #token: string | null = null;
  #pending: Promise<string | null> | undefined;
  /** Bumped by `set`, so a token fetched for an older source is never used. */
  #version = 0;

  constructor(source: TokenSource | null = null) {
    this.set(source);
  }

  get hasSource(): boolean {
    return this.#source !== null;
  }

  /** True when a fresh token can be asked for (the source is a function). */
  get canRefresh(): boolean {
    return typeof this.#source === 'function';
  }

  set(source: TokenSource | null): void {
    this.#version++;
    this.#source = source;
    this.#token = typeof source === 'string' ? source : null;
    this.#pending = undefined;
  }

  /** The token to send now, or null for a guest. */
  async get(): Promise<string | null> {
    const source = this.#source;
    if (typeof source !== 'function') return this.#token;
    if (this.#token !== null && !expiresSoon(this.#token)) return this.#token;
    if (!this.#pending) {
      const version = this.#version;
      const pending = source().then(
        (token) => {
          if (version === this.#version) {
            this.#token = token;
            this.#pending = undefined;
          }
          return token;
        },
        (cause: unknown) => {
          if (version === this.#version) this.#pending = undefined;
          throw new MemberCenterError('The member token could not be fetched.', { cause });
        },
      );
      this.#pending = pending;
    }
    return this.#pending;
  }

  /** Forgets `token` (the API said it expired) so the next `get` asks the function again. */
  expire(token: string | null): void {
    if (typeof this.#source === 'function' && this.#token === token) this.#token = null;
  }
}

const expiresSoon = (token: string) => {
  const exp = tokenExpiry(token);
  return exp !== undefined && exp - Date.now() / 1000 < REFRESH_MARGIN_S;
};
