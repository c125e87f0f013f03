import * as z from 'zod/mini';
import {
  CouponCodeParam,
  CouponOrderBody,
  CouponResponse,
  IssueCouponsBody,
  IssueCouponsResponse,
  UseCouponBody,
} from './coupons.js';
import {
  BalanceResponse,
  CampaignList,
  CampaignResponse,
  MemberRecord,
  OrderResponse,
  RefundResponse,
  SegmentMemberList,
  Segments,
} from './merchant-responses.js';
import { Cursor, Limit, OpaqueKey } from './primitives.js';
import { UpdateProgramBody } from './program-settings.js';
import { CreateReferralBody, ReferralList, ReferralListQuery, ReferralResponse } from './referrals.js';
import {
  AdjustmentBody,
  CreateCampaignBody,
  CreateRewardBody,
  CustomerIdParam,
  DiscountBody,
  IdParam,
  LocaleQuery,
  MemberListQuery,
  OrderBody,
  OrderParams,
  RedeemBody,
  RefundBody,
  RewardListQuery,
  UpdateCampaignBody,
  UpdateRewardBody,
  UpsertMemberBody,
} from './requests.js';
import {
  ActivityList,
  CheckInResponse,
  DiscountResponse,
  Me,
  Program,
  RedeemResponse,
  RedemptionList,
  Referral,
  RewardList,
  RewardResponse,
} from './responses.js';
import { Stats, StatsQuery } from './stats.js';
import {
  CreateWebhookBody,
  WebhookCreated,
  WebhookDeleted,
  WebhookDeliveriesQuery,
  WebhookDeliveryList,
  WebhookDeliveryParams,
  WebhookDeliveryResent,
  WebhookList,
} from './webhooks.js';

/**
 * Who may call a route:
 * - `guest`: a publishable key (`X-Publishable-Key`), a member token optional;
 * - `member`: a publishable key and a member token (`Authorization: Bearer <jwt>`);
 * - `merchant`: the secret key (`Authorization: Bearer sk_…`), never from a browser.
 */
export type Auth = 'guest' | 'member' | 'merchant';

export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path: `/v1/rewards/{id}`. */
  readonly path: string;
  readonly auth: Auth;
  readonly summary: string;
  readonly params?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  /** True when the route needs an `Idempotency-Key` header. */
  readonly idempotencyKey?: boolean;
  readonly status: 200 | 201;
  /** The status of an answer that repeats an earlier one (e.g. already checked in today), same schema. */
  readonly repeatStatus?: 200;
  readonly response: z.ZodMiniType;
  /** The 4xx codes beyond the ones every route of its kind can answer. */
  readonly errors?: readonly number[];
  /** A guest route that also answers the secret key, with the merchant's view (`GET /v1/rewards`). */
  readonly secretKeyToo?: boolean;
}

// Unknown query parameters (cache busters, tracking) are ignored, not refused.
const page = z.object({ limit: Limit, cursor: Cursor });

export const routes = {
  getProgram: {
    method: 'GET',
    path: '/v1/program',
    auth: 'guest',
    summary:
      'The program as a guest sees it: name, currency, tiers, ways to earn, referral offer; `?locale=` picks the language of tier names and benefits.',
    query: LocaleQuery,
    status: 200,
    response: Program,
  },
  updateProgram: {
    method: 'PATCH',
    path: '/v1/program',
    auth: 'merchant',
    summary:
      "Change the program's settings and loyalty rules (name, origins, earn rate, points as cash, tiers, expiry, …), validated as a whole and applied together; omitted fields stay as they are.",
    body: UpdateProgramBody,
    status: 200,
    response: Program,
  },
  getMe: {
    method: 'GET',
    path: '/v1/me',
    auth: 'member',
    summary: 'Everything a widget needs about the member in one call; `?locale=` picks the language of tier names.',
    query: LocaleQuery,
    status: 200,
    response: Me,
  },
  listActivity: {
    method: 'GET',
    path: '/v1/me/activity',
    auth: 'member',
    summary: "The member's points ledger, newest first.",
    query: page,
    status: 200,
    response: ActivityList,
  },
  listRewards: {
    method: 'GET',
    path: '/v1/rewards',
    auth: 'guest',
    summary:
      "The rewards bazaar (active rewards); with a member token each reward says whether it is redeemable now and why not. With the secret key: the merchant's whole catalogue, disabled and archived rewards too, filtered by `status`. `?locale=` picks the language of names and descriptions.",
    query: RewardListQuery,
    status: 200,
    response: RewardList,
    secretKeyToo: true,
  },
  redeem: {
    method: 'POST',
    path: '/v1/me/redemptions',
    auth: 'member',
    summary: 'Redeem a reward for a coupon code. Retries with the same Idempotency-Key spend nothing twice.',
    body: RedeemBody,
    idempotencyKey: true,
    status: 201,
    response: RedeemResponse,
    errors: [404, 409, 422],
  },
  listRedemptions: {
    method: 'GET',
    path: '/v1/me/redemptions',
    auth: 'member',
    summary: "The member's coupons wallet, newest first.",
    query: page,
    status: 200,
    response: RedemptionList,
  },
  getReferral: {
    method: 'GET',
    path: '/v1/me/referral',
    auth: 'member',
    summary: "The member's referral code, share link and stats.",
    status: 200,
    response: Referral,
  },
  checkIn: {
    method: 'POST',
    path: '/v1/me/check-ins',
    auth: 'member',
    summary:
      "Check in for today (the program's time zone): 201 with the points it earned, or 200 with the same check-in when already done today.",
    status: 201,
    repeatStatus: 200,
    response: CheckInResponse,
    errors: [422],
  },
  upsertMember: {
    method: 'PUT',
    path: '/v1/members/{customerId}',
    auth: 'merchant',
    summary: "Create or update a member's profile; enrols the member when new.",
    params: CustomerIdParam,
    body: UpsertMemberBody,
    status: 200,
    response: MemberRecord,
  },
  getMember: {
    method: 'GET',
    path: '/v1/members/{customerId}',
    auth: 'merchant',
    summary: 'A member as the merchant sees it.',
    params: CustomerIdParam,
    status: 200,
    response: MemberRecord,
    errors: [404],
  },
  listMembers: {
    method: 'GET',
    path: '/v1/members',
    auth: 'merchant',
    summary:
      'Members with their lifecycle stage and RFM scores, newest first; filter by `stage`, by `rfm` (R-F-M, e.g. `5-5-*`), by `tierId`, and search with `q` (in the customer id, email and name).',
    query: MemberListQuery,
    status: 200,
    response: SegmentMemberList,
  },
  getSegments: {
    method: 'GET',
    path: '/v1/segments',
    auth: 'merchant',
    summary: 'How many members are in each lifecycle stage and RFM score now, and the stage thresholds.',
    status: 200,
    response: Segments,
  },
  recordOrder: {
    method: 'POST',
    path: '/v1/members/{customerId}/orders',
    auth: 'merchant',
    summary: 'Record an order and award its points; idempotent on orderId.',
    params: CustomerIdParam,
    body: OrderBody,
    status: 201,
    response: OrderResponse,
    errors: [409, 422],
  },
  refundOrder: {
    method: 'POST',
    path: '/v1/members/{customerId}/orders/{orderId}/refunds',
    auth: 'merchant',
    summary: "Record a refund of an order and take back its share of the order's points; idempotent on refundId.",
    params: OrderParams,
    body: RefundBody,
    status: 201,
    response: RefundResponse,
    errors: [404, 409, 422],
  },
  adjustPoints: {
    method: 'POST',
    path: '/v1/members/{customerId}/adjustments',
    auth: 'merchant',
    summary: 'Add or remove points by hand, with a reason; the balance never goes below zero.',
    params: CustomerIdParam,
    body: AdjustmentBody,
    idempotencyKey: true,
    status: 201,
    response: BalanceResponse,
    errors: [409, 422],
  },
  createReferral: {
    method: 'POST',
    path: '/v1/referrals',
    auth: 'merchant',
    summary:
      'Attribute a sign-up to a referral code: 201 with the attribution (pending, or blocked with a reason), or 200 with the same one when retried.',
    body: CreateReferralBody,
    status: 201,
    repeatStatus: 200,
    response: ReferralResponse,
    errors: [422],
  },
  listReferrals: {
    method: 'GET',
    path: '/v1/referrals',
    auth: 'merchant',
    summary: "The program's referral attributions with their status and reason, newest first; filter by status.",
    query: ReferralListQuery,
    status: 200,
    response: ReferralList,
  },
  createReward: {
    method: 'POST',
    path: '/v1/rewards',
    auth: 'merchant',
    summary: 'Add a reward to the bazaar.',
    body: CreateRewardBody,
    status: 201,
    response: RewardResponse,
    errors: [404],
  },
  updateReward: {
    method: 'PATCH',
    path: '/v1/rewards/{id}',
    auth: 'merchant',
    summary: 'Change a reward; `active: false` takes it out of the bazaar. An archived reward cannot be changed (422).',
    params: IdParam,
    body: UpdateRewardBody,
    status: 200,
    response: RewardResponse,
    errors: [404, 422],
  },
  listCampaigns: {
    method: 'GET',
    path: '/v1/campaigns',
    auth: 'merchant',
    summary: "The program's campaigns, past, running and scheduled, newest first.",
    query: page,
    status: 200,
    response: CampaignList,
  },
  createCampaign: {
    method: 'POST',
    path: '/v1/campaigns',
    auth: 'merchant',
    summary: 'Schedule a campaign: order points multiplied between two moments (e.g. double points).',
    body: CreateCampaignBody,
    status: 201,
    response: CampaignResponse,
    errors: [404],
  },
  updateCampaign: {
    method: 'PATCH',
    path: '/v1/campaigns/{id}',
    auth: 'merchant',
    summary: 'Rename a campaign or move its end, e.g. to now to end it early.',
    params: IdParam,
    body: UpdateCampaignBody,
    status: 200,
    response: CampaignResponse,
    errors: [404],
  },
  createWebhook: {
    method: 'POST',
    path: '/v1/webhooks',
    auth: 'merchant',
    summary: 'Add a webhook endpoint; the answer shows its signing secret (whsec_…) this once.',
    body: CreateWebhookBody,
    status: 201,
    response: WebhookCreated,
    errors: [422],
  },
  listWebhooks: {
    method: 'GET',
    path: '/v1/webhooks',
    auth: 'merchant',
    summary: "The program's webhook endpoints, newest first (without their secrets).",
    query: page,
    status: 200,
    response: WebhookList,
  },
  deleteWebhook: {
    method: 'DELETE',
    path: '/v1/webhooks/{id}',
    auth: 'merchant',
    summary: 'Remove a webhook endpoint; its pending deliveries are dropped.',
    params: IdParam,
    status: 200,
    response: WebhookDeleted,
    errors: [404],
  },
  listWebhookDeliveries: {
    method: 'GET',
    path: '/v1/webhooks/{id}/deliveries',
    auth: 'merchant',
    summary: "An endpoint's deliveries, newest first: pending (with the next attempt), delivered or failed.",
    params: IdParam,
    query: WebhookDeliveriesQuery,
    status: 200,
    response: WebhookDeliveryList,
    errors: [404],
  },
  getStats: {
    method: 'GET',
    path: '/v1/stats',
    auth: 'merchant',
    summary:
      "The program's figures over a range of days (default the last 30) in its time zone: members, points issued, redeemed and expired, outstanding points and their liability in money, redemption and repeat-purchase rates, tiers, stages and RFM, top rewards, running campaigns; `interval` adds a series.",
    query: StatsQuery,
    status: 200,
    response: Stats,
  },
  archiveReward: {
    method: 'DELETE',
    path: '/v1/rewards/{id}',
    auth: 'merchant',
    summary:
      'Archive a reward: out of the bazaar and not redeemable, for good; coupons already issued stay valid. Idempotent.',
    params: IdParam,
    status: 200,
    response: RewardResponse,
    errors: [404],
  },
  listMemberActivity: {
    method: 'GET',
    path: '/v1/members/{customerId}/activity',
    auth: 'merchant',
    summary: "A member's points ledger, newest first (what `GET /v1/me/activity` shows them).",
    params: CustomerIdParam,
    query: page,
    status: 200,
    response: ActivityList,
    errors: [404],
  },
  listMemberCoupons: {
    method: 'GET',
    path: '/v1/members/{customerId}/coupons',
    auth: 'merchant',
    summary: "A member's coupons, newest first (what `GET /v1/me/redemptions` shows them).",
    params: CustomerIdParam,
    query: page,
    status: 200,
    response: RedemptionList,
    errors: [404],
  },
  createDiscount: {
    method: 'POST',
    path: '/v1/me/discounts',
    auth: 'member',
    summary:
      "Turn points into a single-use money-off code (points as cash) within the program's rules; the points are held until the code is used, and come back if it expires unused.",
    body: DiscountBody,
    idempotencyKey: true,
    status: 201,
    response: DiscountResponse,
    errors: [409, 422],
  },
  getCoupon: {
    method: 'GET',
    path: '/v1/coupons/{code}',
    auth: 'merchant',
    summary: 'Look a coupon code up at checkout: its status, member, reward, value and expiry.',
    params: CouponCodeParam,
    status: 200,
    response: CouponResponse,
    errors: [404],
  },
  useCoupon: {
    method: 'POST',
    path: '/v1/coupons/{code}/use',
    auth: 'merchant',
    summary:
      'Use a code on an order: once per code (idempotent per code and orderId); a used code is 409 coupon_used, an expired or void one 422.',
    params: CouponCodeParam,
    body: UseCouponBody,
    status: 200,
    response: CouponResponse,
    errors: [404, 409, 422],
  },
  releaseCoupon: {
    method: 'POST',
    path: '/v1/coupons/{code}/release',
    auth: 'merchant',
    summary: 'The order was cancelled: the code is available again (unless it has expired meanwhile); idempotent.',
    params: CouponCodeParam,
    body: CouponOrderBody,
    status: 200,
    response: CouponResponse,
    errors: [404, 409, 422],
  },
  voidCoupon: {
    method: 'POST',
    path: '/v1/coupons/{code}/void',
    auth: 'merchant',
    summary: "Cancel an unused code for good (a points discount's held points go back); idempotent.",
    params: CouponCodeParam,
    status: 200,
    response: CouponResponse,
    errors: [404, 409],
  },
  issueCoupons: {
    method: 'POST',
    path: '/v1/coupons',
    auth: 'merchant',
    summary:
      "Give a reward's code to one member or to every member of a segment (stage, RFM, tier), without points; idempotent per batchKey.",
    body: IssueCouponsBody,
    status: 201,
    response: IssueCouponsResponse,
    errors: [404, 409],
  },
  resendWebhookDelivery: {
    method: 'POST',
    path: '/v1/webhooks/{id}/deliveries/{deliveryId}/resend',
    auth: 'merchant',
    summary:
      'Send a failed delivery again: it is pending at once, with a fresh series of attempts; 409 `delivery_not_failed` unless it failed.',
    params: WebhookDeliveryParams,
    status: 200,
    response: WebhookDeliveryResent,
    errors: [404, 409],
  },
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

export const IdempotencyKeyHeader = OpaqueKey;
