import { MemoryClient, makeReferral } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

type Story = StoryObj;

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: () => html`<mc-referral-share .client=${client()} style="max-width: 28rem"></mc-referral-share>`,
});

const meta: Meta = {
  title: 'Elements/Referral share',
  component: 'mc-referral-share',
};
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** A guest sees the program's referral offer. */
export const Guest: Story = withClient(() => MemoryClient.guest());

/** A member's code, link, share channels and stats. */
export const Member: Story = withClient(() => MemoryClient.member(1240));

/** No friend invited yet. */
export const Empty: Story = withClient(() =>
  MemoryClient.member(1240, { referral: makeReferral({ invited: 0, rewarded: 0, pointsEarned: 0 }) }),
);

export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const share = storyElement(canvasElement, 'mc-referral-share');
    await expect(await shadowPart(share, '[part~="retry-button"]')).toBeVisible();
  },
};

/** A guest of a program without a referral offer. */
export const GuestWithoutOffer: Story = withClient(() => MemoryClient.guest({ program: { referralOffer: null } }));

/** "Show QR code" pressed: the code is drawn from the link (the encoder loads on demand). */
export const QRCode: Story = {
  ...withClient(() => MemoryClient.member(1240)),
  play: async ({ canvasElement }) => {
    const share = storyElement(canvasElement, 'mc-referral-share');
    await userEvent.click(await shadowPart(share, '[part~="qr-toggle"]'));
    await expect(await shadowPart(share, '[part~="qr"] svg')).toBeVisible();
  },
};

/** A popular referrer: large figures. */
export const ManyReferrals: Story = withClient(() =>
  MemoryClient.member(98_000, { referral: makeReferral({ invited: 1_284, rewarded: 1_020, pointsEarned: 510_000 }) }),
);
