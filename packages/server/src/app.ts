import { type LotteryDrawResponse, routes } from '@member-center/contract';
import { openApiDocument } from '@member-center/contract/openapi';
import { Hono } from 'hono';
import { reportAction } from './commands/actions.js';
import { adjust } from './commands/adjustments.js';
import { createCampaign, updateCampaign } from './commands/campaigns.js';
import { checkIn } from './commands/check-ins.js';
import {
  issueCoupons,
  lookUpCoupon,
  releaseCoupon,
  UnknownCouponError,
  useCoupon,
  voidCoupon,
} from './commands/coupons.js';
import { createDiscountOnce } from './commands/discounts.js';
import { eraseMember } from './commands/erasure.js';
import { drawOnce } from './commands/lottery.js';
import { placeOrder } from './commands/orders.js';
import { setConsent, updateProfile } from './commands/profile.js';
import { updateProgram } from './commands/program.js';
import { redeemOnce } from './commands/redemptions.js';
import { attributeReferral } from './commands/referrals.js';
import { refundOrder } from './commands/refunds.js';
import { archiveReward, createReward, updateReward } from './commands/rewards.js';
import type { Database } from './db/database.js';
import type { MemberLoader } from './http/auth.js';
import { limitBodies } from './http/body-limit.js';
import { mountConsole } from './http/console.js';
import { cors } from './http/cors.js';
import { mountDocs } from './http/docs.js';
import { ApiError, DomainError, notFound } from './http/errors.js';
import { RateLimiter, type RateLimitOptions, rateLimitsFromEnv } from './http/rate-limit.js';
import { type Env, mount } from './http/route.js';
import { Outcome } from './kernel/idempotency.js';
import { cursorSeq, pageSize } from './kernel/paging.js';
import { ProgramCache } from './kernel/program-cache.js';
import type { ProgramRow } from './kernel/programs.js';
import { ensureMember, findMember, type MemberRow, profileChanges, tokenMemberRow } from './ledger/members.js';
import { advanceMember, isDue } from './member-state/advance.js';
import { myActions } from './queries/actions.js';
import { activity } from './queries/activity.js';
import { campaignResults, listCampaigns } from './queries/campaigns.js';
import { listCatalogue, listRewards } from './queries/catalogue.js';
import { localizedAction, localizedDraw, localizedMe, localizedProgram, localizedRewards } from './queries/localize.js';
import { listDraws } from './queries/lottery.js';
import { memberExport } from './queries/member-export.js';
import { isSummaryRow, memberSummary, readSummary, summaryView } from './queries/member-summary.js';
import { consentsOf, profileView } from './queries/profile.js';
import { programView, programViewOf, publishedLottery } from './queries/program-view.js';
import { listRedemptions } from './queries/redemptions.js';
import { listReferrals, referralSummary } from './queries/referrals.js';
import { listSegmentMembers, segmentCounts } from './queries/segments.js';
import { programStats } from './queries/stats.js';
import { allCampaigns, runningAt } from './rules/campaigns.js';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, resendDelivery } from './webhooks/endpoints.js';

export interface AppOptions {
  db: Database;
  /** Check every response against the contract (tests); off by default. */
  checkResponses?: boolean;
  /** What time it is for the loyalty rules (expiry, …); tests move it instead of sleeping. */
  clock?: () => Date;
  /**
   * Rate limits; `false` turns them off. By default the RATE_LIMIT*, REDIS_URL environment variables,
   * in the database's `rate_limit_buckets` on PostgreSQL (shared by every process), else in memory.
   */
  rateLimits?: RateLimitOptions | false;
  /** How long this process trusts a program (rules, tiers, campaigns) it has read; 5 s by default. */
  programCacheMs?: number;
}

export const MAX_BODY_BYTES = 1024 * 1024;

export function createApp({
  db,
  checkResponses = false,
  clock = () => new Date(),
  rateLimits = rateLimitsFromEnv(),
  programCacheMs = Number(process.env.PROGRAM_CACHE_MS ?? 5_000),
}: AppOptions) {
  const app = new Hono<Env>();
  const rateLimiter = rateLimits === false ? undefined : new RateLimiter(rateLimits, db);
  const programs = new ProgramCache(db, allCampaigns, programCacheMs);
  const on = { db, programs, checkResponses, rateLimiter, clock };
  const tiers = (program: ProgramRow) => programs.tiers(program.id);
  /** The summary of a member brought up to date by `now`. */
  const summary = async (program: ProgramRow, member: MemberRow, now: Date) =>
    memberSummary(db, program, await tiers(program), await advanceMember(db, program, member, now), now);
  /**
   * GET /v1/me reads the member and everything it shows in one statement; only a first visit,
   * a changed profile or something due costs more.
   */
  const readMe: MemberLoader = async (program, customerId, profile, issuedAt) => {
    const row = await readSummary(db, program, { customerId }, clock());
    if (row && !profileChanges(row, profile)) return row;
    return tokenMemberRow(db, program.id, customerId, profile, issuedAt);
  };

  app.onError((error, c) => {
    // The domain's refusals carry their status; errors of the HTTP layer may add headers (Retry-After).
    if (error instanceof DomainError) {
      if (error instanceof ApiError)
        for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return c.json(error.toJSON(), error.status);
    }
    console.error(error);
    return c.json(
      { error: { code: 'internal_error', message: 'Something went wrong on our side; nothing was changed.' } },
      500,
    );
  });
  app.notFound((c) => c.json(notFound(`No route ${c.req.method} ${c.req.path}.`).toJSON(), 404));

  app.use(cors(db));
  app.use(
    limitBodies(MAX_BODY_BYTES, (c) =>
      // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
      c.json(new ApiError(413, 'payload_too_large', 'The request body is over 1 MB.').toJSON(), 413, {
        Connection: 'close',
      }),
    ),
  );

  const document = openApiDocument();
  app.get('/v1/openapi.json', (c) => c.json(document));
  mountDocs(app);
  mountConsole(app, { db, programs, clock, checkResponses, ipHeader: rateLimiter?.ipHeader });
  app.get('/health', async (c) => {
    await db.query('SELECT 1');
    return c.json({ ok: true });
  });

  const programViewNow = async (program: ProgramRow) =>
    programViewOf(
      program,
      await tiers(program),
      runningAt(await programs.campaigns(program.id), clock()),
      await publishedLottery(db, program, clock()),
    );
  mount(
    app,
    routes.getProgram,
    async ({ query }, { program }) => localizedProgram(await programViewNow(program), query.locale),
    on,
  );
  mount(
    app,
    routes.updateProgram,
    async ({ body }, { program, db, afterCommit }) => {
      const updated = await db.transaction((tx) => updateProgram(tx, program, body, clock()));
      afterCommit(() => programs.forget(program));
      // Read through the change's own transaction: the cache would see the program before it.
      return programView(db, updated, clock());
    },
    on,
  );
  mount(
    app,
    routes.getMe,
    async ({ query }, { program, member }) => {
      if (isSummaryRow(member) && !isDue(program, member, member.read_at)) {
        return localizedMe(summaryView(program, await tiers(program), member), query.locale, program);
      }
      return localizedMe(await summary(program, member, clock()), query.locale, program);
    },
    { ...on, loadMember: readMe },
  );
  mount(
    app,
    routes.listActivity,
    async ({ query }, { program, member }) => {
      await advanceMember(db, program, member, clock());
      return activity(db, member.id, pageSize(query.limit), cursorSeq(query.cursor));
    },
    on,
  );
  mount(
    app,
    routes.listRewards,
    // Brought up to date first, so "redeemable" agrees with what a redemption would find. The
    // secret key lists the whole catalogue instead; `status` filters only that.
    async ({ query }, { program, member, merchant }) =>
      localizedRewards(
        merchant
          ? await listCatalogue(db, program, query.status, pageSize(query.limit), cursorSeq(query.cursor))
          : await listRewards(
              db,
              program,
              member && (await advanceMember(db, program, member, clock())),
              pageSize(query.limit),
              query.cursor,
              clock(),
            ),
        query.locale,
      ),
    on,
  );
  mount(
    app,
    routes.redeem,
    async ({ body }, { program, member, idempotencyKey }) =>
      redeemOnce(db, program, member, body.rewardId, idempotencyKey, clock()),
    on,
  );
  mount(
    app,
    routes.listRedemptions,
    async ({ query }, { program, member }) => {
      await advanceMember(db, program, member, clock());
      const now = clock();
      return listRedemptions(db, program, member.id, now, pageSize(query.limit), cursorSeq(query.cursor));
    },
    on,
  );
  mount(
    app,
    routes.getReferral,
    // The counts include the referees whose first order has come due (advanceMember rewards them).
    async (_, { program, member }) => referralSummary(db, program, await advanceMember(db, program, member, clock())),
    on,
  );
  mount(app, routes.createReferral, async ({ body }, { program }) => attributeReferral(db, program, body, clock()), on);
  mount(
    app,
    routes.listReferrals,
    async ({ query }, { program }) =>
      listReferrals(db, program.id, pageSize(query.limit), cursorSeq(query.cursor), query.status),
    on,
  );
  mount(app, routes.checkIn, async (_, { program, member }) => checkIn(db, program, member, clock()), on);
  mount(
    app,
    routes.upsertMember,
    async ({ params, body }, { program }) => {
      const now = clock();
      const member = await ensureMember(db, program.id, params.customerId, body);
      return { ...(await summary(program, member, now)), consents: await consentsOf(db, member.id) };
    },
    on,
  );
  mount(
    app,
    routes.getMember,
    async ({ params }, { program }) => {
      const member = await findMember(db, program.id, params.customerId);
      if (!member) throw notFound(`No member ${params.customerId} in this program.`);
      const now = clock();
      return { ...(await summary(program, member, now)), consents: await consentsOf(db, member.id) };
    },
    on,
  );
  mount(
    app,
    routes.listMembers,
    async ({ query }, { program }) =>
      listSegmentMembers(db, program, clock(), query, pageSize(query.limit), cursorSeq(query.cursor)),
    on,
  );
  mount(app, routes.getSegments, async (_, { program }) => segmentCounts(db, program.id, clock()), on);
  mount(
    app,
    routes.recordOrder,
    async ({ params, body }, { program }) => placeOrder(db, program, params.customerId, body, clock()),
    on,
  );
  mount(
    app,
    routes.refundOrder,
    async ({ params, body }, { program }) => refundOrder(db, program, params.customerId, params.orderId, body, clock()),
    on,
  );
  mount(
    app,
    routes.adjustPoints,
    async ({ params, body }, { program, idempotencyKey, db }) =>
      adjust(db, program, params.customerId, body, idempotencyKey, clock()),
    on,
  );
  mount(
    app,
    routes.createReward,
    async ({ body }, { program, db }) => ({ reward: await createReward(db, program, body) }),
    on,
  );
  mount(
    app,
    routes.updateReward,
    async ({ params, body }, { program, db }) => ({
      reward: await db.transaction((tx) => updateReward(tx, program, params.id, body)),
    }),
    on,
  );
  mount(
    app,
    routes.listCampaigns,
    async ({ query }, { program }) => listCampaigns(db, program.id, pageSize(query.limit), cursorSeq(query.cursor)),
    on,
  );
  mount(
    app,
    routes.createCampaign,
    async ({ body }, { program, db, afterCommit }) => {
      const campaign = await createCampaign(db, program.id, body);
      afterCommit(() => programs.forgetCampaigns(program.id));
      return { campaign };
    },
    on,
  );
  mount(
    app,
    routes.updateCampaign,
    async ({ params, body }, { program, db, afterCommit }) => {
      const campaign = await updateCampaign(db, program.id, params.id, body);
      afterCommit(() => programs.forgetCampaigns(program.id));
      return { campaign };
    },
    on,
  );
  mount(
    app,
    routes.getCampaignResults,
    async ({ params }, { program }) => campaignResults(db, program, params.id, clock()),
    on,
  );
  mount(
    app,
    routes.createWebhook,
    async ({ body }, { program, db }) => createEndpoint(db, program.id, body, clock()),
    on,
  );
  mount(
    app,
    routes.listWebhooks,
    async ({ query }, { program }) => listEndpoints(db, program.id, pageSize(query.limit), cursorSeq(query.cursor)),
    on,
  );
  mount(
    app,
    routes.deleteWebhook,
    async ({ params }, { program, db }) => deleteEndpoint(db, program.id, params.id),
    on,
  );
  mount(
    app,
    routes.listWebhookDeliveries,
    async ({ params, query }, { program }) =>
      listDeliveries(db, program.id, params.id, {
        status: query.status,
        limit: pageSize(query.limit),
        before: cursorSeq(query.cursor),
      }),
    on,
  );
  mount(
    app,
    routes.resendWebhookDelivery,
    async ({ params }, { program, db }) => resendDelivery(db, program.id, params.id, params.deliveryId, clock()),
    on,
  );
  mount(
    app,
    routes.getStats,
    async ({ query }, { program }) =>
      programStats(db, program, await tiers(program), await programs.campaigns(program.id), query, clock()),
    on,
  );
  mount(
    app,
    routes.archiveReward,
    async ({ params }, { program, db }) => ({ reward: await archiveReward(db, program, params.id, clock()) }),
    on,
  );
  /** The member a merchant route names, brought up to date; 404 when the program has no such member. */
  const namedMember = async (program: ProgramRow, customerId: string) => {
    const member = await findMember(db, program.id, customerId);
    if (!member) throw notFound(`No member ${customerId} in this program.`);
    return advanceMember(db, program, member, clock());
  };
  mount(
    app,
    routes.listMemberActivity,
    async ({ params, query }, { program }) =>
      activity(db, (await namedMember(program, params.customerId)).id, pageSize(query.limit), cursorSeq(query.cursor)),
    on,
  );
  mount(
    app,
    routes.createDiscount,
    async ({ body }, { program, member, idempotencyKey }) =>
      createDiscountOnce(db, program, member, body.points, idempotencyKey, clock()),
    on,
  );
  /** A coupon code route: refused while the wrong-code allowance is used up; an unknown code takes from it. */
  const byCode = async <T>(program: ProgramRow, run: () => Promise<T>) => {
    rateLimiter?.assertCouponLookups(program.id);
    try {
      return await run();
    } catch (error) {
      if (error instanceof UnknownCouponError) await rateLimiter?.couponMissed(program.id);
      throw error;
    }
  };
  mount(
    app,
    routes.getCoupon,
    async ({ params }, { program }) => byCode(program, () => lookUpCoupon(db, program, params.code, clock())),
    on,
  );
  mount(
    app,
    routes.listMemberCoupons,
    async ({ params, query }, { program }) =>
      listRedemptions(
        db,
        program,
        (await namedMember(program, params.customerId)).id,
        clock(),
        pageSize(query.limit),
        cursorSeq(query.cursor),
      ),
    on,
  );
  mount(
    app,
    routes.useCoupon,
    async ({ params, body }, { program, db }) =>
      byCode(program, () => useCoupon(db, program, params.code, body, clock())),
    on,
  );
  mount(
    app,
    routes.releaseCoupon,
    async ({ params, body }, { program, db }) =>
      byCode(program, () => releaseCoupon(db, program, params.code, body.orderId, clock())),
    on,
  );
  mount(
    app,
    routes.voidCoupon,
    async ({ params }, { program, db }) => byCode(program, () => voidCoupon(db, program, params.code, clock())),
    on,
  );
  mount(app, routes.issueCoupons, async ({ body }, { program, db }) => issueCoupons(db, program, body, clock()), on);
  mount(
    app,
    routes.getBootstrap,
    // What GET /v1/program, /v1/me, /v1/me/referral and the first page of /v1/rewards answer, from
    // one request: the member is brought up to date once (nothing when nothing is due) and the
    // four reads run side by side. GET /v1/me's one-statement read (readMe) loads the member.
    async ({ query }, { program, member }) => {
      const now = clock();
      const due = member !== null && (!isSummaryRow(member) || isDue(program, member, member.read_at));
      const current = member && (due ? await advanceMember(db, program, member, now) : member);
      const [view, me, referral, rewards] = await Promise.all([
        programViewNow(program),
        current &&
          (isSummaryRow(current) && !due
            ? summaryView(program, await tiers(program), current)
            : memberSummary(db, program, await tiers(program), current, now)),
        current && referralSummary(db, program, current),
        listRewards(db, program, current, pageSize(undefined), undefined, now),
      ]);
      return {
        program: localizedProgram(view, query.locale),
        me: me && localizedMe(me, query.locale, program),
        referral,
        rewards: localizedRewards(rewards, query.locale),
      };
    },
    { ...on, loadMember: readMe },
  );
  mount(
    app,
    routes.reportAction,
    async ({ params, body }, { program }) => reportAction(db, program, params.customerId, body, clock()),
    on,
  );
  mount(
    app,
    routes.listMyActions,
    async ({ query }, { program, member }) => {
      const mine = await myActions(db, program, member.id, clock());
      return { items: mine.items.map((a) => localizedAction(a, query.locale)) };
    },
    on,
  );
  mount(app, routes.getProfile, async (_, { member }) => profileView(db, member), on);
  mount(
    app,
    routes.updateProfile,
    async ({ body }, { program, member }) => updateProfile(db, program, member, body, clock()),
    on,
  );
  mount(
    app,
    routes.setMyConsent,
    async ({ params, body }, { program, member }) =>
      setConsent(db, program, member, params.channel, body.granted, 'widget', clock()),
    on,
  );
  mount(
    app,
    routes.setMemberConsent,
    async ({ params, body }, { program }) =>
      setConsent(
        db,
        program,
        await ensureMember(db, program.id, params.customerId),
        params.channel,
        body.granted,
        'merchant_api',
        clock(),
      ),
    on,
  );
  mount(
    app,
    routes.exportMember,
    async ({ params }, { program }) =>
      memberExport(db, program, await namedMember(program, params.customerId), clock()),
    on,
  );
  mount(
    app,
    routes.eraseMember,
    async ({ params }, { program }) => eraseMember(db, program, params.customerId, clock()),
    on,
  );
  mount(
    app,
    routes.drawLottery,
    async ({ query }, { program, member, idempotencyKey }) => {
      const outcome = await drawOnce(db, program, member, idempotencyKey, clock());
      if (outcome.status !== 201) return outcome;
      const body = outcome.body as LotteryDrawResponse;
      return new Outcome(201, { ...body, draw: localizedDraw(body.draw, query.locale) }, outcome.replayed);
    },
    on,
  );
  mount(
    app,
    routes.listLotteryDraws,
    async ({ query }, { program, member }) => {
      const list = await listDraws(db, program, member.id, clock(), pageSize(query.limit), cursorSeq(query.cursor));
      return { ...list, items: list.items.map((d) => localizedDraw(d, query.locale)) };
    },
    on,
  );
  // The rate limiter's store may hold a connection of its own (Redis): closed with the server.
  return Object.assign(app, { close: async () => rateLimiter?.close() });
}
