import { createContext } from '@lit/context';
import type { MemberCenterClient } from '@member-center/client';

/**
 * The context every element consumes its client from. Any ancestor can provide it: a
 * `<mc-provider>`, or a `ContextProvider` from `@lit/context` attached to any element.
 * `Symbol.for` keeps two copies of this package on one page talking to each other.
 */
export const clientContext = createContext<MemberCenterClient | undefined>(Symbol.for('member-center/client'));

const DEFAULT_CLIENT = Symbol.for('member-center/default-client');
type DefaultClientHolder = { [DEFAULT_CLIENT]?: MemberCenterClient | undefined };
const listeners = new Set<() => void>();

/** Sets the client every element without its own `.client` or provider falls back to. */
export function setDefaultClient(client: MemberCenterClient | undefined): void {
  (globalThis as DefaultClientHolder)[DEFAULT_CLIENT] = client;
  for (const listener of listeners) listener();
}

/** The page-wide default client, if one was set. */
export function getDefaultClient(): MemberCenterClient | undefined {
  return (globalThis as DefaultClientHolder)[DEFAULT_CLIENT];
}

/** Calls `listener` whenever the default client changes; returns the unsubscribe function. */
export function onDefaultClientChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
