import { MemoryApiError, MemoryClient } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

type Story = StoryObj;

const RULE = { minPoints: 100, step: 50, maxPoints: 5000, validMinutes: 30 };

/** A story of the element (and the wallet beside it) on an in-memory client in some state. */
const withClient = (client: () => MemoryClient): Story => ({
  render: () => {
    const c = client();
    return html`<div style="display: grid; gap: 1rem; max-width: 24rem">
      <mc-points-discount .client=${c}></mc-points-discount>
      <mc-coupons .client=${c}></mc-coupons>
    </div>`;
  },
});

const meta: Meta = {
  title: 'Elements/Points discount',
  component: 'mc-points-discount',
};
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever({ program: { pointsDiscount: RULE } }));

/** A guest learns what points are worth and is asked to log in. */
export const Guest: Story = withClient(() => MemoryClient.guest({ program: { pointsDiscount: RULE } }));

/** A member picks points with the slider or the number; the worth and what remains follow. */
export const Member: Story = withClient(() => MemoryClient.member(1240, { program: { pointsDiscount: RULE } }));

/** Fewer points than the minimum: it says how many are needed. */
export const NotEnoughPoints: Story = withClient(() => MemoryClient.member(60, { program: { pointsDiscount: RULE } }));

/** The program does not turn points into cash: the element shows nothing. */
export const NotOffered: Story = withClient(() => MemoryClient.member(1240));

export const LoadError: Story = withClient(() =>
  MemoryClient.failing(new MemoryApiError(503, 'internal_error'), { program: { pointsDiscount: RULE } }),
);

/** The API refuses the amount: the reason is shown in place. */
export const Refused: Story = withClient(() =>
  MemoryClient.member(1240, { program: { pointsDiscount: RULE } }).fail(
    'createDiscount',
    new MemoryApiError(422, 'discount_not_allowed'),
  ),
);

export const Chinese: Story = {
  render: () =>
    html`<div lang="zh-CN" style="max-width: 24rem">
      <mc-points-discount .client=${MemoryClient.member(1240, { program: { pointsDiscount: RULE } })}></mc-points-discount>
    </div>`,
};

/** Gets a code: it shows with a copy button and lands in My coupons. */
export const GetACode: Story = {
  ...withClient(() => MemoryClient.member(1240, { program: { pointsDiscount: RULE } })),
  play: async ({ canvasElement }) => {
    const el = await storyElement(canvasElement, 'mc-points-discount');
    await userEvent.click(await shadowPart(el, '[part~="button"]'));
    await waitFor(async () => expect((await shadowPart(el, '[part~="code"]')).textContent).toMatch(/-/));
  },
};
