/**
 * Each mc-* tag the script tag can register, and the chunk holding its code. A chunk's default
 * export defines the tag (unless something else on the page already did): the loader calls it
 * only once the page-wide client is set, so no element ever connects without one.
 */
import type { McTag } from '@member-center/elements';

export type DefineTag = (hooks: LoaderHooks) => void;
export interface LoaderHooks {
  /** Loads the member center panel (and sets the client up first). */
  loadPanel(): Promise<unknown>;
}

/** Checked against the elements' registry: every tag it lists, and no other. */
export const TAGS: Record<string, () => Promise<{ default: DefineTag }>> = {
  'mc-points-balance': () => import('./tags/points-balance.js'),
  'mc-tier-progress': () => import('./tags/tier-progress.js'),
  'mc-rewards-bazaar': () => import('./tags/rewards-bazaar.js'),
  'mc-referral-share': () => import('./tags/referral-share.js'),
  'mc-points-history': () => import('./tags/points-history.js'),
  'mc-coupons': () => import('./tags/coupons.js'),
  'mc-check-in': () => import('./tags/check-in.js'),
  'mc-member-center': () => import('./tags/member-center.js'),
  'mc-launcher': () => import('./tags/launcher.js'),
  'mc-provider': () => import('./tags/provider.js'),
  'mc-points-discount': () => import('./tags/points-discount.js'),
  'mc-lottery': () => import('./tags/lottery.js'),
} satisfies Record<McTag, () => Promise<{ default: DefineTag }>>;
