import type { OperatorRole, RouteDef, RouteName, WebhookCreated } from '@member-center/contract';
import { routes } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import { notFound } from '../kernel/errors.js';
import type { ProgramRow } from '../kernel/programs.js';
import { findMember } from '../ledger/members.js';
import { programView } from '../queries/program-view.js';
import { type RewardRow, rewardView } from '../rules/rewards.js';
import { findDelivery } from '../webhooks/endpoints.js';

/**
 * What an operator's session may do on the merchant routes, in one table: the least role per
 * route, and for a write the audit entry it leaves (its action, what it is about, the state
 * before). A merchant route not listed is read by viewers when it is a GET and written by owners
 * otherwise, so a route added later is never open to less than an owner by mistake.
 * `null`: the shop's backend only (orders, refunds, referral attribution), never a session.
 */
export interface Access {
  role: OperatorRole;
  audit?: {
    action: string;
    target?: (input: AuditInput, after: unknown) => string;
    before?: (db: Sql, program: ProgramRow, input: AuditInput) => Promise<unknown>;
    /** What of the answer the log keeps (default: all of it). */
    after?: (answer: unknown) => unknown;
  };
}

type AuditInput = { params: Record<string, string>; body: Record<string, unknown> };

const RANK: Record<OperatorRole, number> = { viewer: 0, staff: 1, owner: 2 };
export const allows = (held: OperatorRole, needed: OperatorRole) => RANK[held] >= RANK[needed];

export const MERCHANT_ACCESS: Partial<Record<RouteName, Access | null>> = {
  adjustPoints: {
    role: 'staff',
    audit: {
      action: 'points.adjusted',
      target: ({ params }) => `member:${params.customerId}`,
      before: async (db, program, { params }) => {
        const member = await findMember(db, program.id, params.customerId!);
        return member ? { balance: Number(member.balance) } : null;
      },
    },
  },
  createReward: {
    role: 'staff',
    audit: {
      action: 'reward.created',
      target: (_, after) => `reward:${(after as { reward: { id: string } }).reward.id}`,
    },
  },
  updateReward: {
    role: 'staff',
    audit: {
      action: 'reward.updated',
      target: ({ params }) => `reward:${params.id}`,
      before: async (db, program, { params }) => {
        const [row] = await db.query<RewardRow>('SELECT * FROM rewards WHERE program_id = $1 AND id = $2', [
          program.id,
          params.id,
        ]);
        if (!row) throw notFound(`No reward ${params.id} in this program.`);
        return rewardView(row, program.currency);
      },
    },
  },
  archiveReward: {
    role: 'staff',
    audit: { action: 'reward.archived', target: ({ params }) => `reward:${params.id}` },
  },
  issueCoupons: { role: 'staff', audit: { action: 'coupons.issued' } },
  useCoupon: { role: 'staff', audit: { action: 'coupon.used', target: ({ params }) => `coupon:${params.code}` } },
  releaseCoupon: {
    role: 'staff',
    audit: { action: 'coupon.released', target: ({ params }) => `coupon:${params.code}` },
  },
  voidCoupon: { role: 'staff', audit: { action: 'coupon.voided', target: ({ params }) => `coupon:${params.code}` } },
  updateProgram: {
    role: 'owner',
    audit: { action: 'program.updated', before: (db, program) => programView(db, program, new Date()) },
  },
  createCampaign: { role: 'owner', audit: { action: 'campaign.created' } },
  updateCampaign: {
    role: 'owner',
    audit: { action: 'campaign.updated', target: ({ params }) => `campaign:${params.id}` },
  },
  createWebhook: {
    role: 'owner',
    // The answer shows the endpoint's signing secret once: the log keeps the rest.
    audit: {
      action: 'webhook.created',
      target: (_, after) => `webhook:${(after as WebhookCreated).webhook.id}`,
      after: (answer) => (answer as WebhookCreated).webhook,
    },
  },
  deleteWebhook: {
    role: 'owner',
    audit: {
      action: 'webhook.deleted',
      target: ({ params }) => `webhook:${params.id}`,
      before: async (db, program, { params }) =>
        (
          await db.query('SELECT url, events FROM webhook_endpoints WHERE program_id = $1 AND id = $2', [
            program.id,
            params.id,
          ])
        )[0] ?? null,
    },
  },
  resendWebhookDelivery: {
    role: 'owner',
    audit: {
      action: 'webhook.resent',
      target: ({ params }) => `webhook:${params.id}`,
      before: (db, program, { params }) => findDelivery(db, program.id, params.id!, params.deliveryId!),
    },
  },
  recordOrder: null,
  refundOrder: null,
  createReferral: null,
  upsertMember: null,
  // Actions are reported by the shop's backend; consent and privacy requests are the owner's to act on.
  reportAction: null,
  setMemberConsent: {
    role: 'staff',
    audit: { action: 'consent.recorded', target: ({ params }) => `member:${params.customerId}` },
  },
  exportMember: { role: 'owner' },
  eraseMember: { role: 'owner', audit: { action: 'member.erased' } },
};

const byDef = new Map<RouteDef, Access | null>(
  (Object.entries(routes) as [RouteName, RouteDef][]).map(([name, def]) => [
    def,
    MERCHANT_ACCESS[name] !== undefined
      ? MERCHANT_ACCESS[name]!
      : { role: def.method === 'GET' ? 'viewer' : 'owner', audit: { action: `${name}` } },
  ]),
);

/** A merchant route's access for operators; routes of no table (tests' own) are owners'. */
export const accessOf = (def: RouteDef): Access | null =>
  byDef.has(def) ? byDef.get(def)! : { role: def.method === 'GET' ? 'viewer' : 'owner' };
