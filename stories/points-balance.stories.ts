import { MemoryClient } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

type Story = StoryObj;

/** Noon UTC `days` from now, as the API would send a date. */
const soon = (days: number) =>
  new Date(Math.floor(Date.now() / 86_400_000 + days) * 86_400_000 + 43_200_000).toISOString();

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: () => html`<mc-points-balance .client=${client()} style="max-width: 22rem"></mc-points-balance>`,
});

const meta: Meta = {
  title: 'Elements/Points balance',
  component: 'mc-points-balance',
};
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever());

export const Guest: Story = withClient(() => MemoryClient.guest());

/** A guest of a program with join and log-in links (its settings' `joinUrl` / `loginUrl`). */
export const GuestWithJoinLinks: Story = withClient(() =>
  MemoryClient.guest({ program: { joinUrl: 'https://shop.example/register', loginUrl: 'https://shop.example/login' } }),
);

export const Member: Story = withClient(() => MemoryClient.member(1240));

/** A new member: no points yet, nothing earned. */
export const Empty: Story = withClient(() => MemoryClient.member(0, { lifetimeEarned: 0 }));

export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const balance = storyElement(canvasElement, 'mc-points-balance');
    await expect(await shadowPart(balance, '[part~="retry-button"]')).toBeVisible();
  },
};

/** Everything spent: a zero balance after earning some is a member state, not the empty one. */
export const ZeroAfterSpending: Story = withClient(() => MemoryClient.member(0, { lifetimeEarned: 3200 }));

/** A program whose points have no cash value: no "Worth …" line. */
export const NoCashValue: Story = withClient(() => MemoryClient.member(1240, { program: { pointValue: null } }));

export const LargeBalance: Story = withClient(() => MemoryClient.member(123_456_789, { lifetimeEarned: 250_000_000 }));

/** The balance changes while on screen (an order earned points): it counts up and is announced. */
export const BalanceChanges: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  play: async ({ canvasElement }) => {
    const balance = storyElement(canvasElement, 'mc-points-balance');
    await shadowPart(balance, '[part~="lifetime"]');
    const client = balance.client;
    if (client instanceof MemoryClient) client.setPoints(1740);
  },
};

/** Order points in their return window and points expiring within 30 days, each with its date. */
export const PendingAndExpiring: Story = withClient(() =>
  MemoryClient.member(1240, {
    pending: [{ points: 120, availableAt: soon(9) }],
    expiring: [
      { points: 80, expiresAt: soon(6) },
      { points: 40, expiresAt: soon(20) },
    ],
  }),
);

/** The same member with `no-pending` and `no-expiring`: only the balance. */
export const PendingAndExpiringHidden: Story = {
  render: () =>
    html`<mc-points-balance
      no-pending
      no-expiring
      .client=${MemoryClient.member(1240, {
        pending: [{ points: 120, availableAt: soon(9) }],
        expiring: [{ points: 80, expiresAt: soon(6) }],
      })}
      style="max-width: 22rem"
    ></mc-points-balance>`,
};

/** A refund took back more than the balance held: the rest is owed. */
export const WithDebt: Story = withClient(() => MemoryClient.member(0, { lifetimeEarned: 600, debt: 150 }));

/** A new member whose first order is still in its return window. */
export const FirstOrderPending: Story = withClient(() =>
  MemoryClient.member(0, { lifetimeEarned: 0, pending: [{ points: 99, availableAt: soon(7) }] }),
);
