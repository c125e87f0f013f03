import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { caseArbitrary, emptyTally, type FuzzTarget, sendCase, startFuzzTarget } from './fuzz-kit.js';
import { assertMoneyInvariants, backend } from './harness.js';

/** Enough for CI; `pnpm --filter @member-center/server fuzz` runs thousands and prints figures. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe(`fuzz over every route of the OpenAPI document (${backend})`, () => {
  let target: FuzzTarget;
  before(async () => {
    target = await startFuzzTarget();
  });
  after(() => target.api.close());

  it(`${RUNS} random requests over every route: no 5xx, every answer keeps the contract, the ledger adds up`, async () => {
    const tally = emptyTally();
    // Each route gets its share of the runs, so none is left out by chance.
    const perRoute = Math.ceil(RUNS / target.operations.length);
    for (const op of target.operations) {
      await fc.assert(
        fc.asyncProperty(caseArbitrary([op], target.credentials, target.known), async (c) => {
          const problems = await sendCase(target, c, tally);
          if (problems.length) throw new Error(`${c.method} ${c.url}: ${problems.join('; ')}`);
        }),
        {
          numRuns: perRoute,
          includeErrorInReport: true,
          ...(process.env.FUZZ_SEED && { seed: Number(process.env.FUZZ_SEED) }),
        },
      );
    }
    assert.equal(tally.fiveXx, 0);
    assert.ok(target.operations.length >= 20, 'the served OpenAPI document lists the routes');
    assert.ok((tally.byStatus.get(201) ?? 0) > 0, 'valid requests reached the business rules');
    assert.ok((tally.byStatus.get(400) ?? 0) > 0 && (tally.byStatus.get(401) ?? 0) > 0, 'bad input and auth were sent');
    await assertMoneyInvariants(target.api.db);
  });

  it("issue 14's routes and fields, 100 cases each: results, campaigns with holdouts, the member's bazaar and its cursor", async () => {
    const tally = emptyTally();
    const names = [
      'getCampaignResults',
      'createCampaign',
      'updateCampaign',
      'listRewards',
      'updateProgram',
      'recordOrder',
    ];
    const ops = target.operations.filter((op) => names.includes(op.operationId));
    assert.equal(ops.length, names.length);
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(caseArbitrary([op], target.credentials, target.known), async (c) => {
          const problems = await sendCase(target, c, tally);
          if (problems.length) throw new Error(`${c.method} ${c.url}: ${problems.join('; ')}`);
        }),
        { numRuns: 100, includeErrorInReport: true },
      );
    }
    assert.equal(tally.fiveXx, 0);
    assert.ok((tally.byStatus.get(200) ?? 0) > 0, 'some reached the rules');
    await assertMoneyInvariants(target.api.db);
  });

  // Found by the fuzz: the server answered 413 without reading the body, then dropped the
  // connection the client was about to reuse, so the client's next request failed.
  it('after a 413 for a body over 1 MB, the next requests still get answers', async () => {
    const { url, program } = target.api;
    for (let i = 0; i < 3; i++) {
      const tooLarge = await fetch(`${url}/v1/rewards`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${program.secret_key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
      });
      assert.equal(tooLarge.status, 413);
      assert.equal(((await tooLarge.json()) as { error: { code: string } }).error.code, 'payload_too_large');
      assert.equal(
        (await fetch(`${url}/v1/program`, { headers: { 'X-Publishable-Key': program.publishable_key } })).status,
        200,
      );
    }
  });
});
