import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import { type McErrorEvent, McRedeemEvent, type McRedeemRequestEvent } from '../events.js';
import { hasState, part, visibleText, waitFor } from '../internal/test-utils.js';
import { fixtureId, MemoryApiError, MemoryClient, sampleRewards } from '../testing/index.js';
import type { McRewardsBazaar } from './rewards-bazaar.js';

async function mount(client: MemoryClient, lang = 'en'): Promise<McRewardsBazaar> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><mc-rewards-bazaar .client=${client}></mc-rewards-bazaar></div>`,
  );
  const el = wrapper.querySelector('mc-rewards-bazaar')!;
  await waitFor(() => !hasState(el, 'loading'), 'catalog to load');
  return el;
}

const cards = (el: McRewardsBazaar) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=card]')];
const card = (el: McRewardsBazaar, name: string) => {
  const found = cards(el).find((c) => c.querySelector('[part=name]')?.textContent === name);
  if (!found) throw new Error(`No card ${name}`);
  return found;
};
const names = (el: McRewardsBazaar) => cards(el).map((c) => c.querySelector('[part=name]')!.textContent);
const dialog = (el: McRewardsBazaar) => part<HTMLDialogElement>(el, 'dialog');
const focused = (el: McRewardsBazaar) => el.shadowRoot!.activeElement;

/**
 * Opens the confirmation for `name` with the keyboard: focus its Redeem button, press Enter.
 * Focus does not scroll, so the end of a long list stays out of view and shows no more cards.
 */
async function askToRedeem(el: McRewardsBazaar, name: string): Promise<void> {
  card(el, name).querySelector<HTMLButtonElement>('[part=redeem-button]')!.focus({ preventScroll: true });
  await sendKeys({ press: 'Enter' });
  await waitFor(() => dialog(el).open, 'the confirmation dialog');
}

/** The deliberate confirmation: Tab from the focused Cancel to Redeem, then Enter. */
async function confirmByKeys(): Promise<void> {
  await sendKeys({ press: 'Tab' });
  await sendKeys({ press: 'Enter' });
}

describe('<mc-rewards-bazaar>', () => {
  it('after a redemption of a reward with validDays, says to use the code at checkout and until when', async () => {
    const rewards = sampleRewards().map((r) => ({ ...r, validDays: 30 }));
    const el = await mount(MemoryClient.member(1240, { rewards }));
    await askToRedeem(el, '¥10 coupon');
    await confirmByKeys();
    await waitFor(() => el.shadowRoot!.querySelector('[part=how-to]'), 'the how-to');
    const until = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(Date.now() + 30 * 86_400_000));
    expect(part(el, '[part=how-to]').textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      `Enter it at checkout by ${until}. You’ll find it in My coupons too.`,
    );
    await expect(el).to.be.accessible();
  });

  it('shows the catalog as cards with cost, stock and why a reward cannot be redeemed', async () => {
    const el = await mount(MemoryClient.member(1240));
    expect(hasState(el, 'member')).to.be.true;
    expect(names(el)).to.deep.equal([
      '¥10 coupon',
      'Tote bag',
      'Free shipping',
      'VIP lounge pass',
      'Welcome mug',
      'Coffee voucher',
    ]);
    // The merchant's description under the name.
    expect(visibleText(card(el, '¥10 coupon'))).to.equal(
      '¥10 coupon ¥10 off any order over ¥99 500 points 12 left Redeem',
    );
    expect(visibleText(card(el, 'Tote bag'))).to.equal('Tote bag 1,360 points 40 left Need 120 more points');
    expect(visibleText(card(el, 'Free shipping'))).to.equal('Free shipping 200 points Out of stock');
    expect(visibleText(card(el, 'VIP lounge pass'))).to.equal('VIP lounge pass 800 points Gold only');
    expect(visibleText(card(el, 'Welcome mug'))).to.equal('Welcome mug 300 points Limit reached');
    // No image: a placeholder glyph by kind (CSS, no request, nothing read aloud); images load lazily.
    const image = card(el, '¥10 coupon').querySelector('[part=image]')!;
    expect(image.querySelector('img')).to.equal(null);
    expect(getComputedStyle(image, '::after').content).to.match(/^"\S+" \/ ""$/);
    expect(image.getBoundingClientRect().height).to.be.greaterThan(60);
    // The button names its reward for screen readers.
    const button = card(el, 'Coffee voucher').querySelector('button')!;
    expect(button.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Redeem Coffee voucher');
    await expect(el).to.be.accessible();
  });

  it('filters to what the member can afford and sorts by cost', async () => {
    const el = await mount(MemoryClient.member(1240));
    const filter = part<HTMLInputElement>(el, '[part=filter]');
    filter.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(el.affordableOnly).to.be.true;
    expect(names(el)).to.not.include('Tote bag');
    expect(names(el)).to.have.length(5);

    const select = part<HTMLSelectElement>(el, '[part=sort]');
    select.value = 'cost-asc';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(names(el)).to.deep.equal([
      'Coffee voucher',
      'Free shipping',
      'Welcome mug',
      '¥10 coupon',
      'VIP lounge pass',
    ]);
    el.sort = 'cost-desc';
    await el.updateComplete;
    expect(names(el)[0]).to.equal('VIP lounge pass');
    expect(part<HTMLSelectElement>(el, '[part=sort]').value).to.equal('cost-desc');
  });

  it('says so when nothing is affordable', async () => {
    const client = MemoryClient.member(10);
    const el = await mount(client);
    // "Affordable" compares costs with the balance, which may land after the catalog.
    await waitFor(() => client.store.get('me').status === 'ready', 'the balance');
    el.affordableOnly = true;
    await el.updateComplete;
    expect(visibleText(el)).to.contain('Nothing you can afford yet — keep earning!');
  });

  it('redeems with the keyboard: confirm, events, coupon code, copy, new balance everywhere', async () => {
    const client = MemoryClient.member(1240);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <mc-points-balance .client=${client}></mc-points-balance>
      <mc-rewards-bazaar .client=${client}></mc-rewards-bazaar>
    </div>`);
    const el = wrapper.querySelector('mc-rewards-bazaar')!;
    const balance = wrapper.querySelector('mc-points-balance')!;
    await waitFor(() => hasState(el, 'member') && hasState(balance, 'member'), 'both loaded');
    const requests: McRedeemRequestEvent[] = [];
    wrapper.addEventListener('mc-redeem-request', (e) => requests.push(e));
    const redeemed = oneEvent(wrapper, 'mc-redeem');

    await askToRedeem(el, '¥10 coupon');
    expect(visibleText(dialog(el))).to.equal(
      'Redeem ¥10 coupon? This uses 500 points from your balance. Cancel Redeem',
    );
    // Cancel has the focus: spending takes a deliberate Tab to Redeem.
    expect(focused(el)?.textContent).to.equal('Cancel');
    await expect(el).to.be.accessible();
    expect(client.calls.filter((c) => c.startsWith('redeem'))).to.have.length(0);

    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.textContent).to.equal('Redeem');
    await sendKeys({ press: 'Enter' });
    const event = (await redeemed) as unknown as McRedeemEvent;
    expect(event).to.be.instanceOf(McRedeemEvent);
    expect(event.bubbles && event.composed).to.be.true;
    expect(event.redemption.code).to.equal('MC-0001-OK');
    expect(event.balance).to.equal(740);
    expect(requests).to.have.length(1);
    expect(requests[0]!.reward.name).to.equal('¥10 coupon');
    expect(client.calls).to.include(`redeem:${fixtureId(1001)}`);

    await waitFor(() => part(el, '[part=coupon]'), 'the coupon');
    expect(visibleText(dialog(el))).to.equal(
      'Redeemed! Your coupon code MC-0001-OK Copy Enter it at checkout; it does not expire. You’ll find it in My coupons too. Your balance is now 740 points. Done',
    );
    await expect(el).to.be.accessible();

    let copied = '';
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: async (text: string) => {
          copied = text;
        },
      },
    });
    try {
      const copy = [...dialog(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Copy'))!;
      copy.focus();
      await sendKeys({ press: 'Enter' });
      await waitFor(() => copied, 'the copy');
      expect(copied).to.equal('MC-0001-OK');
      await waitFor(() => dialog(el).textContent!.includes('Copied'), 'Copied feedback');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      if (original) Object.defineProperty(Navigator.prototype, 'clipboard', original);
    }

    // Every element reading the store moved on: the balance and the card's stock.
    await waitFor(() => part(balance, '[part=value]').textContent === '740', 'the balance element');
    expect(visibleText(card(el, '¥10 coupon'))).to.contain('11 left');
    expect(visibleText(card(el, 'Coffee voucher'))).to.contain('Redeem');

    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog(el).open, 'dialog closed');
  });

  it('Enter twice on a card spends nothing: the second Enter is the dialog’s Cancel', async () => {
    const client = MemoryClient.member(1240);
    const el = await mount(client);
    await askToRedeem(el, 'Coffee voucher');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !dialog(el).open, 'dialog closed');
    expect(client.calls.some((c) => c.startsWith('redeem'))).to.be.false;
    expect(focused(el)).to.equal(card(el, 'Coffee voucher').querySelector('button'));
  });

  it('cancels with Escape: no call, focus back on the Redeem button', async () => {
    const client = MemoryClient.member(1240);
    const el = await mount(client);
    await askToRedeem(el, 'Coffee voucher');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog(el).open, 'dialog closed');
    expect(client.calls.some((c) => c.startsWith('redeem'))).to.be.false;
    expect(focused(el)).to.equal(card(el, 'Coffee voucher').querySelector('button'));
  });

  it('lets the page cancel mc-redeem-request before the API call', async () => {
    const client = MemoryClient.member(1240);
    const el = await mount(client);
    el.addEventListener('mc-redeem-request', (e) => e.preventDefault());
    await askToRedeem(el, 'Coffee voucher');
    await confirmByKeys();
    await waitFor(() => !dialog(el).open, 'dialog closed');
    expect(client.calls.some((c) => c.startsWith('redeem'))).to.be.false;
  });

  it('shows a failure in place, and Try again reuses the idempotency key and succeeds', async () => {
    const client = MemoryClient.member(1240).fail('redeem', new TypeError('Failed to fetch'));
    const keys: string[] = [];
    const redeem = client.redeem.bind(client);
    client.redeem = (id, options) => {
      keys.push(options?.idempotencyKey ?? '');
      return redeem(id, options);
    };
    const el = await mount(client);
    const failed = oneEvent(el, 'mc-error');
    await askToRedeem(el, 'Coffee voucher');
    await confirmByKeys();
    const error = (await failed) as unknown as McErrorEvent;
    expect(error.operation).to.equal('redeem');
    await waitFor(() => dialog(el).querySelector('[role=alert]'), 'failure message');
    expect(visibleText(dialog(el))).to.equal(
      'Redeem Coffee voucher? The redemption didn’t go through. Your points were not spent. Close Try again',
    );
    expect(focused(el)?.textContent).to.equal('Try again');
    await expect(el).to.be.accessible();

    client.recover();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('[part=coupon]'), 'coupon after retry');
    expect(keys).to.have.length(2);
    expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('explains a business refusal and offers no retry', async () => {
    const client = MemoryClient.member(1240).fail('redeem', new MemoryApiError(422, 'out_of_stock'));
    const el = await mount(client);
    await askToRedeem(el, '¥10 coupon');
    await confirmByKeys();
    await waitFor(() => dialog(el).querySelector('[role=alert]'), 'failure message');
    expect(visibleText(dialog(el))).to.equal('Redeem ¥10 coupon? This reward just ran out. Close');
  });

  it('shows guests the catalog without redeem buttons', async () => {
    const el = await mount(MemoryClient.guest());
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(el)).to.contain('Join to redeem');
    expect(el.shadowRoot!.querySelector('[part=redeem-button]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part=filter]')).to.equal(null);
    expect(visibleText(card(el, 'Free shipping'))).to.equal('Free shipping 200 points Out of stock');
    await expect(el).to.be.accessible();
  });

  it('shows the loading skeleton, the empty catalog and a load error with Retry', async () => {
    const loading = await fixture<McRewardsBazaar>(
      html`<mc-rewards-bazaar .client=${MemoryClient.loadingForever()}></mc-rewards-bazaar>`,
    );
    expect(hasState(loading, 'loading')).to.be.true;
    expect(loading.shadowRoot!.querySelectorAll('.skeleton.card')).to.have.length(3);
    await expect(loading).to.be.accessible();

    const empty = await mount(MemoryClient.member(1240, { rewards: [] }));
    expect(hasState(empty, 'empty')).to.be.true;
    expect(visibleText(empty)).to.equal('Rewards No rewards yet. Check back soon.');
    await expect(empty).to.be.accessible();

    const client = MemoryClient.failing();
    const failing = await mount(client);
    expect(hasState(failing, 'error')).to.be.true;
    await expect(failing).to.be.accessible();
    client.recover();
    part(failing, '[part=retry-button]').click();
    await waitFor(() => hasState(failing, 'member'), 'catalog after retry');
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const el = await mount(MemoryClient.member(1240), 'zh-CN');
    expect(visibleText(card(el, 'Tote bag'))).to.equal('Tote bag 1,360 积分 剩余 40 件 还差 120 积分');
    expect(visibleText(card(el, 'VIP lounge pass'))).to.equal('VIP lounge pass 800 积分 仅限Gold');
    expect(visibleText(card(el, 'Welcome mug'))).to.equal('Welcome mug 300 积分 已达兑换上限');
    expect(part(el, '[part=filter]').parentElement!.textContent!.trim()).to.equal('积分够兑换');
  });

  it('shows more with the keyboard: loaded cards first, then the next page by cursor, and says how many', async () => {
    const client = MemoryClient.withManyRewards(60);
    const el = await mount(client);
    // The store's first page is the API's default 50; 24 of them are rendered.
    expect(cards(el)).to.have.length(24);
    expect(client.calls.filter((c) => c.startsWith('listRewards'))).to.deep.equal(['listRewards:0']);
    const status = part(el, '[role=status]');
    expect(status.textContent).to.equal('');

    // Without scrolling: the end of the list stays out of view, so only the button shows more.
    part(el, '[part=load-more]').focus({ preventScroll: true });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => cards(el).length === 48, '48 cards');
    expect(status.textContent).to.equal('Showing 48 rewards.');
    expect(client.calls.filter((c) => c.startsWith('listRewards'))).to.have.length(1);

    // Only 2 more are loaded: the next page comes from the API, after the last reward's cursor.
    await sendKeys({ press: 'Enter' });
    await waitFor(() => cards(el).length === 60, 'all 60 cards');
    expect(client.calls.filter((c) => c.startsWith('listRewards'))).to.deep.equal(['listRewards:0', 'listRewards:50']);
    expect(names(el).at(-1)).to.equal('Reward #60');
    expect(status.textContent).to.equal('Showing 60 rewards.');
    expect(el.shadowRoot!.querySelector('[part=load-more]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('renders 24 of 10,000 rewards within the DOM budget and shows more as the end scrolls into view', async () => {
    const client = MemoryClient.withManyRewards(10_000);
    const el = await mount(client);
    expect(cards(el)).to.have.length(24);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.at.most(300);
    expect(names(el)[0]).to.equal('Reward #1');

    part(el, '.sentinel').scrollIntoView();
    await waitFor(() => cards(el).length === 48, 'cards revealed on scroll');
    part(el, '.sentinel').scrollIntoView();
    await waitFor(() => cards(el).length === 72, 'the next page on scroll');
    expect(client.calls).to.include('listRewards:50');
    expect(names(el)[71]).to.equal('Reward #72');
    await expect(el).to.be.accessible();
  });

  it('keeps the loaded pages after a redemption, with fresh stock and eligibility', async function () {
    // 72 cards rendered three times over: more than mocha's default 5 s on a loaded machine.
    this.timeout(20_000);
    const client = MemoryClient.withManyRewards(200, { points: 1000 });
    const el = await mount(client);
    // Show more until 72 cards are shown (pages 1 and 2). As a person would, each click waits
    // for the button to be enabled again (disabled while a page loads). The scroll sentinel may
    // show a step by itself too, so the count is "at least", and what a redemption must keep is
    // whatever was shown.
    const more = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=load-more]:not([disabled])');
    while (cards(el).length < 72) {
      const before = cards(el).length;
      (await waitFor(more, 'an enabled "Show more"', 5000)).click();
      // 24 more cards: a loaded machine can take longer than the default 2 s to render them.
      await waitFor(() => cards(el).length >= before + 24, `${before + 24} cards`, 5000);
    }
    const shown = cards(el).length;
    // A reward from the second page that the member can redeem, and one that costs more than it leaves.
    const index = client.rewards.findIndex((r, i) => i >= 50 && r.cost <= 1000 && r.stock !== 0 && r.stock !== null);
    const reward = client.rewards[index]!;
    const stock = reward.stock!;
    const pricey = client.rewards.find((r, i) => i >= 50 && i < 72 && r.cost > 1000 - reward.cost && r.cost <= 1000)!;
    expect(visibleText(card(el, pricey.name))).to.match(/Redeem$/);

    await askToRedeem(el, reward.name);
    await confirmByKeys();
    await waitFor(() => part(el, '[part=coupon]'), 'the coupon');
    await waitFor(() => visibleText(card(el, reward.name)).includes(`${stock - 1} left`), 'the stock to drop');
    expect(cards(el)).to.have.length(shown);
    expect(visibleText(card(el, pricey.name))).to.contain(`Need ${pricey.cost - (1000 - reward.cost)} more points`);
    // The loaded pages came again from the API, from the fresh first page's cursor.
    expect(client.calls.filter((c) => c === 'listRewards:50')).to.have.length(2);
  });
});
