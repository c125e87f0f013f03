import { createClient, type MemberCenterClient } from '@member-center/client';
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../define.js';
import type { McCheckIn } from '../check-in/check-in.js';
import type { McCheckInEvent } from '../events.js';
import { hasState, part, visibleText, waitFor } from '../internal/test-utils.js';
import type { McPointsBalance } from '../points-balance/points-balance.js';
import type { McPointsDiscount } from '../points-discount/points-discount.js';
import type { McRewardsBazaar } from '../rewards-bazaar/rewards-bazaar.js';
import type { McTierProgress } from '../tier-progress/tier-progress.js';

/** What the real-api plugin (real-api.plugin.mjs) hands the page: a new member of a real program. */
interface RealApi {
  apiUrl: string;
  origin: string;
  publishableKey: string;
  token: string;
  customerId: string;
}

const enrol = (points: number) => executeServerCommand<RealApi, { points: number }>('real-api', { points });
const serverBalance = (customerId: string) =>
  executeServerCommand<number, { customerId: string }>('real-api:balance', { customerId });

/** HTTP on a loaded machine: generous waits, still bounded. */
const WAIT = 10_000;

/** A real mouse click in the middle of `element` (through the browser's input pipeline, not .click()). */
async function click(element: Element): Promise<void> {
  element.scrollIntoView({ block: 'center' });
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

const cardText = (bazaar: McRewardsBazaar, name: string) => {
  const card = [...bazaar.shadowRoot!.querySelectorAll('[part~=card]')].find(
    (c) => c.querySelector('[part=name]')?.textContent === name,
  );
  return card ? visibleText(card) : `(no card ${name})`;
};

async function mountAll(client: MemberCenterClient) {
  const wrapper = await fixture<HTMLElement>(html`<mc-provider .client=${client}>
    <mc-points-balance></mc-points-balance>
    <mc-tier-progress></mc-tier-progress>
    <mc-rewards-bazaar></mc-rewards-bazaar>
  </mc-provider>`);
  return {
    balance: wrapper.querySelector<McPointsBalance>('mc-points-balance')!,
    tier: wrapper.querySelector<McTierProgress>('mc-tier-progress')!,
    bazaar: wrapper.querySelector<McRewardsBazaar>('mc-rewards-bazaar')!,
  };
}

describe('elements against the real API', function () {
  this.timeout(30_000);
  afterEach(() => resetMouse());

  it('serves this page: the program allows exactly its origin', async () => {
    const api = await enrol(0);
    expect(api.origin).to.equal(location.origin);
  });

  it('a zh-CN page shows the merchant’s zh-CN reward and tier names (the client sends ?locale=)', async () => {
    const api = await enrol(1240);
    document.documentElement.lang = 'zh-CN';
    try {
      const client = createClient({ baseUrl: api.apiUrl, publishableKey: api.publishableKey, token: api.token });
      const { tier, bazaar } = await mountAll(client);
      await waitFor(() => hasState(tier, 'member') && hasState(bazaar, 'member'), 'the tier and the bazaar', WAIT);
      expect(part(tier, '[part=badge]').textContent!.trim()).to.equal('白银');
      // Every route takes the ?locale= the client sends (those without merchant texts ignore it).
      await Promise.all([client.listActivity(), client.getReferral(), client.listRedemptions()]);
      expect(cardText(bazaar, '礼品卡')).to.contain('全场通用。 1,000 积分');
      // Not translated: the merchant's own text.
      expect(cardText(bazaar, 'Tote bag')).to.contain('1,360 积分');

      // A client told its language sends that, whatever the page says.
      document.documentElement.lang = 'en';
      const en = createClient({
        baseUrl: api.apiUrl,
        publishableKey: api.publishableKey,
        token: api.token,
        locale: 'zh-CN',
      });
      const rewards = await en.listRewards();
      expect(rewards.items.map((r) => r.name)).to.include('礼品卡');
    } finally {
      document.documentElement.removeAttribute('lang');
    }
  });

  it('redeems through the bazaar; balance, tier and eligibility follow without a reload', async () => {
    const api = await enrol(1240);
    const client = createClient({ baseUrl: api.apiUrl, publishableKey: api.publishableKey, token: api.token });
    const { balance, tier, bazaar } = await mountAll(client);
    await waitFor(
      () => hasState(balance, 'member') && hasState(tier, 'member') && hasState(bazaar, 'member'),
      'all three elements to load from the API',
      WAIT,
    );

    expect(part(balance, '[part=value]').textContent).to.equal('1,240');
    expect(part(tier, '[part=badge]').textContent!.trim()).to.equal('Silver');
    expect(part(tier, '[part=remaining]').textContent!.trim()).to.equal('760 more points to Gold');
    expect(cardText(bazaar, '¥10 coupon')).to.equal('¥10 coupon 500 points 12 left Redeem');
    expect(cardText(bazaar, 'Gift card')).to.equal('Gift card Spend it on anything. 1,000 points Redeem');
    expect(cardText(bazaar, 'Tote bag')).to.equal('Tote bag 1,360 points 40 left Need 120 more points');

    const coupon = [...bazaar.shadowRoot!.querySelectorAll('[part~=card]')].find((c) =>
      c.textContent!.includes('¥10 coupon'),
    )!;
    await click(coupon.querySelector('[part=redeem-button]')!);
    const dialog = part<HTMLDialogElement>(bazaar, 'dialog');
    await waitFor(() => dialog.open, 'the confirmation dialog');
    expect(visibleText(dialog)).to.equal('Redeem ¥10 coupon? This uses 500 points from your balance. Cancel Redeem');
    // Cancel has focus (Enter twice must not spend): Tab to Redeem, Enter confirms.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });

    const code = await waitFor(
      () => bazaar.shadowRoot!.querySelector('[part=coupon]')?.textContent,
      'the coupon',
      WAIT,
    );
    expect(code).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(visibleText(dialog)).to.equal(
      `Redeemed! Your coupon code ${code} Copy Enter it at checkout; it does not expire. You’ll find it in My coupons too. Your balance is now 740 points. Done`,
    );
    // The server spent the points and stored the coupon the member saw.
    expect(await serverBalance(api.customerId)).to.equal(740);
    expect((await client.listRedemptions()).items.map((r) => r.code)).to.deep.equal([code]);

    // The same elements on the same page, no reload: the balance counts down, eligibility moves.
    await waitFor(() => part(balance, '[part=value]').textContent === '740', 'the balance to show 740', WAIT);
    await waitFor(() => cardText(bazaar, '¥10 coupon').endsWith('Limit reached'), 'the coupon card to update', WAIT);
    expect(cardText(bazaar, '¥10 coupon')).to.equal('¥10 coupon 500 points 11 left Limit reached');
    expect(cardText(bazaar, 'Gift card')).to.equal('Gift card Spend it on anything. 1,000 points Need 260 more points');
    expect(cardText(bazaar, 'Tote bag')).to.equal('Tote bag 1,360 points 40 left Need 620 more points');
    // Tiers qualify on points earned, so spending keeps the tier.
    expect(part(tier, '[part=remaining]').textContent!.trim()).to.equal('760 more points to Gold');

    await click([...dialog.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Done')!);
    await waitFor(() => !dialog.open, 'the dialog to close');
    await expect(bazaar).to.be.accessible();
  });

  it('checks in through <mc-check-in>; the balance beside it follows, and a second visit that day cannot', async () => {
    const api = await enrol(100);
    const client = createClient({ baseUrl: api.apiUrl, publishableKey: api.publishableKey, token: api.token });
    const wrapper = await fixture<HTMLElement>(html`<mc-provider .client=${client}>
      <mc-check-in></mc-check-in>
      <mc-points-balance></mc-points-balance>
    </mc-provider>`);
    const checkIn = wrapper.querySelector<McCheckIn>('mc-check-in')!;
    const balance = wrapper.querySelector<McPointsBalance>('mc-points-balance')!;
    await waitFor(() => hasState(checkIn, 'member') && hasState(balance, 'member'), 'both elements', WAIT);
    expect(visibleText(checkIn)).to.equal(
      'Daily check-in No streak yet 1 2 3 4 5 6 7 +50 Check in +5 7 more days to the 50-point streak bonus.',
    );

    const events: McCheckInEvent[] = [];
    wrapper.addEventListener('mc-check-in', (event) => events.push(event));
    await click(part(checkIn, '[part=button]'));
    await waitFor(() => hasState(checkIn, 'checked-in'), 'the check-in', WAIT);
    expect(events.map((e) => [e.streak, e.points, e.balance])).to.deep.equal([[1, 5, 105]]);
    expect(part(checkIn, '[role=status]').textContent).to.equal('Checked in: +5 points. 1-day streak.');
    expect(await serverBalance(api.customerId)).to.equal(105);
    await waitFor(() => part(balance, '[part=value]').textContent === '105', 'the balance to show 105', WAIT);
    await expect(checkIn).to.be.accessible();

    // A fresh page for the same member that day: checked in already, from GET /v1/me.
    const again = createClient({ baseUrl: api.apiUrl, publishableKey: api.publishableKey, token: api.token });
    const later = await fixture<McCheckIn>(html`<mc-check-in .client=${again}></mc-check-in>`);
    await waitFor(() => hasState(later, 'checked-in'), 'the checked-in state from the API', WAIT);
    expect(part(later, '[part=streak]').textContent).to.equal('1-day streak');
    expect(part(later, '[part=button]').getAttribute('aria-disabled')).to.equal('true');
  });

  it('turns points into a code through <mc-points-discount>; the coupons show it, then used after checkout', async () => {
    const api = await enrol(500);
    const client = createClient({ baseUrl: api.apiUrl, publishableKey: api.publishableKey, token: api.token });
    const wrapper = await fixture<HTMLElement>(html`<mc-provider .client=${client}>
      <mc-points-discount></mc-points-discount>
      <mc-coupons></mc-coupons>
      <mc-points-balance></mc-points-balance>
    </mc-provider>`);
    const discount = wrapper.querySelector<McPointsDiscount>('mc-points-discount')!;
    const coupons = wrapper.querySelector('mc-coupons')!;
    const balance = wrapper.querySelector<McPointsBalance>('mc-points-balance')!;
    await waitFor(() => hasState(discount, 'member'), 'the discount picker', WAIT);
    part(discount, '[part=slider]').focus();
    await sendKeys({ press: 'ArrowRight' }); // 150 points: CN¥1.50
    await waitFor(() => part(discount, '[part=worth]').textContent === 'CN¥1.50 off your order', 'the worth', WAIT);
    await click(part(discount, '[part=button]'));
    await waitFor(() => discount.shadowRoot!.querySelector('[part=code]'), 'the code', WAIT);
    const code = part(discount, '[part=code]').textContent!;
    expect(code).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await serverBalance(api.customerId)).to.equal(350);
    await waitFor(
      () => part(balance, '[part=value]').textContent === '350',
      'the balance without the held points',
      WAIT,
    );
    await waitFor(() => visibleText(coupons).includes(code), 'the code in the coupons', WAIT);
    expect(visibleText(coupons)).to.contain('CN¥1.50 off (points)');
    await expect(discount).to.be.accessible();

    expect(await executeServerCommand('real-api:use', { code, orderId: `${api.customerId}-checkout` })).to.equal(
      'used',
    );
    await client.store.refresh();
    await waitFor(() => coupons.shadowRoot!.querySelector('[part~=ended] [part~=status]'), 'the used group', WAIT);
    expect(part(coupons, '[part~=ended] [part~=status]').textContent).to.equal('Used');
  });

  it('shows a guest the catalog over CORS without a token', async () => {
    const api = await enrol(0);
    const client = createClient({ baseUrl: api.apiUrl, publishableKey: api.publishableKey });
    const { balance, bazaar } = await mountAll(client);
    await waitFor(() => hasState(bazaar, 'guest'), 'the guest catalog', WAIT);
    expect(hasState(balance, 'guest')).to.be.true;
    expect(cardText(bazaar, 'Gift card')).to.equal('Gift card Spend it on anything. 1,000 points');
    expect(bazaar.shadowRoot!.querySelector('[part=redeem-button]')).to.equal(null);
  });
});
