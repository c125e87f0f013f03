import { MemoryClient } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { redeemButtonOf, shadowPart, storyElement } from './support.js';

/**
 * The core elements side by side under one `<mc-provider>`: they read one client's store, so a
 * redemption in the bazaar updates the balance and the tier without any of them refetching.
 */
const meta: Meta = {
  title: 'Examples/Shared store',
  render: () => html`<mc-provider .client=${MemoryClient.member(1240)}>
    <div style="display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); align-items: start">
      <mc-points-balance></mc-points-balance>
      <mc-tier-progress></mc-tier-progress>
      <mc-referral-share></mc-referral-share>
    </div>
    <mc-rewards-bazaar style="margin-block-start: 1rem"></mc-rewards-bazaar>
  </mc-provider>`,
};
export default meta;

export const Member: StoryObj = {};

/** Redeeming the ¥10 coupon (500 points) takes the balance from 1,240 to 740 everywhere. */
export const AfterARedemption: StoryObj = {
  play: async ({ canvasElement }) => {
    const bazaar = storyElement(canvasElement, 'mc-rewards-bazaar');
    await userEvent.click(await redeemButtonOf(bazaar, '¥10 coupon'));
    const dialog = await shadowPart<HTMLDialogElement>(bazaar, 'dialog[open]');
    const confirm = dialog.querySelector<HTMLButtonElement>('button.primary');
    if (confirm) await userEvent.click(confirm);
    await shadowPart(bazaar, '[part~="coupon"]');
    const balance = storyElement(canvasElement, 'mc-points-balance');
    await waitFor(() => expect(balance.shadowRoot?.querySelector('[part~="value"]')?.textContent).toBe('740'), {
      timeout: 3000,
    });
  },
};
