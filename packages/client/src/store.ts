import type { Resource, Store, StoreData, StoreKey } from './types.js';

export type Loaders = { [K in StoreKey]: () => Promise<StoreData[K]> };

/**
 * Several keys from one request (`GET /v1/bootstrap`): a load of any of `keys()` that is not
 * forced fetches every one of them that is not loaded or loading, in that one request.
 */
export interface Bundle {
  /** The keys the bundle answers now (a guest's has no member data). */
  keys(): readonly StoreKey[];
  load(): Promise<Partial<StoreData>>;
}

/** Resources that depend on who the member is (the bazaar says what *this* member may redeem). */
export const MEMBER_KEYS = ['me', 'rewards', 'activity', 'redemptions', 'referral'] as const satisfies StoreKey[];
/** Member resources a guest can still load. */
const GUEST_KEYS: readonly StoreKey[] = ['program', 'rewards'];

interface Entry<T> {
  resource: Resource<T>;
  listeners: Set<(resource: Resource<T>) => void>;
  /** Bumped whenever the data becomes stale or is cleared; a request of an older epoch is not shared. */
  epoch: number;
  stale: boolean;
  inflight?: { epoch: number; promise: Promise<T> };
}

/** The store plus what the client needs to keep it true after a redemption or a token change. */
export interface StoreInternals extends Store {
  /** Replaces a loaded resource's data (an optimistic patch); does nothing when it has none. */
  patch<K extends StoreKey>(key: K, update: (data: StoreData[K]) => StoreData[K]): void;
  /** Marks `keys` stale and reloads those with subscribers or already loaded. */
  invalidate(keys: readonly StoreKey[]): Promise<void>;
  /** Forgets the member's data (logout or another member) and reloads what is wanted and allowed. */
  reset(isMember: boolean): Promise<void>;
}

export function createStore(loaders: Loaders, bundle?: Bundle): StoreInternals {
  const entries = new Map<StoreKey, Entry<unknown>>();
  const entry = <K extends StoreKey>(key: K) => {
    let e = entries.get(key);
    if (!e) {
      e = { resource: { status: 'idle' }, listeners: new Set(), epoch: 0, stale: false };
      entries.set(key, e);
    }
    return e as Entry<StoreData[K]>;
  };

  function set<K extends StoreKey>(key: K, resource: Resource<StoreData[K]>) {
    const e = entry(key);
    e.resource = resource;
    for (const listener of [...e.listeners]) listener(resource);
  }

  /** True while `e` has a request of its current epoch running, or fresh data. */
  const current = (e: Pick<Entry<unknown>, 'inflight' | 'epoch' | 'stale'> & { resource: { status: string } }) =>
    (e.inflight && e.inflight.epoch === e.epoch) || (!e.stale && e.resource.status === 'ready');

  function load<K extends StoreKey>(key: K, { force = false } = {}): Promise<StoreData[K]> {
    const e = entry(key);
    if (e.inflight && e.inflight.epoch === e.epoch) return e.inflight.promise;
    if (!force && current(e)) return Promise.resolve(e.resource.data as StoreData[K]);
    const together = force || !bundle ? [] : bundle.keys();
    if (!together.includes(key)) return start(key, loaders[key]);
    // Every key of the bundle that needs loading comes in the one request; a key its answer lacks
    // (it should not) falls back to its own route.
    const keys = together.filter((k) => k === key || !current(entry(k)));
    const shared = bundle!.load();
    for (const k of keys) start(k, () => shared.then((data) => data[k] ?? loaders[k]())).catch(() => {});
    return e.inflight!.promise as Promise<StoreData[K]>;
  }

  /** Fetches `key` with `fetch`; only the latest request of a key may store its answer. */
  function start<K extends StoreKey>(key: K, fetch: () => Promise<StoreData[K]>): Promise<StoreData[K]> {
    const e = entry(key);
    e.stale = false;
    // The old data stays visible while the new one loads (stale-while-revalidate).
    set(key, { status: 'loading', data: e.resource.data });
    // A reset drops the request, a newer load replaces it.
    const own = { epoch: e.epoch } as NonNullable<Entry<StoreData[K]>['inflight']>;
    own.promise = fetch().then(
      (data) => {
        if (e.inflight === own) {
          e.inflight = undefined;
          set(key, { status: 'ready', data });
        }
        return data;
      },
      (error: unknown) => {
        if (e.inflight === own) {
          e.inflight = undefined;
          set(key, { status: 'error', data: e.resource.data, error });
        }
        throw error;
      },
    );
    e.inflight = own;
    return own.promise;
  }

  const settle = (loads: Promise<unknown>[]) => Promise.allSettled(loads).then(() => undefined);
  const stale = (key: StoreKey) => {
    const e = entry(key);
    e.epoch++;
    e.stale = true;
  };

  /** A resource someone uses: subscribed to, or loaded. */
  const wanted = (key: StoreKey) => entry(key).listeners.size > 0 || entry(key).resource.status !== 'idle';

  function invalidate(keys: readonly StoreKey[]): Promise<void> {
    const loading = keys.filter(wanted);
    for (const key of keys) stale(key);
    return settle(loading.map((key) => load(key)));
  }

  return {
    get: (key) => entry(key).resource,
    subscribe(key, listener) {
      const { listeners } = entry(key);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    load,
    patch(key, update) {
      const { resource } = entry(key);
      if (resource.data !== undefined) set(key, { ...resource, data: update(resource.data) });
    },
    invalidate,
    refresh: () => invalidate(MEMBER_KEYS),
    reset(isMember) {
      const loading = MEMBER_KEYS.filter((key) => wanted(key) && (isMember || GUEST_KEYS.includes(key)));
      for (const key of MEMBER_KEYS) {
        stale(key);
        entry(key).inflight = undefined;
        set(key, { status: 'idle' });
      }
      return settle(loading.map((key) => load(key)));
    },
  };
}
