/**
 * `pnpm --filter @member-center/server fuzz`: property-based fuzzing of every route in the
 * OpenAPI document the API serves, then the figures: cases per route, the status histogram,
 * 5xx and contract violations (each listed with its request), and the ledger invariants.
 * Exits 1 on any 5xx, violation or broken invariant.
 *
 * Tunables (env): FUZZ_RUNS (5000), FUZZ_SEED (random; printed, so a run can be replayed),
 * DATABASE_URL (PostgreSQL; PGlite without it).
 */
import fc from 'fast-check';
import { caseArbitrary, emptyTally, sendCase, startFuzzTarget, type Tally } from '../test/fuzz-kit.js';
import { assertMoneyInvariants, backend } from '../test/harness.js';

const runs = Number(process.env.FUZZ_RUNS ?? 5000);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const target = await startFuzzTarget();
const tally = emptyTally();
const started = performance.now();
let invariants = 'hold';
try {
  // Every case is sent and judged; none stops the run, so the figures cover all of them.
  await fc.assert(
    fc.asyncProperty(caseArbitrary(target.operations, target.credentials, target.known), async (c) => {
      await sendCase(target, c, tally);
    }),
    { numRuns: runs, seed },
  );
  try {
    await assertMoneyInvariants(target.api.db);
  } catch (error) {
    invariants = `BROKEN: ${(error as Error).message}`;
  }
} finally {
  await target.api.close();
}
const seconds = (performance.now() - started) / 1000;
report(tally);

function report(t: Tally) {
  const line = (label: string, value: string | number) => console.log(`${label.padEnd(58)} ${value}`);
  console.log(`\nFuzz of ${target.operations.length} operations from GET /v1/openapi.json on ${backend}, seed ${seed}`);
  line('cases', `${t.cases} in ${seconds.toFixed(1)} s (${(t.cases / seconds).toFixed(0)}/s)`);
  console.log('\ncases per route (statuses seen)');
  for (const [route, count] of [...t.byRoute].sort()) {
    const statuses = [...(t.routeStatus.get(route) ?? [])]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    line(`  ${route}`, `${String(count).padStart(5)}   ${statuses}`);
  }
  console.log('\nstatus histogram');
  for (const [status, count] of [...t.byStatus].sort(([a], [b]) => a - b)) line(`  ${status}`, count);
  console.log('\nauth sent');
  for (const [kind, count] of [...t.byAuth].sort()) line(`  ${kind}`, count);
  console.log('\nbodies sent');
  for (const [kind, count] of [...t.byBody].sort()) line(`  ${kind}`, count);
  console.log('');
  line('5xx responses', t.fiveXx);
  line('contract violations (any problem, incl. 5xx)', t.violations.length);
  line('ledger invariants (balance = ledger = open lots)', invariants);
  // One example of each kind of violation: the route, the status and the problem's first words.
  const kinds = new Map<string, { count: number; example: Tally['violations'][number] }>();
  for (const v of t.violations) {
    const op = target.operations.find((o) => o.operationId === v.case.operationId)!;
    const kind = `${v.case.method} ${op.path} → ${v.status}: ${v.problems[0]!.slice(0, 70)}`;
    const seen = kinds.get(kind);
    if (seen) seen.count++;
    else kinds.set(kind, { count: 1, example: v });
  }
  for (const [kind, { count, example }] of kinds) {
    console.log(`\n  ${count}× ${kind}\n    e.g. ${example.case.method} ${example.case.url}`);
    console.log(`    ${example.problems.join('\n    ').slice(0, 600)}`);
    console.log(`    headers ${JSON.stringify(example.case.headers).slice(0, 300)}`);
    console.log(`    body ${JSON.stringify(example.case.body ?? '').slice(0, 300)}`);
  }
  console.log(`\n${t.cases - t.violations.length} passed, ${t.violations.length} failed`);
  if (t.violations.length || invariants !== 'hold') process.exitCode = 1;
}
