import type { LotteryDraw } from '@member-center/contract';

// Beside its element rather than in events.ts: events.ts is in every page's runtime chunk, and
// <mc-lottery> is a page of its own (packages/embed/scripts/size.mjs).

/** Fired by `<mc-lottery>` once a draw's result is shown (after its highlight animation). */
export class McLotteryDrawEvent extends Event {
  static readonly type = 'mc-lottery-draw';
  constructor(
    /** The draw: the prize given, its random value and table version, the coupon of a coupon prize. */
    readonly draw: LotteryDraw,
    /** The balance after it (cost taken, a points prize added). */
    readonly balance: number,
  ) {
    super(McLotteryDrawEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'mc-lottery-draw': McLotteryDrawEvent;
  }
}
