import { MEMBER_CENTER_TABS, type MemberCenterTab } from '@member-center/elements';
import { MemoryClient, makeReferral, sampleActivity, sampleCoupons } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

interface Args {
  activeTab: MemberCenterTab;
}
type Story = StoryObj<Args>;

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: ({ activeTab }) =>
    html`<mc-member-center .client=${client()} active-tab=${activeTab} style="max-width: 40rem"></mc-member-center>`,
});

/** A member with something in every tab: 1,240 points, the sample catalog, 30 ledger entries and a mixed wallet. */
const member = () => MemoryClient.member(1240, { activity: sampleActivity(30, 1240), coupons: sampleCoupons() });

const meta: Meta<Args> = {
  title: 'Elements/Member center',
  component: 'mc-member-center',
  args: { activeTab: 'overview' },
  // The manifest names the type (MemberCenterTab) but can't list its values.
  argTypes: {
    activeTab: { control: 'radio', options: [...MEMBER_CENTER_TABS] },
  },
};
export default meta;

/** A member whose data never arrives: the tabs at once, the Overview cards as skeletons. */
export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** Guests: a call to join and the program's ways to earn; no tabs. */
export const Guest: Story = withClient(() => MemoryClient.guest());

/** A guest while the program loads. */
export const GuestLoading: Story = withClient(() => MemoryClient.loadingForever({ member: false }));

/** The page's own call to action in the `guest` slot. */
export const GuestWithLoginLink: Story = {
  render: () => html`<mc-member-center .client=${MemoryClient.guest()} style="max-width: 40rem">
    <a slot="guest" href="#login">Join or log in</a>
  </mc-member-center>`,
};

/** The Overview tab: balance and tier. */
export const Member: Story = withClient(member);

/** A member who has stopped ordering (API stage `churned`) and still has points: a welcome-back note atop the Overview. */
export const WinBack: Story = withClient(() =>
  MemoryClient.member(1240, { stage: 'churned', activity: sampleActivity(30, 1240), coupons: sampleCoupons() }),
);

/** The page's own offer for lapsed members in the `win-back` slot. */
export const WinBackWithOwnOffer: Story = {
  render:
    () => html`<mc-member-center .client=${MemoryClient.member(1240, { stage: 'at_risk' })} style="max-width: 40rem">
    <span slot="win-back">Welcome back: 20% off your next order with <strong>BACK20</strong>.</span>
  </mc-member-center>`,
};

/** A new member: no points, no history, no coupons, nobody invited, and an empty catalog. */
export const Empty: Story = withClient(() =>
  MemoryClient.member(0, {
    lifetimeEarned: 0,
    rewards: [],
    activity: [],
    coupons: [],
    referral: makeReferral({ invited: 0, rewarded: 0, pointsEarned: 0 }),
  }),
);

/** The program failed to load for a guest (members see each panel's own error). */
export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing(undefined, { member: false })),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const center = storyElement(canvasElement, 'mc-member-center');
    await expect(await shadowPart(center, '[part~="retry-button"]')).toBeVisible();
  },
};

/** A member whose every request fails: the tabs still work, each panel shows its error and Retry. */
export const MemberPanelsError: Story = withClient(() => MemoryClient.failing());

export const RewardsTab: Story = { ...withClient(member), args: { activeTab: 'rewards' } };

export const InviteTab: Story = { ...withClient(member), args: { activeTab: 'invite' } };

export const HistoryTab: Story = { ...withClient(member), args: { activeTab: 'history' } };

export const CouponsTab: Story = { ...withClient(member), args: { activeTab: 'coupons' } };

/** The tabs by keyboard: ArrowRight from Overview selects Rewards (and fires mc-tab-change), End jumps to Coupons. */
export const KeyboardNavigation: Story = {
  ...withClient(member),
  play: async ({ canvasElement }) => {
    const center = storyElement(canvasElement, 'mc-member-center');
    (await shadowPart(center, '[role="tab"][aria-selected="true"]')).focus();
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(center.activeTab).toBe('rewards'));
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(center.activeTab).toBe('coupons'));
    await expect(center.shadowRoot?.activeElement?.id).toBe('tab-coupons');
  },
};
