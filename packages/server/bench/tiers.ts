/**
 * `node --conditions=@member-center/source --import tsx bench/tiers.ts`: what a tier-ladder edit
 * (PATCH /v1/program {tiers}) costs on a program with many members. TIERS_MEMBERS (100,000)
 * members, a quarter of them holding Gold; two edits are timed: removing Gold (its members
 * move to Silver in the same transaction, with a ledger entry each; every member is marked for
 * a lazy tier review) and lowering Silver's threshold (every member marked). Then the first
 * read of a marked member, which does the review. PostgreSQL with DATABASE_URL, else PGlite.
 */
import { createApp } from '../src/app.js';
import { createProgram } from '../src/commands/program.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { tiersOf } from '../src/kernel/programs.js';
import { signMemberToken } from '../src/tokens.js';
import { scratchDatabase } from '../test/scratch-database.js';

const MEMBERS = Number(process.env.TIERS_MEMBERS ?? 100_000);

async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { db: await openDatabase(), drop: async () => {} };
  const scratch = await scratchDatabase(url, 'mc_bench');
  return { db: await openDatabase({ url: scratch.url }), drop: () => scratch.drop() };
}

const { db, drop } = await open();
try {
  const program = await createProgram(db, {
    name: 'Tiers bench',
    tiers: [
      { name: 'Bronze', threshold: 0 },
      { name: 'Silver', threshold: 1000, multiplierPercent: 125 },
      { name: 'Gold', threshold: 2000, multiplierPercent: 150 },
    ],
  });
  const [bronze, silver, gold] = await tiersOf(db, program.id);
  await db.query(
    `INSERT INTO members (program_id, customer_id, referral_code, tier_id, tier_counts_from, tier_until)
     SELECT $1, 'bench-' || i, 'B' || i, CASE WHEN i % 4 = 0 THEN $2::uuid END,
       CASE WHEN i % 4 = 0 THEN now() END, CASE WHEN i % 4 = 0 THEN now() + interval '1 year' END
     FROM generate_series(1, $3) AS i`,
    [program.id, gold!.id, MEMBERS],
  );
  await db.exec('ANALYZE members');
  const app = createApp({ db, rateLimits: false });
  const patch = async (tiers: unknown) => {
    const start = performance.now();
    const res = await app.request('/v1/program', {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${program.secret_key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tiers }),
    });
    if (res.status !== 200) throw new Error(`PATCH: ${res.status} ${await res.text()}`);
    return performance.now() - start;
  };
  const ladder = (t: typeof bronze, threshold = t!.threshold) => ({
    id: t!.id,
    name: t!.name,
    threshold,
    multiplier: t!.multiplier_percent / 100,
  });
  const removeMs = await patch([ladder(bronze), ladder(silver)]);
  const lowerMs = await patch([ladder(bronze), ladder(silver, 900)]);
  const token = await signMemberToken(program.secret_key, 'bench-8');
  const start = performance.now();
  const me = await app.request('/v1/me', {
    headers: { 'X-Publishable-Key': program.publishable_key, Authorization: `Bearer ${token}` },
  });
  const readMs = performance.now() - start;
  const { tier } = (await me.json()) as { tier: { current: { name: string } | null } };
  console.log(`Tier ladder edits on ${db.kind}, ${MEMBERS.toLocaleString('en')} members (${MEMBERS / 4} in Gold):`);
  console.log(`  remove Gold (its members move to Silver, a ledger entry each)    ${Math.round(removeMs)} ms`);
  console.log(`  lower Silver's threshold (every member marked for review)        ${Math.round(lowerMs)} ms`);
  console.log(
    `  first GET /v1/me of a marked member (the review)                 ${Math.round(readMs)} ms (${tier.current?.name})`,
  );
} finally {
  await db.close();
  await drop();
}
