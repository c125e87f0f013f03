import * as z from 'zod/mini';
import { ConsentChannel } from './member-answers.js';
import { LocaleTag, OpaqueKey, text } from './primitives.js';
import { PointsTotal, Timestamp } from './shapes.js';

// Earning by actions, the member's profile and marketing consent, and privacy rights (export,
// erasure): what the merchant sends and reads. Requests are strict like requests.ts; what a browser
// reads is in member-answers.ts.

/**
 * An action's type: a built-in one (review_written, account_followed, survey_answered,
 * profile_completed) or the merchant's own slug, e.g. `wechat_shared`.
 */
export const ActionType = z
  .string()
  .check(
    z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'a slug of lowercase letters, digits and _ (at most 40), e.g. review_written'),
  );

export const BUILT_IN_ACTIONS = ['review_written', 'account_followed', 'survey_answered', 'profile_completed'] as const;

/** One way to earn by an action in `PATCH /v1/program {actions}`. */
export const ActionRuleSetting = z.strictObject({
  type: ActionType,
  /** Points each counted action earns. */
  points: z.int().check(z.minimum(1), z.maximum(1_000_000)),
  /** At most this many count per local day (the program's time zone); null or absent: no daily cap. */
  perDay: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1000)))),
  /** At most this many count per member ever; null or absent: no lifetime cap. */
  lifetime: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1_000_000)))),
  /** What members read, in the program's locale, e.g. "Write a review". */
  label: text(100),
  /** The label in other languages, e.g. `{"zh-CN": "写评价"}`; at most 20. */
  translations: z.optional(
    z.record(LocaleTag, text(100)).check(z.refine((r) => Object.keys(r).length <= 20, 'at most 20 languages')),
  ),
});
export type ActionRuleSetting = z.infer<typeof ActionRuleSetting>;

/** `PATCH /v1/program {actions}`: the whole list, replacing the one there; each type once, at most 30. */
export const ActionRulesSetting = z.array(ActionRuleSetting).check(
  z.maxLength(30),
  z.refine((rules) => new Set(rules.map((r) => r.type)).size === rules.length, 'each type once'),
);

/** `POST /v1/members/{customerId}/actions`: the merchant's backend reports that the member did something. */
export const ReportActionBody = z.strictObject({
  type: ActionType,
  /** The merchant's id of this action (the review's id, …): a retry with the same type and id credits nothing more. */
  id: OpaqueKey,
});
export type ReportActionBody = z.infer<typeof ReportActionBody>;

/** The answer to a reported action: credited (201), capped (200, no points) or the first answer again (200). */
export const ActionResponse = z.object({
  action: z.object({
    type: z.string(),
    id: z.string(),
    /** credited: the points were given; capped: a cap was reached, nothing was given. */
    status: z.enum(['credited', 'capped']),
    points: PointsTotal,
    /** Which cap held it back; null when credited. */
    cap: z.nullable(z.enum(['day', 'lifetime'])),
    /** The member's local day it counts for (YYYY-MM-DD). */
    date: z.string(),
    createdAt: Timestamp,
  }),
  points: z.object({ balance: z.int() }),
});
export type ActionResponse = z.infer<typeof ActionResponse>;

// ---------- profile and consent ----------

export const ConsentParam = z.strictObject({ channel: ConsentChannel });

/** `PUT …/consents/{channel}`. */
export const ConsentBody = z.strictObject({ granted: z.boolean() });
export type ConsentBody = z.infer<typeof ConsentBody>;

/** `PATCH /v1/me/profile`: omitted fields stay; the birthday can be set once. */
export const ProfileBody = z.strictObject({
  name: z.optional(z.nullable(text(200))),
  birthday: z.optional(z.iso.date()),
});
export type ProfileBody = z.infer<typeof ProfileBody>;
