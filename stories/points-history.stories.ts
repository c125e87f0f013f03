import { MemoryClient, sampleActivity } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { shadowPart, storyElement } from './support.js';

type Story = StoryObj;

/** A story of the element talking to an in-memory client in some state (a fresh client per render). */
const withClient = (client: () => MemoryClient): Story => ({
  render: () => html`<mc-points-history .client=${client()} style="max-width: 32rem"></mc-points-history>`,
});

/** A member with `count` ledger entries, 20 a page (the memory client's default page). */
const memberWithEntries = (count: number) =>
  MemoryClient.member(1240, { activity: sampleActivity(count, 1240), listPageSize: 20 });

/** How many entries the history shows. */
const entryCount = (history: Element) => history.shadowRoot?.querySelectorAll('[part~="entry"]').length ?? 0;

const meta: Meta = {
  title: 'Elements/Points history',
  component: 'mc-points-history',
};
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever());

/** Guests are asked to log in; the ledger is not requested. */
export const Guest: Story = withClient(() => MemoryClient.guest());

/** Three entries: an order earned, a reward spent, a goodwill adjustment. */
export const Member: Story = withClient(() => MemoryClient.member(1240));

/** A member with no activity yet. */
export const Empty: Story = withClient(() => MemoryClient.member(0, { lifetimeEarned: 0, activity: [] }));

export const LoadError: Story = {
  ...withClient(() => MemoryClient.failing()),
  name: 'Error',
  play: async ({ canvasElement }) => {
    const history = storyElement(canvasElement, 'mc-points-history');
    await expect(await shadowPart(history, '[part~="retry-button"]')).toBeVisible();
  },
};

/** 65 entries, 20 a page: "Load more" (or scrolling to it) fetches the next page with the API's cursor. */
export const SeveralPages: Story = withClient(() => memberWithEntries(65));

/** "Load more" pressed: the next 20 entries follow and focus moves to the first of them. */
export const LoadMore: Story = {
  ...withClient(() => memberWithEntries(65)),
  play: async ({ canvasElement }) => {
    const history = storyElement(canvasElement, 'mc-points-history');
    await userEvent.click(await shadowPart(history, '[part~="load-more"]'));
    await waitFor(() => expect(entryCount(history)).toBeGreaterThan(20));
  },
};

/** Every page loaded: no "Load more" after the last entry. */
export const AllLoaded: Story = {
  ...withClient(() => memberWithEntries(45)),
  play: async ({ canvasElement }) => {
    const history = storyElement(canvasElement, 'mc-points-history');
    await shadowPart(history, '[part~="load-more"]');
    let more = history.shadowRoot?.querySelector<HTMLButtonElement>('[part~="load-more"]');
    while (more) {
      const before = entryCount(history);
      await userEvent.click(more);
      await waitFor(() => expect(entryCount(history)).toBeGreaterThan(before));
      more = history.shadowRoot?.querySelector<HTMLButtonElement>('[part~="load-more"]');
    }
    await expect(entryCount(history)).toBe(45);
  },
};

/** A later page failed: the entries already loaded stay, with "We couldn’t load more." and Retry. */
export const LoadMoreError: Story = {
  ...withClient(() => memberWithEntries(65)),
  play: async ({ canvasElement }) => {
    const history = storyElement(canvasElement, 'mc-points-history');
    const more = await shadowPart(history, '[part~="load-more"]');
    if (history.client instanceof MemoryClient) history.client.fail('activity');
    await userEvent.click(more);
    await expect(await shadowPart(history, '[part~="error"] [part~="retry-button"]')).toBeVisible();
  },
};
