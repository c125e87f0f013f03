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

/**
 * Runs `effect` once per key, with Stripe's semantics: the same key and request get the first
 * response again (even when sent at once: the key row is inserted first in the same
 * transaction, so a concurrent twin waits on it and then reads the stored answer); the same key
 * with another request is a 409. Business-rule refusals (4xx) are stored and replayed too, and
 * leave no effect behind (the savepoint is rolled back).
 */
export function idempotent(
  db: Database,
  s: IdempotencyScope,
  effect: (tx: Sql) => Promise<{ status: number; body: unknown }>,
) {
  const hash = fingerprint(s.request);
  return db.transaction<Outcome>(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO idempotency_keys (program_id, scope, key, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [s.programId, s.scope, s.key, hash],
    );
    if (inserted.length === 0) {
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
    await tx.query('SAVEPOINT effect');
    let outcome: { status: number; body: unknown };
    try {
      outcome = await effect(tx);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT effect');
      outcome = { status: error.status, body: error.toJSON() };
    }
    await tx.query(
      'UPDATE idempotency_keys SET status = $4, response = $5 WHERE program_id = $1 AND scope = $2 AND key = $3',
      [s.programId, s.scope, s.key, outcome.status, JSON.stringify(outcome.body)],
    );
    return new Outcome(outcome.status, outcome.body, false);
  });
}
