import { type CouponFixture, fixtureId, MemoryClient, sampleCoupons } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

type Story = StoryObj;

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: () => html`<mc-coupons .client=${client()} style="max-width: 32rem"></mc-coupons>`,
});

/** `count` coupons as the v1 API returns them (no use or expiry fields), newest first, a day apart. */
function manyCoupons(count: number): CouponFixture[] {
  return Array.from({ length: count }, (_, i) => ({
    id: fixtureId(800_000 + i),
    rewardId: fixtureId(1006),
    rewardName: `Coffee voucher #${count - i}`,
    points: 150,
    code: `MC-${(count - i).toString().padStart(4, '0')}-OK`,
    createdAt: new Date(Date.UTC(2026, 2, 1, 9) - i * 86_400_000).toISOString(),
  }));
}

/** The sample wallet without its optional `status` and `expiresAt`: what the v1 API returns today. */
const v1Coupons = (): CouponFixture[] => sampleCoupons().map(({ status: _, expiresAt: __, ...coupon }) => coupon);

const meta: Meta = {
  title: 'Elements/Coupons',
  component: 'mc-coupons',
};
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** Guests are asked to log in; the wallet is not requested. */
export const Guest: Story = withClient(() => MemoryClient.guest());

/**
 * Coupons as the v1 API returns them: it says nothing yet about use or expiry, so every coupon
 * is available, with its code and a Copy button.
 */
export const Member: Story = withClient(() => MemoryClient.member(1240, { coupons: v1Coupons() }));

/** Nothing redeemed yet. */
export const Empty: Story = withClient(() => MemoryClient.member(1240, { coupons: [] }));

export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const coupons = storyElement(canvasElement, 'mc-coupons');
    await expect(await shadowPart(coupons, '[part~="retry-button"]')).toBeVisible();
  },
};

/**
 * With the optional `status` / `expiresAt` fields: two available (one with a future expiry date),
 * then one used and one past its expiry under "Used or expired", struck through and without Copy.
 */
export const UsedAndAvailable: Story = {
  ...withClient(() => MemoryClient.member(1240, { coupons: sampleCoupons() })),
  play: async ({ canvasElement }) => {
    const coupons = storyElement(canvasElement, 'mc-coupons');
    await shadowPart(coupons, '[part~="group"][part~="ended"]');
    await expect(coupons.shadowRoot?.querySelectorAll('[part~="ended"] [part~="copy-button"]').length).toBe(0);
    await expect(coupons.shadowRoot?.querySelectorAll('[part~="ended"] [part~="status"]').length).toBe(2);
  },
};

/** Every coupon used or expired: only the "Used or expired" group. */
export const AllEnded: Story = {
  ...withClient(() =>
    MemoryClient.member(1240, {
      coupons: sampleCoupons().map((coupon, i) =>
        i % 2 === 0 ? { ...coupon, status: 'used' } : { ...coupon, expiresAt: '2021-06-30T00:00:00.000Z' },
      ),
    }),
  ),
  play: async ({ canvasElement }) => {
    const coupons = storyElement(canvasElement, 'mc-coupons');
    await shadowPart(coupons, '[part~="group"][part~="ended"]');
    await expect(coupons.shadowRoot?.querySelector('[part~="group"][part~="available"]')).toBeNull();
  },
};

/** 45 coupons, 20 a page: "Show more coupons" (or scrolling to it) fetches the next page with the API's cursor. */
export const SeveralPages: Story = withClient(() =>
  MemoryClient.member(1240, { coupons: manyCoupons(45), listPageSize: 20 }),
);

/** "Show more coupons" pressed: the next page follows the first. */
export const ShowMore: Story = {
  ...withClient(() => MemoryClient.member(1240, { coupons: manyCoupons(45), listPageSize: 20 })),
  play: async ({ canvasElement }) => {
    const coupons = storyElement(canvasElement, 'mc-coupons');
    await userEvent.click(await shadowPart(coupons, '[part~="load-more"]'));
    await waitFor(() => expect(coupons.shadowRoot?.querySelectorAll('[part~="coupon"]').length).toBeGreaterThan(20));
  },
};

/** A later page failed: the coupons already loaded stay, with "We couldn’t load more." and Retry. */
export const ShowMoreError: Story = {
  ...withClient(() => MemoryClient.member(1240, { coupons: manyCoupons(45), listPageSize: 20 })),
  play: async ({ canvasElement }) => {
    const coupons = storyElement(canvasElement, 'mc-coupons');
    const more = await shadowPart(coupons, '[part~="load-more"]');
    if (coupons.client instanceof MemoryClient) coupons.client.fail('redemptions');
    await userEvent.click(more);
    await expect(await shadowPart(coupons, '[part~="error"] [part~="retry-button"]')).toBeVisible();
  },
};
