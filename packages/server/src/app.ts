import { routes } from '@member-center/contract';
import { openApiDocument } from '@member-center/contract/openapi';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Database } from './db/database.js';
import { grantBirthday } from './domain/birthdays.js';
import { createCampaign, listCampaigns, updateCampaign } from './domain/campaigns.js';
import { checkIn } from './domain/check-ins.js';
import { settleMember } from './domain/expiry.js';
import { activity } from './domain/ledger.js';
import { ensureMember, findMember, type MemberRow, memberSummary } from './domain/members.js';
import { adjust, placeOrder } from './domain/orders.js';
import { cursorSeq, pageSize } from './domain/paging.js';
import { type ProgramRow, programView, updateProgram } from './domain/programs.js';
import { listRedemptions, redeemOnce } from './domain/redemptions.js';
import { attributeReferral, listReferrals, referralSummary, settleReferees } from './domain/referrals.js';
import { refundOrder } from './domain/refunds.js';
import { createReward, listRewards, updateReward } from './domain/rewards.js';
import { listSegmentMembers, segmentCounts } from './domain/segments.js';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints } from './domain/webhooks.js';
import { cors } from './http/cors.js';
import { docsPage } from './http/docs.js';
import { ApiError, notFound } from './http/errors.js';
import { RateLimiter, type RateLimitOptions, rateLimitsFromEnv } from './http/rate-limit.js';
import { type Env, mount } from './http/route.js';

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
}

export const MAX_BODY_BYTES = 1024 * 1024;

export function createApp({
  db,
  checkResponses = false,
  clock = () => new Date(),
  rateLimits = rateLimitsFromEnv(),
}: AppOptions) {
  const app = new Hono<Env>();
  const rateLimiter = rateLimits === false ? undefined : new RateLimiter(rateLimits, db);
  const on = { db, checkResponses, rateLimiter };
  /** A member brought up to date before their summary is shown: points settled, birthday gift given. */
  const readyToShow = async (program: ProgramRow, member: MemberRow, now: Date) =>
    grantBirthday(db, program, await settleMember(db, await settleReferees(db, member, now), now), now);

  app.onError((error, c) => {
    if (error instanceof ApiError) {
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
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
      onError: (c) =>
        c.json(new ApiError(413, 'payload_too_large', 'The request body is over 1 MB.').toJSON(), 413, {
          Connection: 'close',
        }),
    }),
  );

  const document = openApiDocument();
  app.get('/v1/openapi.json', (c) => c.json(document));
  app.get('/docs', (c) => c.html(docsPage(document)));
  app.get('/health', async (c) => {
    await db.query('SELECT 1');
    return c.json({ ok: true });
  });

  mount(app, routes.getProgram, async (_, { program }) => programView(db, program, clock()), on);
  mount(
    app,
    routes.updateProgram,
    async ({ body }, { program }) =>
      programView(db, await db.transaction((tx) => updateProgram(tx, program, body)), clock()),
    on,
  );
  mount(
    app,
    routes.getMe,
    async (_, { program, member }) => {
      const now = clock();
      return memberSummary(db, program, await readyToShow(program, member, now), now);
    },
    on,
  );
  mount(
    app,
    routes.listActivity,
    async ({ query }, { member }) => {
      const now = clock();
      await settleMember(db, await settleReferees(db, member, now), now);
      return activity(db, member.id, pageSize(query.limit), cursorSeq(query.cursor));
    },
    on,
  );
  mount(
    app,
    routes.listRewards,
    async ({ query }, { program, member }) =>
      listRewards(db, program, member, pageSize(query.limit), cursorSeq(query.cursor)),
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
    async ({ query }, { member }) => listRedemptions(db, member.id, pageSize(query.limit), cursorSeq(query.cursor)),
    on,
  );
  mount(
    app,
    routes.getReferral,
    // No summary needed (no tier or points queries): the code, the link and the counts, after
    // rewarding the referees whose first order has come due.
    async (_, { program, member }) => referralSummary(db, program, await settleReferees(db, member, clock())),
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
      return memberSummary(db, program, await readyToShow(program, member, now), now);
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
      return memberSummary(db, program, await readyToShow(program, member, now), now);
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
    async ({ params, body }, { program, idempotencyKey }) =>
      adjust(db, program, params.customerId, body, idempotencyKey, clock()),
    on,
  );
  mount(
    app,
    routes.createReward,
    async ({ body }, { program }) => ({ reward: await createReward(db, program.id, body) }),
    on,
  );
  mount(
    app,
    routes.updateReward,
    async ({ params, body }, { program }) => ({ reward: await updateReward(db, program.id, params.id, body) }),
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
    async ({ body }, { program }) => ({ campaign: await createCampaign(db, program.id, body) }),
    on,
  );
  mount(
    app,
    routes.updateCampaign,
    async ({ params, body }, { program }) => ({ campaign: await updateCampaign(db, program.id, params.id, body) }),
    on,
  );
  mount(app, routes.createWebhook, async ({ body }, { program }) => createEndpoint(db, program.id, body, clock()), on);
  mount(
    app,
    routes.listWebhooks,
    async ({ query }, { program }) => listEndpoints(db, program.id, pageSize(query.limit), cursorSeq(query.cursor)),
    on,
  );
  mount(app, routes.deleteWebhook, async ({ params }, { program }) => deleteEndpoint(db, program.id, params.id), on);
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
  // The rate limiter's store may hold a connection of its own (Redis): closed with the server.
  return Object.assign(app, { close: async () => rateLimiter?.close() });
}
