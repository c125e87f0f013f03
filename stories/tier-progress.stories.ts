import { MemoryClient, TIERS } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

type Story = StoryObj;

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: () => html`<mc-tier-progress .client=${client()} style="max-width: 24rem"></mc-tier-progress>`,
});

const meta: Meta = {
  title: 'Elements/Tier progress',
  component: 'mc-tier-progress',
};
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** A guest sees the first tier worth earning towards. */
export const Guest: Story = withClient(() => MemoryClient.guest());

/** Silver, 240 of the 1,000 points between Silver and Gold. */
export const Member: Story = withClient(() => MemoryClient.member(1240));

/** The program has no tiers. */
export const Empty: Story = withClient(() => MemoryClient.member(1240, { program: { tiers: [] } }));

export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const tier = storyElement(canvasElement, 'mc-tier-progress');
    await expect(await shadowPart(tier, '[part~="retry-button"]')).toBeVisible();
  },
};

/** Gold: nothing left to reach. */
export const TopTier: Story = withClient(() => MemoryClient.member(800, { lifetimeEarned: 2500 }));

/** Just short of the next tier. */
export const AlmostThere: Story = withClient(() => MemoryClient.member(400, { lifetimeEarned: 1990 }));

/** The first tier takes some earning, so a new member has none yet. */
export const NoTierYet: Story = withClient(() =>
  MemoryClient.member(300, { lifetimeEarned: 300, program: { tiers: TIERS.slice(1) } }),
);

/** The guest view of a program without tiers. */
export const GuestWithoutTiers: Story = withClient(() => MemoryClient.guest({ program: { tiers: [] } }));

/** The tier badge clicked: its benefits in a popover. */
export const BenefitsOpen: Story = {
  ...withClient(() => MemoryClient.member(2100)),
  play: async ({ canvasElement }) => {
    const tier = storyElement(canvasElement, 'mc-tier-progress');
    await userEvent.click(await shadowPart(tier, 'button[part~="badge"]'));
    await expect(await shadowPart(tier, '[part~="popover"]:popover-open')).toBeVisible();
  },
};

/** A tier with no benefits listed. */
export const TierWithoutBenefits: Story = {
  ...withClient(() =>
    MemoryClient.member(500, {
      program: { tiers: TIERS.map((tier) => ({ ...tier, benefits: tier.threshold === 0 ? [] : tier.benefits })) },
    }),
  ),
  play: async ({ canvasElement }) => {
    const tier = storyElement(canvasElement, 'mc-tier-progress');
    await userEvent.click(await shadowPart(tier, 'button[part~="badge"]'));
  },
};

/** What keeps Silver: 300 more points by the end of the year. */
export const KeepTier: Story = withClient(() =>
  MemoryClient.member(1240, {
    program: { timeZone: 'Asia/Shanghai' },
    tier: { basis: 'points', keep: { remaining: 300, by: '2026-12-31T16:00:00.000Z' } },
  }),
);

/** Silver is already kept: it is the member's through the next period. */
export const TierKept: Story = withClient(() =>
  MemoryClient.member(1240, {
    program: { timeZone: 'Asia/Shanghai' },
    tier: { basis: 'points', keep: { remaining: 0, by: '2026-12-31T16:00:00.000Z' } },
  }),
);

/** Tiers on spend: thresholds and progress are money in the program's currency. */
export const SpendBasis: Story = withClient(() =>
  MemoryClient.member(500, {
    lifetimeEarned: 124_000,
    program: { tiers: TIERS.map((tier) => ({ ...tier, threshold: tier.threshold * 100 })), timeZone: 'Asia/Shanghai' },
    tier: { basis: 'spend', keep: { remaining: 30_000, by: '2026-12-31T16:00:00.000Z' } },
  }),
);
