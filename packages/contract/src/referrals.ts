import * as z from 'zod/mini';
import { Cursor, CustomerId, Id, Limit, list, Timestamp } from './primitives.js';

// Referral attribution is merchant-only: its bodies and answers live in a module the browser
// client never imports. What members see of referrals (code, link, stats, the offer) is in
// responses.ts.

/** `POST /v1/referrals`: the merchant's backend names the referee when they sign up. */
export const CreateReferralBody = z.strictObject({
  /** The referrer's code, as the referee entered it or the `?ref=` link carried it (any case). */
  code: z.string().check(z.minLength(1), z.maxLength(32), z.regex(/^[A-Za-z0-9]+$/, 'letters and digits only')),
  /** The referee: enrolled as a member if new. */
  customerId: CustomerId,
  /** The referee's email, compared with the referrer's (aliases included) to catch self-referrals. */
  email: z.optional(z.email().check(z.maxLength(254))),
  /** The IP the referee signed up from, to catch bursts of sign-ups from one machine. */
  ip: z.optional(z.union([z.ipv4(), z.ipv6()])),
});
export type CreateReferralBody = z.infer<typeof CreateReferralBody>;

export const REFERRAL_STATUSES = ['pending', 'rewarded', 'blocked', 'disqualified'] as const;
/**
 * `pending`: waiting for the referee's first order and its return window; `rewarded`: both
 * sides got their points; `blocked`: refused by a fraud rule at attribution; `disqualified`:
 * the first order did not qualify (below the minimum, or refunded before its window ended).
 */
export const ReferralStatus = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const REFERRAL_REASONS = [
  // blocked
  'self_referral',
  'self_referral_email',
  'referee_already_referred',
  'referee_existing_customer',
  'referee_is_referrer',
  'referrer_weekly_limit',
  'ip_burst',
  // disqualified
  'first_order_below_minimum',
  'first_order_refunded',
] as const;
export const ReferralReason = z.enum(REFERRAL_REASONS);
export type ReferralReason = z.infer<typeof ReferralReason>;

export const ReferralAttribution = z.object({
  id: Id,
  /** The code used (upper case). */
  code: z.string(),
  referrer: z.object({ customerId: z.string() }),
  referee: z.object({ customerId: z.string() }),
  status: ReferralStatus,
  /** Why it was blocked or disqualified; null otherwise. */
  reason: z.nullable(ReferralReason),
  /** The referee's first order, once it has been judged. */
  orderId: z.nullable(z.string()),
  /** Points given to each side; 0 until rewarded. */
  rewards: z.object({ referrerPoints: z.int(), refereePoints: z.int() }),
  createdAt: Timestamp,
  /** When it was rewarded or disqualified; null while pending or when blocked. */
  settledAt: z.nullable(Timestamp),
});
export type ReferralAttribution = z.infer<typeof ReferralAttribution>;

export const ReferralResponse = z.object({ referral: ReferralAttribution });
export type ReferralResponse = z.infer<typeof ReferralResponse>;

export const ReferralList = list(ReferralAttribution);
export type ReferralList = z.infer<typeof ReferralList>;

export const ReferralListQuery = z.object({ limit: Limit, cursor: Cursor, status: z.optional(ReferralStatus) });
