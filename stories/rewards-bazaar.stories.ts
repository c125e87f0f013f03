import type { RewardSort } from '@member-center/elements';
import { MemoryApiError, MemoryClient, sampleRewards } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import { redeemButtonOf, shadowPart, storyElement } from './support.js';

interface Args {
  affordableOnly: boolean;
  sort: RewardSort;
}
type Story = StoryObj<Args>;

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: ({ affordableOnly, sort }) =>
    html`<mc-rewards-bazaar .client=${client()} ?affordable-only=${affordableOnly} sort=${sort}></mc-rewards-bazaar>`,
});

const meta: Meta<Args> = {
  title: 'Elements/Rewards bazaar',
  component: 'mc-rewards-bazaar',
  args: { affordableOnly: false, sort: 'featured' },
  // The manifest names the type (RewardSort) but can't list its values.
  argTypes: {
    sort: { control: 'radio', options: ['featured', 'cost-asc', 'cost-desc'] satisfies RewardSort[] },
  },
};
export default meta;

/** Opens the confirmation dialog for the card named `reward`. */
async function ask(canvasElement: HTMLElement, reward: string) {
  const bazaar = storyElement(canvasElement, 'mc-rewards-bazaar');
  await userEvent.click(await redeemButtonOf(bazaar, reward));
  return { bazaar, dialog: await shadowPart<HTMLDialogElement>(bazaar, 'dialog[open]') };
}

/** Opens the dialog for the card named `reward` and confirms the redemption. */
async function redeem(canvasElement: HTMLElement, reward: string, before?: (client: MemoryClient) => void) {
  const { bazaar, dialog } = await ask(canvasElement, reward);
  if (before && bazaar.client instanceof MemoryClient) before(bazaar.client);
  const confirm = dialog.querySelector<HTMLButtonElement>('button.primary');
  if (confirm) await userEvent.click(confirm);
  return bazaar;
}

export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** Guests browse the catalog; the guest slot invites them to join. */
export const Guest: Story = withClient(() => MemoryClient.guest());

/** A member with 1,240 points: one card for each reason a reward can't be redeemed (stock, tier, limit, points). */
export const Member: Story = withClient(() => MemoryClient.member(1240));

export const Empty: Story = withClient(() => MemoryClient.member(1240, { rewards: [] }));

export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const bazaar = storyElement(canvasElement, 'mc-rewards-bazaar');
    await expect(await shadowPart(bazaar, '[part~="retry-button"]')).toBeVisible();
  },
};

/** Every reward ran out. */
export const OutOfStock: Story = withClient(() =>
  MemoryClient.member(1240, { rewards: sampleRewards().map((reward) => ({ ...reward, stock: 0 })) }),
);

/** Not enough points for anything: each card says how many more are needed. */
export const NotEnoughPoints: Story = withClient(() => MemoryClient.member(120));

/** "I can afford" on, with nothing affordable. */
export const NothingAffordable: Story = {
  ...withClient(() => MemoryClient.member(120)),
  args: { affordableOnly: true },
};

export const AffordableOnly: Story = {
  ...withClient(() => MemoryClient.member(600)),
  args: { affordableOnly: true },
};

export const SortedByCost: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  args: { sort: 'cost-asc' },
};

/**
 * 250 rewards: the store's first page is the API's default of 50, of which 24 cards show; each
 * "Show more rewards" (or the end of the list scrolling into view) shows 24 more, fetching the
 * next 24 with the API's cursor when the loaded ones run out.
 */
export const PagedCatalog: Story = withClient(() => MemoryClient.withManyRewards(250, { points: 2000 }));

/**
 * 10,000 rewards: nothing is fetched or rendered up front beyond the first page (the API's largest,
 * 100, here) and 24 cards; more come only as the member shows more or scrolls, so the DOM stays small.
 */
export const TenThousandRewards: Story = {
  ...withClient(() => MemoryClient.withManyRewards(10_000, { points: 2000, pageSize: 100 })),
  name: '10,000 rewards',
};

/** The confirmation dialog. */
export const RedeemConfirm: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Coffee voucher');
  },
};

/** Confirmed, waiting for the API (which never answers here). */
export const Redeeming: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  play: async ({ canvasElement }) => {
    const bazaar = await redeem(canvasElement, 'Coffee voucher', (client) => client.hold());
    await expect(await shadowPart(bazaar, 'dialog[open] [role="status"]')).toBeVisible();
  },
};

/** Redeemed: the coupon code and the new balance. */
export const RedeemSuccess: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  play: async ({ canvasElement }) => {
    const bazaar = await redeem(canvasElement, '¥10 coupon');
    await expect(await shadowPart(bazaar, '[part~="coupon"]')).toBeVisible();
  },
};

/** The reward ran out between the card and the confirmation: the API says why, nothing was spent. */
export const RedeemRejected: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  play: async ({ canvasElement }) => {
    const bazaar = await redeem(canvasElement, '¥10 coupon', (client) =>
      client.fail('redeem', new MemoryApiError(422, 'out_of_stock')),
    );
    await expect(await shadowPart(bazaar, 'dialog[open] [role="alert"]')).toBeVisible();
  },
};

/** The network failed during the redemption: "Try again" reuses the same idempotency key. */
export const RedeemNetworkError: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  play: async ({ canvasElement }) => {
    const bazaar = await redeem(canvasElement, '¥10 coupon', (client) => client.fail('redeem'));
    await expect(await shadowPart(bazaar, 'dialog[open] [role="alert"]')).toBeVisible();
  },
};
