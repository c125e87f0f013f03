import type { Redemption, Reward } from '@member-center/contract';

const init = (cancelable = false): EventInit => ({ bubbles: true, composed: true, cancelable });

/** Fired by `<mc-rewards-bazaar>` when the member confirms a redemption, before the API call. Cancel it to stop the call. */
export class McRedeemRequestEvent extends Event {
  static readonly type = 'mc-redeem-request';
  constructor(readonly reward: Reward) {
    super(McRedeemRequestEvent.type, init(true));
  }
}

/** Fired by `<mc-rewards-bazaar>` after a redemption succeeded. */
export class McRedeemEvent extends Event {
  static readonly type = 'mc-redeem';
  constructor(
    readonly reward: Reward,
    readonly redemption: Redemption,
    /** The member's balance after the redemption. */
    readonly balance: number,
  ) {
    super(McRedeemEvent.type, init());
  }
}

/** What failed: loading the element's data, a redemption, a copy to the clipboard, or a daily check-in. */
export type McErrorOperation = 'load' | 'redeem' | 'copy' | 'check-in' | 'discount' | 'lottery';

/** Fired when something the member sees fails: the element shows it in place as well. */
export class McErrorEvent extends Event {
  static readonly type = 'mc-error';
  constructor(
    readonly operation: McErrorOperation,
    /** The client's error (ApiError, NetworkError, …). */
    readonly error: unknown,
  ) {
    super(McErrorEvent.type, init());
  }
}

/** A way the referral link can be shared. */
export type ShareChannel =
  | 'copy-code'
  | 'copy-link'
  | 'native'
  | 'email'
  | 'x'
  | 'facebook'
  | 'whatsapp'
  | 'weibo'
  | 'qr';

/** Fired by `<mc-referral-share>` when the member shares their code or link. */
export class McShareEvent extends Event {
  static readonly type = 'mc-share';
  constructor(
    readonly channel: ShareChannel,
    /** The referral link shared. */
    readonly url: string,
  ) {
    super(McShareEvent.type, init());
  }
}

/** Fired by `<mc-check-in>` after the member checked in for today. */
export class McCheckInEvent extends Event {
  static readonly type = 'mc-check-in';
  constructor(
    /** The member's day in the program's time zone (YYYY-MM-DD). */
    readonly date: string,
    /** Consecutive days checked in, today included. */
    readonly streak: number,
    /** Points this check-in earned (with any streak bonus). */
    readonly points: number,
    /** The member's balance after it. */
    readonly balance: number,
  ) {
    super(McCheckInEvent.type, init());
  }
}

/** Fired by `<mc-points-discount>` when the member asks for a code, before the API call. Cancel it to stop the call. */
export class McDiscountRequestEvent extends Event {
  static readonly type = 'mc-discount-request';
  constructor(readonly points: number) {
    super(McDiscountRequestEvent.type, init(true));
  }
}

/** Fired by `<mc-points-discount>` after points were turned into a money-off code. */
export class McDiscountEvent extends Event {
  static readonly type = 'mc-discount';
  constructor(
    /** The code, its value and expiry (also in the member's coupons). */
    readonly redemption: Redemption,
    /** The balance after it (the points are held until the code is used). */
    readonly balance: number,
  ) {
    super(McDiscountEvent.type, init());
  }
}

/** What a guest chose: to join the program, or to log in. */
export type JoinAction = 'join' | 'login';

/**
 * Fired when a guest follows a join or log-in link, before the browser does. Cancel it to route
 * in a single-page app (the link is not followed).
 */
export class McJoinEvent extends Event {
  static readonly type = 'mc-join';
  constructor(
    readonly action: JoinAction,
    /** Where the link goes. */
    readonly url: string,
  ) {
    super(McJoinEvent.type, init(true));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'mc-discount-request': McDiscountRequestEvent;
    'mc-discount': McDiscountEvent;
    'mc-join': McJoinEvent;
    'mc-check-in': McCheckInEvent;
    'mc-redeem-request': McRedeemRequestEvent;
    'mc-redeem': McRedeemEvent;
    'mc-error': McErrorEvent;
    'mc-share': McShareEvent;
  }
}

/** A tab of `<mc-member-center>`. */
export type MemberCenterTab = 'overview' | 'rewards' | 'invite' | 'history' | 'coupons';

/** Fired by `<mc-member-center>` when the member switches tabs (by click or keyboard). */
export class McTabChangeEvent extends Event {
  static readonly type = 'mc-tab-change';
  constructor(
    readonly tab: MemberCenterTab,
    readonly previous: MemberCenterTab,
  ) {
    super(McTabChangeEvent.type, init());
  }
}

/** Fired by `<mc-launcher>` when its panel opens. */
export class McOpenEvent extends Event {
  static readonly type = 'mc-open';
  constructor(
    /** The tab the panel opened on. */
    readonly tab: MemberCenterTab,
  ) {
    super(McOpenEvent.type, init());
  }
}

/** Fired by `<mc-launcher>` when its panel closes. */
export class McCloseEvent extends Event {
  static readonly type = 'mc-close';
  constructor() {
    super(McCloseEvent.type, init());
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'mc-tab-change': McTabChangeEvent;
    'mc-open': McOpenEvent;
    'mc-close': McCloseEvent;
  }
}
