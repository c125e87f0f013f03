/** What a query can run on: the database itself or an open transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction (READ COMMITTED); retried on serialization failures and deadlocks. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A Database over a transaction already open, for a step that must commit or fail with what
 * wraps it (an operator's change and its audit entry): its own transactions become savepoints,
 * so one that fails rolls back alone, as it would on its own, and one that succeeds commits
 * only with the outer transaction. Deadlocks are retried by the outer transaction, whole.
 */
export function insideTransaction(tx: Sql, kind: Database['kind']): Database {
  const inner: Database = {
    kind,
    query: <T>(text: string, params?: unknown[]) => tx.query<T>(text, params),
    exec: (script) => tx.exec(script),
    async transaction(fn) {
      // One name serves every depth: ROLLBACK TO and RELEASE act on the latest savepoint of it.
      await tx.query('SAVEPOINT mc_nested');
      try {
        const result = await fn(inner);
        await tx.query('RELEASE SAVEPOINT mc_nested');
        return result;
      } catch (error) {
        // A broken connection fails the outer transaction anyway: the first error is the one to tell.
        await tx.query('ROLLBACK TO SAVEPOINT mc_nested').catch(() => {});
        await tx.query('RELEASE SAVEPOINT mc_nested').catch(() => {});
        throw error;
      }
    },
    close: () => Promise.reject(new Error('A transaction is closed by its owner.')),
  };
  return inner;
}
