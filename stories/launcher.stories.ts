import { type LauncherPosition, McLauncher } from '@member-center/elements';
import { MemoryClient, sampleActivity, sampleCoupons } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

interface Args {
  position: LauncherPosition;
  open: boolean;
}
type Story = StoryObj<Args>;

const POSITIONS: LauncherPosition[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/**
 * A story of the element talking to an in-memory client in some state (a fresh client per
 * render). The launcher floats over the window, so a stand-in page is drawn behind it.
 */
const withClient = (client: () => MemoryClient): Story => ({
  render: ({ position, open }) => html`<p style="max-width: 36rem; margin: 4rem auto; line-height: 1.6">
      A shop's page. The launcher floats in a corner of the window; its panel opens away from that corner.
    </p>
    <mc-launcher .client=${client()} position=${position} ?open=${open}></mc-launcher>`,
});

/** A member with something in every tab of the panel. */
const member = () => MemoryClient.member(1240, { activity: sampleActivity(30, 1240), coupons: sampleCoupons() });

/** Waits until the launcher's panel is open (its code loaded and the dialog shown). */
const openPanel = (launcher: Element) => shadowPart<HTMLDialogElement>(launcher, 'dialog[part~="panel"][open]');

/** Checks the panel opened (for the stories that render the launcher with `open`); it fades in, hence the wait. */
const expectOpen: Story['play'] = async ({ canvasElement }) => {
  const panel = await openPanel(storyElement(canvasElement, 'mc-launcher'));
  await waitFor(() => expect(panel).toBeVisible());
};

const meta: Meta<Args> = {
  title: 'Elements/Launcher',
  component: 'mc-launcher',
  args: { position: 'bottom-right', open: false },
  // The manifest names the type (LauncherPosition) but can't list its values.
  argTypes: {
    position: { control: 'radio', options: POSITIONS },
  },
};
export default meta;

/** The balance hasn't arrived: the button says "Rewards". */
export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** Guests see a gift and "Rewards". */
export const Guest: Story = withClient(() => MemoryClient.guest());

/** Closed, bottom right (the default): the member's points on the button. */
export const Member: Story = withClient(member);

/** A new member with no points yet. */
export const Empty: Story = withClient(() => MemoryClient.member(0, { lifetimeEarned: 0, activity: [] }));

/** The balance failed to load: the button says "Rewards" and still opens the panel. */
export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const launcher = storyElement(canvasElement, 'mc-launcher');
    await waitFor(() => expect(launcher.viewState).toBe('error'));
    await expect(await shadowPart(launcher, '[part~="button"]')).toBeVisible();
  },
};

export const ClosedBottomLeft: Story = { ...withClient(member), args: { position: 'bottom-left' } };

export const ClosedTopRight: Story = { ...withClient(member), args: { position: 'top-right' } };

export const ClosedTopLeft: Story = { ...withClient(member), args: { position: 'top-left' } };

/** Open: the member center in a modal dialog above the button, aligned to its right edge. */
export const OpenBottomRight: Story = {
  ...withClient(member),
  args: { position: 'bottom-right', open: true },
  play: expectOpen,
};

export const OpenBottomLeft: Story = {
  ...withClient(member),
  args: { position: 'bottom-left', open: true },
  play: expectOpen,
};

export const OpenTopRight: Story = {
  ...withClient(member),
  args: { position: 'top-right', open: true },
  play: expectOpen,
};

export const OpenTopLeft: Story = {
  ...withClient(member),
  args: { position: 'top-left', open: true },
  play: expectOpen,
};

/** Open for a guest: the call to join and the ways to earn. */
export const GuestOpen: Story = { ...withClient(() => MemoryClient.guest()), args: { open: true }, play: expectOpen };

/** The button clicked: the panel opens on Overview with focus on its tab. */
export const OpenByClick: Story = {
  ...withClient(member),
  play: async ({ canvasElement }) => {
    const launcher = storyElement(canvasElement, 'mc-launcher');
    await userEvent.click(await shadowPart(launcher, '[part~="button"]'));
    const panel = await openPanel(launcher);
    await waitFor(() => expect(panel).toBeVisible());
  },
};

/** `show('coupons')`, as a "My coupons" link on the page would call it: the panel opens on that tab. */
export const ShowOnCouponsTab: Story = {
  ...withClient(member),
  play: async ({ canvasElement }) => {
    const launcher = storyElement(canvasElement, 'mc-launcher');
    launcher.show('coupons');
    await openPanel(launcher);
    await waitFor(() => expect(launcher.memberCenter?.activeTab).toBe('coupons'));
  },
};

/** Opened, then closed with its × button: focus is back on the launcher button. */
export const ClosedAgain: Story = {
  ...withClient(member),
  args: { open: true },
  play: async ({ canvasElement }) => {
    const launcher = storyElement(canvasElement, 'mc-launcher');
    const panel = await openPanel(launcher);
    await waitFor(() => expect(panel).toBeVisible());
    await userEvent.click(await shadowPart(launcher, '[part~="close-button"]'));
    await waitFor(() => expect(launcher.open).toBe(false));
    await expect(launcher.shadowRoot?.activeElement?.getAttribute('part')).toBe('button');
  },
};

/**
 * The panel's code failed to load: the click says so in the live region (and fires mc-error);
 * the next click tries again. The failing loader is this story's only, restored afterwards.
 */
export const PanelLoadFails: Story = {
  ...withClient(member),
  beforeEach: () => {
    const loadPanel = McLauncher.loadPanel;
    McLauncher.loadPanel = () => Promise.reject(new Error('The panel chunk could not be fetched'));
    return () => {
      McLauncher.loadPanel = loadPanel;
    };
  },
  play: async ({ canvasElement }) => {
    const launcher = storyElement(canvasElement, 'mc-launcher');
    await userEvent.click(await shadowPart(launcher, '[part~="button"]'));
    await waitFor(() => expect(launcher.shadowRoot?.querySelector('[role="status"]')?.textContent).not.toBe(''));
    await expect(launcher.open).toBe(false);
  },
};
