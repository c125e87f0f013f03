import * as z from 'zod/mini';
import { Consents } from './member-answers.js';
import { Timestamp } from './shapes.js';

// Privacy rights (GDPR, PIPL): merchant-only answers, in a module the browser client never imports.

/** A stored row as the export shows it: its columns in camelCase, times in ISO-8601. */
const Rows = z.array(z.record(z.string(), z.unknown()));

/** `GET /v1/members/{customerId}/export`: everything the program holds about the member. */
export const MemberExport = z.object({
  exportedAt: Timestamp,
  program: z.object({ id: z.string(), name: z.string() }),
  /** The member row: profile, balances, tier, referral code, enrolment. */
  member: z.record(z.string(), z.unknown()),
  consents: Consents,
  /** Every consent change, oldest first (append-only). */
  consentHistory: Rows,
  /** The points ledger, oldest first (tier changes are 0-point entries of type tier). */
  ledger: Rows,
  orders: Rows,
  refunds: Rows,
  pendingPoints: Rows,
  /** Coupons: redeemed, issued by the merchant and points discounts. */
  redemptions: Rows,
  /** Referrals the member made (as referrer) and the one that brought them (as referee). */
  referrals: Rows,
  checkIns: Rows,
  actions: Rows,
});
export type MemberExport = z.infer<typeof MemberExport>;

/** `DELETE /v1/members/{customerId}`: the member's personal data is gone (again 200 when retried). */
export const MemberErased = z.object({ erased: z.literal(true), erasedAt: Timestamp });
export type MemberErased = z.infer<typeof MemberErased>;
