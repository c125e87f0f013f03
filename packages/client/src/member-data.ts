import {
  type ConsentChannel,
  ConsentsResponse,
  MyActions,
  type ProfileBody,
  ProfileResponse,
} from '@member-center/contract';
import { routeSpec } from './route-spec.js';
import type { MemberCenterClient } from './types.js';

// The member's ways to earn by actions, profile and marketing consent: functions over a client
// rather than its methods, so the member center's bundle, which uses none of them, leaves them
// and their schemas out.

const MY_ACTIONS = routeSpec<'listMyActions'>({ method: 'GET', path: '/v1/me/actions', response: MyActions });
const PROFILE = routeSpec<'getProfile'>({ method: 'GET', path: '/v1/me/profile', response: ProfileResponse });
const UPDATE_PROFILE = routeSpec<'updateProfile'>({
  method: 'PATCH',
  path: '/v1/me/profile',
  response: ProfileResponse,
});
const SET_CONSENT = routeSpec<'setMyConsent'>({
  method: 'PUT',
  path: '/v1/me/consents/{channel}',
  response: ConsentsResponse,
});

/** The ways to earn by actions (a review, a follow…), what each gives and what the member has done today and ever. */
export const listMyActions = (client: MemberCenterClient): Promise<MyActions> => client.send(MY_ACTIONS);

/** The member's profile and marketing consents. */
export const getProfile = (client: MemberCenterClient): Promise<ProfileResponse> => client.send(PROFILE);

/**
 * Changes the name or sets the birthday (once: a different second birthday rejects with a 409
 * `birthday_locked`); `me` reloads for every subscriber (the name, and the points a completed
 * profile earned).
 */
export async function updateProfile(client: MemberCenterClient, changes: ProfileBody): Promise<ProfileResponse> {
  const result = await client.send(UPDATE_PROFILE, { json: changes });
  void client.store.load('me', { force: true }).catch(() => undefined);
  return result;
}

/** Gives or withdraws marketing consent for a channel (recorded as given in the widget). */
export const setConsent = (
  client: MemberCenterClient,
  channel: ConsentChannel,
  granted: boolean,
): Promise<ConsentsResponse> =>
  // The channel is one of three plain words: the path needs no encoding.
  client.send({ ...SET_CONSENT, path: `/v1/me/consents/${channel}` }, { json: { granted } });
