import { openDatabase } from '../src/db/database.js';
import { tiersOf } from '../src/kernel/programs.js';
import { allCampaigns } from '../src/rules/campaigns.js';
import { programStats } from '../src/queries/stats.js';
const db = await openDatabase({ url: process.env.DATABASE_URL! });
const [program] = await db.query<any>('SELECT * FROM programs');
const now = new Date('2026-06-01T04:00:00Z');
const timed = { ...db, query: async (t: string, p?: unknown[]) => { const s = performance.now(); const r = await db.query(t, p); times.push([t.replace(/\s+/g, ' ').slice(0, 60), performance.now() - s]); return r; } } as any;
let times: [string, number][] = [];
for (const q of [{}, {}, {}, { interval: 'week' as const }, { interval: 'week' as const }]) {
  times = [];
  const s = performance.now();
  await programStats(timed, program, await tiersOf(db, program.id), await allCampaigns(db, program.id), q, now);
  console.log(JSON.stringify(q), (performance.now() - s).toFixed(0), 'ms');
  for (const [t, ms] of times) console.log('   ', ms.toFixed(0).padStart(5), t);
}
await db.close();
