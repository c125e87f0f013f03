import type { Lottery } from '@member-center/contract';
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../define.js';
import { hasState, part, waitFor } from '../internal/test-utils.js';
import { MemoryClient } from '../testing/index.js';
import type { McLottery } from './lottery.js';

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
      points: null,
      rewardId: null,
      weight: 1,
      stock: 2,
      probability: 0.1,
    },
    {
      id: 'p20',
      kind: 'points',
      label: '20 points',
      points: 20,
      rewardId: null,
      weight: 3,
      stock: null,
      probability: 0.3,
    },
    {
      id: 'none',
      kind: 'nothing',
      label: 'Try again',
      points: null,
      rewardId: null,
      weight: 6,
      stock: null,
      probability: 0.6,
    },
  ],
};

async function mount(client: MemoryClient, lang = 'en') {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><button id="before">before</button><mc-lottery .client=${client}></mc-lottery></div>`,
  );
  const el = wrapper.querySelector('mc-lottery')!;
  await waitFor(() => el.viewState && !hasState(el, 'loading'), 'data to load');
  return el;
}

const cells = (el: McLottery) =>
  [...el.shadowRoot!.querySelectorAll('[part~=cell]')].map((c) => c.querySelector('.label')!.textContent);
const live = (el: McLottery) => part(el, '[role=status]');

describe('<mc-lottery>', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('shows the eight cells (the table repeated), the odds and the cost; accessible', async () => {
    const el = await mount(MemoryClient.member(1240, { program: { lottery: LOTTERY } }));
    expect(hasState(el, 'member')).to.be.true;
    expect(cells(el)).to.deep.equal([
      '¥10 coupon',
      '20 points',
      'Try again',
      '¥10 coupon',
      '20 points',
      'Try again',
      '¥10 coupon',
      '20 points',
    ]);
    expect(part(el, '[part~=cell] .odds').textContent).to.equal('10% chance');
    expect(part(el, '[part=button]').textContent!.replace(/\s+/g, ' ').trim()).to.equal('Draw 50 points');
    expect(part(el, '[part=hint]').textContent).to.equal('Up to 3 draws a day.');
    await expect(el).to.be.accessible();
  });

  it('with reduced motion, a draw from the keyboard shows and announces the result at once', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const client = MemoryClient.member(1240, { program: { lottery: structuredClone(LOTTERY) } });
    client.drawValues = [2]; // lands on "20 points"
    const el = await mount(client);
    part<HTMLButtonElement>(el, '[part=button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => live(el).textContent === 'You won 20 points!', 'the announcement');
    expect(part(el, '[part~=cell-won]').textContent).to.contain('20 points');
    expect(part(el, '[part=hint]').textContent).to.equal('2 draws left today.');
    expect(client.balance).to.equal(1240 - 50 + 20);
    await expect(el).to.be.accessible();
  });

  it('animates the highlight round the grid before the result, then stops on the prize', async () => {
    const client = MemoryClient.member(1240, { program: { lottery: structuredClone(LOTTERY) } });
    client.drawValues = [9]; // "Try again"
    const el = await mount(client);
    part<HTMLButtonElement>(el, '[part=button]').click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~=cell-active]') !== null, 'the highlight');
    expect(live(el).textContent).to.equal('');
    await waitFor(() => live(el).textContent === 'No prize this time: Try again', 'the result', 5000);
    expect(part(el, '[part~=cell-won]').textContent).to.contain('Try again');
  });

  it('in Chinese; the daily limit refusal is shown and the button disabled', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const client = MemoryClient.member(1240, { program: { lottery: { ...structuredClone(LOTTERY), dailyLimit: 1 } } });
    client.drawsToday = 1;
    const el = await mount(client, 'zh-CN');
    expect(part(el, '[part=title]').textContent).to.equal('积分抽奖');
    expect(part(el, '[part=hint]').textContent).to.equal('每天最多抽 1 次。');
    part<HTMLButtonElement>(el, '[part=button]').click();
    await waitFor(() => el.shadowRoot!.querySelector('[part=error]') !== null, 'the refusal');
    expect(part(el, '[part=error]').textContent).to.equal('今天的抽奖次数已用完，明天再来吧！');
    expect(part(el, '[part=button]').getAttribute('aria-disabled')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('a guest sees the prizes and odds and a call to join; empty without a lottery; loading and error states', async () => {
    const guest = await mount(MemoryClient.guest({ program: { lottery: LOTTERY } }));
    expect(hasState(guest, 'guest')).to.be.true;
    expect(part(guest, '[part=hint]').textContent).to.equal('Members draw for prizes with points: 50 points a draw.');
    expect(part(guest, '[part=button]').getAttribute('aria-disabled')).to.equal('true');
    await expect(guest).to.be.accessible();
    const none = await mount(MemoryClient.member(1240, { program: { lottery: null } }));
    expect(hasState(none, 'empty')).to.be.true;
    const failing = await mount(MemoryClient.failing(undefined, { program: { lottery: LOTTERY } }));
    expect(hasState(failing, 'error')).to.be.true;
    await expect(failing).to.be.accessible();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><mc-lottery .client=${MemoryClient.loadingForever({ program: { lottery: LOTTERY } })}></mc-lottery></div>`,
    );
    const loading = wrapper.querySelector('mc-lottery')!;
    await waitFor(() => hasState(loading, 'loading'), 'the loading state');
    await expect(loading).to.be.accessible();
  });
});
