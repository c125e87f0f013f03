/**
 * What the crash test verifies once the API is stopped, straight from the database and from
 * the outcomes the client recorded. Each check yields its violations (expected: none).
 */
import type { Database } from '../src/db/database.js';
import type { KeyRecord } from './crash-load.js';

export interface Check {
  name: string;
  violations: string[];
}

export interface Seeded {
  programId: string;
  /** Points each member started with, by member id. */
  initialPoints: Map<string, number>;
  rewards: { id: string; name: string; stock: number | null; perMemberLimit: number | null }[];
}

/** Runs one query and turns each row it returns into a violation. */
async function rows(db: Database, name: string, sql: string, params: unknown[]): Promise<Check> {
  const found = await db.query<Record<string, unknown>>(sql, params);
  return { name, violations: found.map((r) => JSON.stringify(r)) };
}

export async function runChecks(db: Database, seeded: Seeded, records: KeyRecord[]): Promise<Check[]> {
  const p = [seeded.programId];
  const checks: Check[] = [
    await rows(
      db,
      "every member's balance equals its ledger sum",
      `SELECT m.customer_id, m.balance, coalesce(sum(l.points), 0)::bigint AS ledger
       FROM members m LEFT JOIN ledger_entries l ON l.member_id = m.id
       WHERE m.program_id = $1 GROUP BY m.id HAVING m.balance <> coalesce(sum(l.points), 0)`,
      p,
    ),
    await rows(
      db,
      "every member's open point lots add up to its balance",
      `SELECT m.customer_id, m.balance, coalesce(sum(l.remaining), 0)::bigint AS lots
       FROM members m LEFT JOIN point_lots l ON l.member_id = m.id
       WHERE m.program_id = $1 GROUP BY m.id HAVING m.balance <> coalesce(sum(l.remaining), 0)`,
      p,
    ),
    await rows(
      db,
      'every redemption has exactly one ledger entry, of its cost',
      `SELECT r.id, r.points, count(l.id)::int AS entries, coalesce(sum(l.points), 0)::bigint AS ledger
       FROM redemptions r LEFT JOIN ledger_entries l ON l.redemption_id = r.id
       WHERE r.program_id = $1 GROUP BY r.id
       HAVING count(l.id) <> 1 OR coalesce(sum(l.points), 0) <> -r.points`,
      p,
    ),
    await rows(
      db,
      'every redemption ledger entry has its redemption',
      `SELECT l.id, l.redemption_id FROM ledger_entries l
       WHERE l.program_id = $1 AND (l.type = 'redemption' OR l.redemption_id IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM redemptions r WHERE r.id = l.redemption_id)`,
      p,
    ),
    await rows(
      db,
      'no idempotency key is left without its answer',
      'SELECT scope, key FROM idempotency_keys WHERE program_id = $1 AND status IS NULL',
      p,
    ),
    await rows(
      db,
      'every redemption belongs to exactly one key that answered 201 with it',
      `SELECT r.id, count(k.key)::int AS keys FROM redemptions r
       LEFT JOIN idempotency_keys k ON k.program_id = r.program_id AND k.status = 201
         AND (k.response -> 'redemption' ->> 'id')::uuid = r.id
       WHERE r.program_id = $1 GROUP BY r.id HAVING count(k.key) <> 1`,
      p,
    ),
    await rows(
      db,
      'every key that answered 201 has its redemption',
      `SELECT k.key FROM idempotency_keys k
       WHERE k.program_id = $1 AND k.status = 201
         AND NOT EXISTS (SELECT 1 FROM redemptions r WHERE r.id = (k.response -> 'redemption' ->> 'id')::uuid)`,
      p,
    ),
    stockCheck(seeded, await redemptionCounts(db, seeded.programId)),
    await rows(
      db,
      'no member redeemed a reward more often than its per-member limit',
      `SELECT r.member_id, w.name, count(*)::int AS redeemed, w.per_member_limit FROM redemptions r
       JOIN rewards w ON w.id = r.reward_id
       WHERE r.program_id = $1 AND w.per_member_limit IS NOT NULL
       GROUP BY r.member_id, w.id HAVING count(*) > w.per_member_limit`,
      p,
    ),
    ...(await clientChecks(db, seeded, records)),
  ];
  return checks;
}

async function redemptionCounts(db: Database, programId: string) {
  const found = await db.query<{ id: string; stock: number | null; redeemed: number }>(
    `SELECT w.id, w.stock, count(r.id)::int AS redeemed FROM rewards w LEFT JOIN redemptions r ON r.reward_id = w.id
     WHERE w.program_id = $1 GROUP BY w.id`,
    [programId],
  );
  return new Map(found.map((r) => [r.id, r]));
}

/** Stock is conserved: what is left plus what was redeemed is what there was. */
function stockCheck(seeded: Seeded, counts: Awaited<ReturnType<typeof redemptionCounts>>): Check {
  const violations: string[] = [];
  for (const reward of seeded.rewards) {
    if (reward.stock === null) continue;
    const now = counts.get(reward.id);
    if (
      !now ||
      now.stock === null ||
      now.stock < 0 ||
      now.redeemed > reward.stock ||
      now.stock + now.redeemed !== reward.stock
    )
      violations.push(`${reward.name}: initial ${reward.stock}, now ${now?.stock}, redeemed ${now?.redeemed}`);
  }
  return { name: 'stock never negative; stock left + redeemed = initial stock', violations };
}

/** The client's view: every key it sent has one definite answer, and the database agrees with it. */
async function clientChecks(db: Database, seeded: Seeded, records: KeyRecord[]): Promise<Check[]> {
  const stored = await db.query<{
    scope: string;
    key: string;
    status: number;
    redemption_id: string | null;
    code: string | null;
  }>(
    `SELECT scope, key, status, response -> 'redemption' ->> 'id' AS redemption_id, response -> 'error' ->> 'code' AS code
     FROM idempotency_keys WHERE program_id = $1 AND scope LIKE 'member:%'`,
    [seeded.programId],
  );
  const byKey = new Map(stored.map((s) => [`${s.scope} ${s.key}`, s]));
  const unresolved: string[] = [];
  const disagree: string[] = [];
  const conflicts: string[] = [];
  const sent = new Set<string>();
  const spent = new Map<string, number>();
  for (const r of records) {
    const id = `member:${r.member.id} ${r.key}`;
    sent.add(id);
    if (!r.outcome) {
      unresolved.push(`${r.key} (${r.attempts} attempts)`);
      continue;
    }
    if (r.outcome.status === 409) conflicts.push(`${r.key}: ${r.outcome.code}`);
    const row = byKey.get(id);
    // A 4xx that is not stored (e.g. a 400) has no key row; every redemption outcome here is stored.
    if (!row || row.status !== r.outcome.status || (row.redemption_id ?? undefined) !== r.outcome.redemptionId)
      disagree.push(`${r.key}: client ${JSON.stringify(r.outcome)}, database ${JSON.stringify(row ?? null)}`);
    if (r.outcome.status === 201) spent.set(r.member.id, (spent.get(r.member.id) ?? 0) + r.reward.cost);
  }
  const unknown = stored.filter((s) => !sent.has(`${s.scope} ${s.key}`)).map((s) => s.key);

  const balances = await db.query<{ id: string; customer_id: string; balance: number }>(
    'SELECT id, customer_id, balance FROM members WHERE program_id = $1',
    [seeded.programId],
  );
  const accounting = balances
    .filter((m) => (seeded.initialPoints.get(m.id) ?? 0) - (spent.get(m.id) ?? 0) !== m.balance)
    .map(
      (m) =>
        `${m.customer_id}: started ${seeded.initialPoints.get(m.id)}, client saw ${spent.get(m.id) ?? 0} spent, balance ${m.balance}`,
    );
  return [
    { name: 'every key the client sent got a definite answer', violations: unresolved },
    {
      name: "every key's answer to the client is the one stored for it (same status, same redemption)",
      violations: disagree,
    },
    { name: 'no retry with the same key and body was refused as a conflict', violations: conflicts },
    { name: 'no key in the database that the client never sent', violations: unknown },
    {
      name: "every member's balance = its starting points − the costs of the 201s the client saw (each took effect once)",
      violations: accounting,
    },
  ];
}
