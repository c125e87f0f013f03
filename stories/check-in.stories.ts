import { MemoryApiError, MemoryClient } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

type Story = StoryObj;

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: () => html`<mc-check-in .client=${client()} style="max-width: 22rem"></mc-check-in>`,
});

const meta: Meta = {
  title: 'Elements/Check-in',
  component: 'mc-check-in',
};
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** A guest learns what check-ins earn and is invited to join. */
export const Guest: Story = withClient(() => MemoryClient.guest());

/** Day 3 of 7 is today's, not done yet: the button says what it earns. */
export const Available: Story = withClient(() => MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } }));

/** Done for today: the button is disabled until tomorrow. */
export const CheckedInToday: Story = withClient(() =>
  MemoryClient.member(1245, { checkIn: { today: true, streak: 3 } }),
);

/** Today's check-in completes the week and earns the 50-point bonus. */
export const BonusDay: Story = withClient(() => MemoryClient.member(1240, { checkIn: { today: false, streak: 6 } }));

/** No streak yet. */
export const FirstDay: Story = withClient(() => MemoryClient.member(0, { checkIn: { today: false, streak: 0 } }));

/** A program without a streak bonus: a plain week of dots. */
export const NoBonus: Story = withClient(() =>
  MemoryClient.member(1240, {
    program: { checkIn: { points: 10, bonusDay: 7, bonusPoints: 0 } },
    checkIn: { today: false, streak: 4 },
  }),
);

/** A bonus every 30th day: too many dots to draw, so it is said in words. */
export const MonthlyBonus: Story = withClient(() =>
  MemoryClient.member(1240, {
    program: { checkIn: { points: 5, bonusDay: 30, bonusPoints: 300 } },
    checkIn: { today: false, streak: 12 },
  }),
);

/** The program has no daily check-in: the element renders nothing (the frame below stays empty). */
export const Unavailable: Story = withClient(() => MemoryClient.member(1240, { program: { checkIn: null } }));

export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const checkIn = storyElement(canvasElement, 'mc-check-in');
    await expect(await shadowPart(checkIn, '[part~="retry-button"]')).toBeVisible();
  },
};

/** The member presses Check in: the streak grows, the points are announced, the button waits for tomorrow. */
export const ChecksIn: Story = {
  ...withClient(() => MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } })),
  play: async ({ canvasElement }) => {
    const checkIn = storyElement(canvasElement, 'mc-check-in');
    await userEvent.click(await shadowPart(checkIn, '[part~="button"]'));
    await waitFor(() => expect(checkIn.matches(':state(checked-in)')).toBe(true));
  },
};

/** The check-in request fails: the message in place, and the button can be pressed again. */
export const CheckInFails: Story = {
  ...withClient(() =>
    MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } }).fail(
      'checkIn',
      new MemoryApiError(503, 'internal_error'),
    ),
  ),
  play: async ({ canvasElement }) => {
    const checkIn = storyElement(canvasElement, 'mc-check-in');
    await userEvent.click(await shadowPart(checkIn, '[part~="button"]'));
    await expect(await shadowPart(checkIn, '[part~="error"]')).toBeVisible();
  },
};
