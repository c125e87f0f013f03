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
const STORE_FIRST = `INSERT INTO idempotency_keys (program_id, scope, key, request_hash, status, response)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`;

/** A business-rule refusal on its way out of the effect's transaction, rolling the effect back. */
class Refusal extends Error {
  constructor(readonly outcome: { status: number; body: unknown }) {
    super('refused');
  }
}

/** The key of one request, for an effect that claims it and stores its answer in statements of its own. */
export interface FoldedKey {
  /** `claimCte`'s four parameters (program, scope, key, request hash), for the effect to append to its own. */
  readonly claimParams: readonly unknown[];
  /** `storeCte`'s three parameters (program, scope, key). */
  readonly storeParams: readonly unknown[];
  /**
   * A CTE named `claim` inserting the key, its parameters numbered from `$first`:
   * `EXISTS (SELECT 1 FROM claim)` is true for the first request with this key.
   */
  claimCte(first: number): string;
  /** A CTE named `stored` writing the answer: `storeParams` from `$first`; `status` and `response` are SQL. */
  storeCte(first: number, status: string, response: string): string;
  /** The stored answer to an earlier request with this key (the claim found it taken), or a 409. */
  replay(tx: Sql): Promise<Outcome>;
}

const params = (first: number) => [0, 1, 2, 3].map((i) => `$${first + i}`);

function foldedKey(s: IdempotencyScope, hash: string): FoldedKey {
  return {
    claimParams: [s.programId, s.scope, s.key, hash],
    storeParams: [s.programId, s.scope, s.key],
    claimCte: (first) => {
      const [program, scope, key, request] = params(first);
      return `claim AS (INSERT INTO idempotency_keys (program_id, scope, key, request_hash)
        VALUES (${program}, ${scope}, ${key}, ${request}) ON CONFLICT DO NOTHING RETURNING 1)`;
    },
    storeCte: (first, status, response) => {
      const [program, scope, key] = params(first);
      return `stored AS (UPDATE idempotency_keys SET status = ${status}, response = ${response}
        WHERE program_id = ${program} AND scope = ${scope} AND key = ${key} RETURNING 1)`;
    },
    replay: (tx) => replay(tx, s, hash),
  };
}

async function replay(tx: Sql, s: IdempotencyScope, hash: string) {
  const [stored] = await tx.query<{ request_hash: string; status: number; response: unknown }>(
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
 * key instead, at the price of a round trip on every request that is not refused; if a twin
 * stored its answer in between, that first stored answer is the one returned.)
 */
export function idempotent(
  db: Database,
  s: IdempotencyScope,
  effect: (tx: Sql) => Promise<{ status: number; body: unknown }>,
) {
  return idempotentFolded(db, s, async (tx, key) => {
    if ((await tx.query(CLAIM, [...key.claimParams])).length === 0) return key.replay(tx);
    const outcome = await effect(tx);
    await tx.query(STORE, [s.programId, s.scope, s.key, outcome.status, JSON.stringify(outcome.body)]);
    return new Outcome(outcome.status, outcome.body, false);
  });
}

/**
 * `idempotent` for an effect that claims the key in its first statement and stores its answer
 * in its last (`key.claimCte`, `key.storeCte`), saving the two round trips of doing it apart;
 * it returns `key.replay(tx)` when the claim finds the key taken. Same guarantees.
 */
export async function idempotentFolded(
  db: Database,
  s: IdempotencyScope,
  effect: (tx: Sql, key: FoldedKey) => Promise<Outcome>,
): Promise<Outcome> {
  const hash = fingerprint(s.request);
  const key = foldedKey(s, hash);
  try {
    return await db.transaction(async (tx) => {
      try {
        return await effect(tx, key);
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'idempotency_conflict')
          throw error;
        throw new Refusal({ status: error.status, body: error.toJSON() });
      }
    });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const { status, body } = error.outcome;
    // Committed alone: a twin that claimed the key meanwhile is waited for, and its answer wins.
    const stored = await db.query(STORE_FIRST, [...key.claimParams, status, JSON.stringify(body)]);
    if (stored.length === 0) return replay(db, s, hash);
    return new Outcome(status, body, false);
  }
}
