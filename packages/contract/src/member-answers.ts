import * as z from 'zod/mini';
import { ActionWay, Member } from './responses.js';
import { PointsTotal, Timestamp } from './shapes.js';

// What the browser reads of actions, profile and consent: shapes only (see responses.ts), in a
// module of their own so the client's bundle leaves out the request schemas of actions.ts.

/** `GET /v1/me/actions`: each way to earn by an action, with what the member has done. */
export const MyActions = z.object({
  items: z.array(
    z.object({
      ...ActionWay.shape,
      /** Counted (credited) today, in the program's time zone, and ever. */
      today: PointsTotal,
      total: PointsTotal,
      /** False when a cap is reached: another one would earn nothing now. */
      available: z.boolean(),
    }),
  ),
});
export type MyActions = z.infer<typeof MyActions>;

export const CONSENT_CHANNELS = ['email', 'sms', 'wechat'] as const;
export const ConsentChannel = z.enum(CONSENT_CHANNELS);
export type ConsentChannel = z.infer<typeof ConsentChannel>;

/** A channel's consent as last recorded; null: never asked. `source`: widget, merchant_api or erasure. */
const Consent = z.nullable(z.object({ granted: z.boolean(), source: z.string(), at: Timestamp }));
export const Consents = z.object({ email: Consent, sms: Consent, wechat: Consent });
export type Consents = z.infer<typeof Consents>;

/** `GET` and `PATCH /v1/me/profile`: the profile, the consents and the points "profile completed" gave with this change. */
export const ProfileResponse = z.object({
  member: Member,
  consents: Consents,
  /** Whether the member can still set the birthday (it can be set once). */
  birthdayEditable: z.boolean(),
  /** Points this change earned (the profile_completed action); 0 otherwise. */
  earned: PointsTotal,
});
export type ProfileResponse = z.infer<typeof ProfileResponse>;

export const ConsentsResponse = z.object({ consents: Consents });
export type ConsentsResponse = z.infer<typeof ConsentsResponse>;
