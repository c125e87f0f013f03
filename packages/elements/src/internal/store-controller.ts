import type { MemberCenterClient, Resource, StoreData, StoreKey } from '@member-center/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Resources that need a member token; a guest never loads them. */
const MEMBER_KEYS: ReadonlySet<StoreKey> = new Set(['me', 'activity', 'redemptions', 'referral']);

export interface StoreControllerHost extends ReactiveControllerHost {
  /** The client the host resolved (own property, provider or page default). */
  readonly resolvedClient: MemberCenterClient | undefined;
}

/**
 * Subscribes its host to one key of the client's store and asks the store to load it. It
 * follows the host's client as that changes (a provider appearing, a default being set).
 */
export class StoreController<K extends StoreKey> implements ReactiveController {
  #client: MemberCenterClient | undefined;
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  constructor(
    private readonly host: StoreControllerHost,
    readonly key: K,
    /** Loads only while this says so (e.g. the program only for guests). */
    private readonly when: (client: MemberCenterClient) => boolean = () => true,
  ) {
    host.addController(this);
  }

  /** The resource as it is now; `idle` without a client. */
  get resource(): Resource<StoreData[K]> {
    return this.#client?.store.get(this.key) ?? { status: 'idle' };
  }

  /** False for member resources while no member is signed in. */
  get enabled(): boolean {
    const client = this.#client;
    return !!client && (client.isMember || !MEMBER_KEYS.has(this.key)) && this.when(client);
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#client = undefined;
  }

  /** Loads again after a failure (the Retry button). */
  retry(): void {
    this.#load(true);
  }

  #sync(): void {
    const client = this.#connected ? this.host.resolvedClient : undefined;
    if (client === this.#client) {
      // A sign-in (setToken) changes what is enabled without changing the client.
      if (this.enabled && this.resource.status === 'idle') this.#load(false);
      return;
    }
    this.#unsubscribe?.();
    this.#client = client;
    this.#unsubscribe = client?.store.subscribe(this.key, () => this.host.requestUpdate());
    if (this.enabled) this.#load(false);
  }

  #load(force: boolean): void {
    // Failures are stored on the resource and rendered from there.
    this.#client?.store.load(this.key, { force }).catch(() => {});
  }
}
