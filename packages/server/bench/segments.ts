import { createApp } from '../src/app.js';
import { createProgram } from '../src/commands/program.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { scratchDatabase } from '../test/scratch-database.js';

const MEMBERS = Number(process.env.SEGMENTS_MEMBERS ?? 20_000);
const RUNS = Number(process.env.SEGMENTS_RUNS ?? 7);
const now = new Date('2026-06-01T00:00:00Z');

async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { db: await openDatabase(), drop: async () => {} };
  const scratch = await scratchDatabase(url, 'mc_bench');
  return { db: await openDatabase({ url: scratch.url }), drop: () => scratch.drop() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { db, drop } = await open();
try {
  const program = await createProgram(db, { name: 'Segments bench' });
  const seedStart = performance.now();
  // Last orders spread over 400 days, first orders up to 200 days before them, 1–30 orders
  // (most few), spend up to ¥5,000.
  await db.query(
    `INSERT INTO members (program_id, customer_id, referral_code, created_at, order_count, net_spend, first_order_at,
       last_order_at)
     SELECT $1, 'bench-' || i, 'B' || i, $2::timestamptz - interval '700 days', orders,
       CASE WHEN orders > 0 THEN (random() * 500000)::bigint ELSE 0 END,
       CASE WHEN orders > 0 THEN $2::timestamptz - make_interval(secs => (age + span) * 86400) END,
       CASE WHEN orders > 0 THEN $2::timestamptz - make_interval(secs => age * 86400) END
     FROM (SELECT i, CASE WHEN random() < 0.8 THEN 1 + (random() * random() * 29)::int ELSE 0 END AS orders,
             random() * 400 AS age, random() * 200 AS span
           FROM generate_series(1, $3) AS i) s`,
    [program.id, now, MEMBERS],
  );
  await db.exec('ANALYZE members');
  const seedMs = performance.now() - seedStart;

  const app = createApp({ db, clock: () => now, rateLimits: false });
  const headers = { Authorization: `Bearer ${program.secret_key}` };
  async function time(path: string) {
    const first = await app.request(path, { headers });
    if (first.status !== 200) throw new Error(`${path}: ${first.status} ${await first.text()}`);
    const body = (await first.json()) as { items?: unknown[] };
    const ms: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const res = await app.request(path, { headers });
      await res.arrayBuffer();
      ms.push(performance.now() - start);
    }
    return { path, median: median(ms), max: Math.max(...ms), items: body.items?.length };
  }

  console.log(
    `Segmentation on ${db.kind}: ${MEMBERS.toLocaleString('en')} members (seeded in ${Math.round(seedMs)} ms), ${RUNS} runs each`,
  );
  // Index-only scans skip the table only on pages the visibility map marks all-visible, which
  // autovacuum keeps up to date; right after a bulk load (or a burst of writes) no page is.
  for (const state of ['just written, before VACUUM', 'after VACUUM (what autovacuum keeps)']) {
    if (state.startsWith('after')) await db.exec('VACUUM ANALYZE members');
    console.log(`  ${state}:`);
    for (const path of [
      '/v1/segments',
      '/v1/members?limit=50',
      '/v1/members?limit=50&stage=loyal',
      '/v1/members?limit=50&rfm=5-5-5',
      '/v1/members?limit=50&stage=churned&rfm=*-*-45',
    ]) {
      const r = await time(path);
      console.log(
        `    GET ${r.path.padEnd(46)} median ${r.median.toFixed(1).padStart(7)} ms   max ${r.max.toFixed(1).padStart(7)} ms` +
          (r.items === undefined ? '' : `   (${r.items} items)`),
      );
    }
  }
  const segments = (await (await app.request('/v1/segments', { headers })).json()) as {
    stages: { stage: string; members: number }[];
  };
  console.log(`  stages: ${segments.stages.map((s) => `${s.stage} ${s.members}`).join(', ')}`);
} finally {
  await db.close();
  await drop();
}
