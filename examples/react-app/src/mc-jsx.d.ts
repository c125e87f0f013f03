/**
 * The mc-* tags in React's JSX, with their properties and events typed.
 *
 * React 19 passes a prop to a custom element as a property when the element has one (so
 * `client={client}` hands over the object, `affordableOnly` a boolean), else as an attribute.
 * A function prop named `on` + the exact event name becomes an event listener: `onmc-redeem`
 * listens to `mc-redeem` (`onMcRedeem` would listen to an event called "McRedeem").
 * The element classes must be defined before React renders them: import
 * '@member-center/elements/define' first.
 */
import type {
  McCoupons,
  McPointsBalance,
  McPointsHistory,
  McProvider,
  McReferralShare,
  McRewardsBazaar,
  McTierProgress,
} from '@member-center/elements';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

/** `on<event>` props for the given mc-* events, each handler getting the event's own class. */
type McEventProps<Events extends keyof GlobalEventHandlersEventMap> = {
  [K in Events as `on${K}`]?: (event: GlobalEventHandlersEventMap[K]) => void;
};

/** What every mc-* element takes: HTML attributes, a ref to the element, `client`, `theme`, `onmc-error`. */
type McElementProps<
  E extends HTMLElement & Pick<McPointsBalance, 'client' | 'theme'>,
  Props extends keyof E = never,
  Events extends keyof GlobalEventHandlersEventMap = never,
> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, 'client' | 'theme' | Props>> &
  McEventProps<'mc-error' | Events>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'mc-provider': DetailedHTMLProps<HTMLAttributes<McProvider>, McProvider> & Partial<Pick<McProvider, 'client'>>;
      'mc-points-balance': McElementProps<McPointsBalance>;
      'mc-tier-progress': McElementProps<McTierProgress>;
      'mc-rewards-bazaar': McElementProps<
        McRewardsBazaar,
        'affordableOnly' | 'sort',
        'mc-redeem-request' | 'mc-redeem'
      >;
      'mc-referral-share': McElementProps<McReferralShare, never, 'mc-share'>;
      'mc-points-history': McElementProps<McPointsHistory>;
      'mc-coupons': McElementProps<McCoupons>;
    }
  }
}
