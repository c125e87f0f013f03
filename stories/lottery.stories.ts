import { MemoryApiError, MemoryClient } from '@member-center/elements/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

type Story = StoryObj;
type Lottery = NonNullable<MemoryClient['program']['lottery']>;

const LOTTERY: Lottery = {
  tableVersion: 1,
  cost: 50,
  startsAt: '2020-01-01T00:00:00.000Z',
  endsAt: '2099-01-01T00:00:00.000Z',
  running: true,
  dailyLimit: 3,
  prizes: [
    {
      id: 'coupon',
      kind: 'coupon',
      label: '¥10 coupon',
      translations: { 'zh-CN': { label: '10元优惠券' } },
      points: null,
      rewardId: null,
      weight: 2,
      stock: 20,
      probability: 0.02,
    },
    {
      id: 'p10',
      kind: 'points',
      label: '10 points',
      points: 10,
      rewardId: null,
      weight: 20,
      stock: null,
      probability: 0.2,
    },
    {
      id: 'none1',
      kind: 'nothing',
      label: 'Try again',
      points: null,
      rewardId: null,
      weight: 25,
      stock: null,
      probability: 0.25,
    },
    {
      id: 'p100',
      kind: 'points',
      label: '100 points',
      points: 100,
      rewardId: null,
      weight: 5,
      stock: null,
      probability: 0.05,
    },
    {
      id: 'ship',
      kind: 'coupon',
      label: 'Free shipping',
      points: null,
      rewardId: null,
      weight: 8,
      stock: 50,
      probability: 0.08,
    },
    {
      id: 'p50',
      kind: 'points',
      label: '50 points',
      points: 50,
      rewardId: null,
      weight: 12,
      stock: null,
      probability: 0.12,
    },
    {
      id: 'none2',
      kind: 'nothing',
      label: 'So close!',
      points: null,
      rewardId: null,
      weight: 27,
      stock: null,
      probability: 0.27,
    },
    {
      id: 'p500',
      kind: 'points',
      label: '500 points',
      points: 500,
      rewardId: null,
      weight: 1,
      stock: null,
      probability: 0.01,
    },
  ],
};

const withClient = (client: () => MemoryClient, lang = 'en'): Story => ({
  render: () => html`<div lang=${lang} style="max-width: 22rem"><mc-lottery .client=${client()}></mc-lottery></div>`,
});

const meta: Meta = { title: 'Elements/Lottery', component: 'mc-lottery' };
export default meta;

export const Loading: Story = withClient(() => MemoryClient.loadingForever({ program: { lottery: LOTTERY } }));

/** A guest sees the prizes and the odds, and is asked to log in. */
export const Guest: Story = withClient(() => MemoryClient.guest({ program: { lottery: LOTTERY } }));

/** A member draws: the highlight runs round the grid (at once with reduced motion) and the result is announced. */
export const Member: Story = withClient(() =>
  MemoryClient.member(1240, { program: { lottery: structuredClone(LOTTERY) } }),
);

/** Fewer points than a draw costs. */
export const NotEnoughPoints: Story = withClient(() => MemoryClient.member(20, { program: { lottery: LOTTERY } }));

/** Before its start. */
export const NotStarted: Story = withClient(() =>
  MemoryClient.member(1240, {
    program: { lottery: { ...LOTTERY, running: false, startsAt: '2099-01-01T00:00:00.000Z' } },
  }),
);

/** The program has no lottery: the element shows nothing. */
export const NoLottery: Story = withClient(() => MemoryClient.member(1240));

export const LoadError: Story = withClient(() =>
  MemoryClient.failing(new MemoryApiError(503, 'internal_error'), { program: { lottery: LOTTERY } }),
);

/** The daily limit is reached: the refusal is shown in place. */
export const DailyLimit: Story = withClient(() =>
  MemoryClient.member(1240, { program: { lottery: LOTTERY } }).fail(
    'drawLottery',
    new MemoryApiError(422, 'limit_reached'),
  ),
);

export const Chinese: Story = withClient(
  () => MemoryClient.member(1240, { program: { lottery: structuredClone(LOTTERY) } }),
  'zh-CN',
);
