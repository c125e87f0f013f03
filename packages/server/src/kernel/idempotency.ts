import { createHash } from 'node:crypto';
import type { Database, Sql } from '../db/sql.js';
import { conflict, DomainError } from './errors.js';

/** The answer to an idempotent request: the first one, or the stored copy of it. */
export class Outcome {
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** True when this is the stored answer to an earlier request with the same key. */
    readonly replayed: boolean,
  ) {}
}

export interface IdempotencyScope {
  programId: string;
  /** Whose keys these are: `member:<id>`, `merchant`, `order`… */
  scope: string;
  key: string;
  /** What the request asked for; a different request under the same key is a conflict. */
  request: unknown;
}

const fingerprint = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('base64url');

const CLAIM = `INSERT INTO idempotency_keys (program_id, scope, key, request_hash) VALUES ($1, $2, $3, $4)
  ON CONFLICT DO NOTHING RETURNING 1`;
const STORE =
  'UPDATE idempotency_keys SET status = $4, response = $5 WHERE program_id = $1 AND scope = $2 AND key = $3';
const CLAIM_ANSWERED = `INSERT INTO idempotency_keys (program_id, scope, key, request_hash, status, response)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`;

/** A business-rule refusal on its way out of the effect's transaction, rolling the effect back. */
class Refusal extends Error {
  constructor(readonly outcome: { status: number; body: unknown }) {
    super('refused');
  }
}

/** The key turned out to be taken: the effect's transaction is rolled back and the stored answer given. */
class KeyTaken extends Error {
  constructor() {
    super('idempotency key taken');
  }
}

/** The key of one request, for an effect that claims it in the statement that writes its effect. */
export interface FoldedKey {
  /** `claimCte`'s four parameters (program, scope, key, request hash), for the effect to append to its own. */
  readonly params: readonly unknown[];
  /**
   * A CTE named `claim` inserting the key with its answer (`status` and `response` are SQL), its
   * parameters numbered from `$first`. It returns a row only for the first request with this
   * key: every write of the statement must depend on `EXISTS (SELECT 1 FROM claim)`.
   */
  claimCte(first: number, status: string, response: string): string;
  /** The claim returned no row: call (and throw) this, and the request gets the stored answer. */
  taken(): never;
}

function foldedKey(s: IdempotencyScope, hash: string): FoldedKey {
  return {
    params: [s.programId, s.scope, s.key, hash],
    claimCte: (first, status, response) => {
      const [program, scope, key, request] = [0, 1, 2, 3].map((i) => `$${first + i}`);
      return `claim AS (INSERT INTO idempotency_keys (program_id, scope, key, request_hash, status, response)
        VALUES (${program}, ${scope}, ${key}, ${request}, ${status}, ${response}) ON CONFLICT DO NOTHING RETURNING 1)`;
    },
    taken: () => {
      throw new KeyTaken();
    },
  };
}

async function replay(db: Sql, s: IdempotencyScope, hash: string) {
  const [stored] = await db.query<{ request_hash: string; status: number; response: unknown }>(
    'SELECT request_hash, status, response FROM idempotency_keys WHERE program_id = $1 AND scope = $2 AND key = $3',
    [s.programId, s.scope, s.key],
  );
  if (stored!.request_hash !== hash) {
    throw conflict(
      'idempotency_conflict',
      'This idempotency key was already used for a different request; use a new key for a new request.',
    );
  }
  return new Outcome(stored!.status, stored!.response, true);
}

/**
 * Runs `effect` once per key, with Stripe's semantics: the same key and request get the first
 * response again (even when sent at once: the key row is inserted first in the same
 * transaction, so a concurrent twin waits on it and then reads the stored answer); the same key
 * with another request is a 409. Business-rule refusals (4xx) are stored and replayed too, and
 * leave no effect behind: the refusal rolls back the whole transaction (effect and key), and the
 * key is then stored with the refusal in one statement of its own. (A savepoint would keep the
 * key instead, at the price of a round trip on every request that is not refused.) If a twin
 * stored its answer in between, that first stored answer is the one returned.
 */
export function idempotent(
  db: Database,
  s: IdempotencyScope,
  effect: (tx: Sql) => Promise<{ status: number; body: unknown }>,
) {
  return run(db, s, async (tx) => {
    if ((await tx.query(CLAIM, [s.programId, s.scope, s.key, fingerprint(s.request)])).length === 0) {
      throw new KeyTaken();
    }
    const outcome = await effect(tx);
    await tx.query(STORE, [s.programId, s.scope, s.key, outcome.status, JSON.stringify(outcome.body)]);
    return new Outcome(outcome.status, outcome.body, false);
  });
}

/**
 * `idempotent` for an effect that claims the key, with its answer, in the one statement that
 * writes the effect (`key.claimCte`, every write gated on the claim), instead of claiming first
 * and storing the answer last: two statements fewer. A twin sent at once cannot slip past: the
 * effect must lock a row that every request of this key locks (a redemption: the member, whose
 * id is in the key's scope) before it decides anything, so twins run one after the other, and
 * the second one's claim sees the first one's key (committed, or waited for by the INSERT).
 * A claim that finds the key taken rolls back whatever the effect did before it. Same guarantees.
 */
export function idempotentFolded(
  db: Database,
  s: IdempotencyScope,
  effect: (tx: Sql, key: FoldedKey) => Promise<Outcome>,
): Promise<Outcome> {
  return run(db, s, (tx, key) => effect(tx, key));
}

async function run(db: Database, s: IdempotencyScope, effect: (tx: Sql, key: FoldedKey) => Promise<Outcome>) {
  const hash = fingerprint(s.request);
  const key = foldedKey(s, hash);
  try {
    return await db.transaction(async (tx) => {
      try {
        return await effect(tx, key);
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500) throw error;
        throw new Refusal({ status: error.status, body: error.toJSON() });
      }
    });
  } catch (error) {
    if (error instanceof KeyTaken) return replay(db, s, hash);
    if (!(error instanceof Refusal)) throw error;
    const { status, body } = error.outcome;
    // Committed alone: a twin that claimed the key meanwhile is waited for, and its answer wins.
    const claimed = await db.query(CLAIM_ANSWERED, [...key.params, status, JSON.stringify(body)]);
    if (claimed.length === 0) return replay(db, s, hash);
    return new Outcome(status, body, false);
  }
}

/** Days a retry key of a request (Idempotency-Key header) is kept; see pruneIdempotencyKeys. */
export const RETRY_KEY_DAYS = 30;

/**
 * Deletes the answers stored for `Idempotency-Key` headers (redemptions, points discounts,
 * adjustments) older than RETRY_KEY_DAYS: a client retries within minutes, so a month is
 * ample, and they would otherwise be kept for ever. Keys that are business ids (an order's
 * orderId, a refund's refundId, a coupon batch's batchKey) stay as long as the program: the
 * merchant's backend may send the same order again at any time and must get the first answer.
 */
export const pruneIdempotencyKeys = (db: Sql, now: Date) =>
  db.query(
    `DELETE FROM idempotency_keys WHERE created_at < $1
     AND (scope = 'merchant' OR scope LIKE 'member:%' OR scope LIKE 'discount:%')`,
    [new Date(now.getTime() - RETRY_KEY_DAYS * 86_400_000)],
  );
