import * as z from 'zod/mini';
import { ActionResponse, ConsentBody, ConsentParam, ProfileBody, ReportActionBody } from './actions.js';
import {
  CouponCodeParam,
  CouponOrderBody,
  CouponResponse,
  IssueCouponsBody,
  IssueCouponsResponse,
  UseCouponBody,
} from './coupons.js';
import { LotteryDrawList, LotteryDrawResponse } from './lottery-draws.js';
import { ConsentsResponse, MyActions, ProfileResponse } from './member-answers.js';
import {
  BalanceResponse,
  CampaignList,
  CampaignResponse,
  CampaignResults,
  MemberRecord,
  OrderResponse,
  RefundResponse,
  SegmentMemberList,
  Segments,
} from './merchant-responses.js';
import { Cursor, CustomerId, Limit, LocaleTag, OpaqueKey } from './primitives.js';
import { MemberErased, MemberExport } from './privacy.js';
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
  Bootstrap,
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
  getCampaignResults: {
    method: 'GET',
    path: '/v1/campaigns/{id}/results',
    auth: 'merchant',
    summary:
      "A campaign's results: orders, spend, points and active members during it vs the same span before, and treated vs held-out members per member with the lift and its 95 % confidence interval.",
    params: IdParam,
    status: 200,
    response: CampaignResults,
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
  getBootstrap: {
    method: 'GET',
    path: '/v1/bootstrap',
    auth: 'guest',
    summary:
      "A page view's first paint in one call: the program, the first page of rewards and, with a member token, the member's summary and referral (null for a guest); `?locale=` as on the routes it combines.",
    query: LocaleQuery,
    status: 200,
    response: Bootstrap,
  },
  reportAction: {
    method: 'POST',
    path: '/v1/members/{customerId}/actions',
    auth: 'merchant',
    summary:
      "Report an action of the member (review written, account followed, …) that earns points by the program's action rules: 201 credited, 200 capped (no points) or the first answer again; idempotent on (type, id).",
    params: CustomerIdParam,
    body: ReportActionBody,
    status: 201,
    repeatStatus: 200,
    response: ActionResponse,
    errors: [409, 422],
  },
  listMyActions: {
    method: 'GET',
    path: '/v1/me/actions',
    auth: 'member',
    summary:
      'The ways to earn by actions with what each gives and what the member has done today and ever; `?locale=` picks the language of labels.',
    query: LocaleQuery,
    status: 200,
    response: MyActions,
  },
  getProfile: {
    method: 'GET',
    path: '/v1/me/profile',
    auth: 'member',
    summary: "The member's profile and marketing consents.",
    status: 200,
    response: ProfileResponse,
  },
  updateProfile: {
    method: 'PATCH',
    path: '/v1/me/profile',
    auth: 'member',
    summary:
      'Change the name or set the birthday (once: a different second birthday is 409 birthday_locked); completing the profile earns the profile_completed action.',
    body: ProfileBody,
    status: 200,
    response: ProfileResponse,
    errors: [409],
  },
  setMyConsent: {
    method: 'PUT',
    path: '/v1/me/consents/{channel}',
    auth: 'member',
    summary:
      'Give or withdraw marketing consent for a channel (email, sms, wechat), recorded with when and how (widget).',
    params: ConsentParam,
    body: ConsentBody,
    status: 200,
    response: ConsentsResponse,
  },
  setMemberConsent: {
    method: 'PUT',
    path: '/v1/members/{customerId}/consents/{channel}',
    auth: 'merchant',
    summary:
      "Record a member's marketing consent for a channel given to the merchant (source merchant_api); enrols the member when new.",
    params: z.strictObject({ customerId: CustomerId, channel: ConsentParam.shape.channel }),
    body: ConsentBody,
    status: 200,
    response: ConsentsResponse,
  },
  exportMember: {
    method: 'GET',
    path: '/v1/members/{customerId}/export',
    auth: 'merchant',
    summary:
      'Everything the program holds about a member, as JSON (right of access and portability): profile, consents and their history, ledger, orders, refunds, coupons, referrals, check-ins, actions.',
    params: CustomerIdParam,
    status: 200,
    response: MemberExport,
    errors: [404],
  },
  eraseMember: {
    method: 'DELETE',
    path: '/v1/members/{customerId}',
    auth: 'merchant',
    summary:
      "Erase a member's personal data (right to erasure): profile gone, customer id pseudonymised, tokens refused; points, ledger and statistics stay consistent. Idempotent.",
    params: CustomerIdParam,
    status: 200,
    response: MemberErased,
    errors: [404],
  },
  drawLottery: {
    method: 'POST',
    path: '/v1/me/lottery/draws',
    auth: 'member',
    summary:
      'Draw the points lottery once: the cost is debited, a prize picked by the published odds (`crypto.randomInt`) and given (points credited, or a coupon code issued). Retries with the same Idempotency-Key draw nothing twice.',
    query: LocaleQuery,
    idempotencyKey: true,
    status: 201,
    response: LotteryDrawResponse,
    errors: [409, 422],
  },
  listLotteryDraws: {
    method: 'GET',
    path: '/v1/me/lottery/draws',
    auth: 'member',
    summary: "The member's lottery draws, newest first, each with its random value and table version.",
    query: z.object({ limit: Limit, cursor: Cursor, locale: z.optional(LocaleTag) }),
    status: 200,
    response: LotteryDrawList,
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
