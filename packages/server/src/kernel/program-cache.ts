import type { Sql } from '../db/sql.js';
import { type ProgramRow, programByPublishableKey, programBySecretKey, type TierRow, tiersOf } from './programs.js';

/**
 * Programs, their tiers and their campaigns, kept in this process for `ttlMs` after they are
 * read (5 s by default; campaigns: all of a program's, the view picks the running ones), and dropped at once when this process changes them. Every request
 * names its program, so this saves a round trip on each; with N processes, a change made
 * through another one is seen here within `ttlMs`, the same as a read replica's lag. Only
 * rules and texts are cached: balances, stock and limits are always read in the transaction
 * that uses them. Unknown keys are never cached, so guessing keys cannot fill the memory.
 */
export class ProgramCache<Campaign> {
  readonly #entries = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(
    private readonly db: Sql,
    private readonly loadCampaigns: (db: Sql, programId: string) => Promise<Campaign[]>,
    private readonly ttlMs = 5_000,
  ) {}

  byPublishableKey = (key: string) =>
    this.#get(`pk ${key}`, () => programByPublishableKey(this.db, key)) as Promise<ProgramRow | undefined>;
  bySecretKey = (key: string) =>
    this.#get(`sk ${key}`, () => programBySecretKey(this.db, key)) as Promise<ProgramRow | undefined>;
  tiers = (programId: string) =>
    this.#get(`tiers ${programId}`, () => tiersOf(this.db, programId)) as Promise<TierRow[]>;
  campaigns = (programId: string) =>
    this.#get(`campaigns ${programId}`, () => this.loadCampaigns(this.db, programId)) as Promise<Campaign[]>;

  /** Forgets what this process knows of the program (after it changed it). */
  forget(program: Pick<ProgramRow, 'id' | 'publishable_key' | 'secret_key'>) {
    for (const key of [`pk ${program.publishable_key}`, `sk ${program.secret_key}`, `tiers ${program.id}`])
      this.#entries.delete(key);
    this.forgetCampaigns(program.id);
  }

  forgetCampaigns(programId: string) {
    this.#entries.delete(`campaigns ${programId}`);
  }

  #get(key: string, load: () => Promise<unknown>) {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value;
    // Concurrent misses share one query; a failure or an unknown key is not kept.
    const value = load().then(
      (found) => {
        if (found === undefined) this.#entries.delete(key);
        return found;
      },
      (error: unknown) => {
        this.#entries.delete(key);
        throw error;
      },
    );
    if (this.#entries.size >= 10_000) this.#entries.clear();
    this.#entries.set(key, { until: now + this.ttlMs, value });
    return value;
  }
}
