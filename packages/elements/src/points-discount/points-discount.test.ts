import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import { McDiscountEvent, type McErrorEvent } from '../events.js';
import { hasState, mountUntilError, part, visibleText, waitFor } from '../internal/test-utils.js';
import { MemoryApiError, MemoryClient } from '../testing/index.js';
import type { McPointsDiscount } from './points-discount.js';

const RULE = { minPoints: 100, step: 50, maxPoints: 1000, validMinutes: 30 };
const withRule = (points = 1240) => MemoryClient.member(points, { program: { pointsDiscount: RULE } });

async function mount(client: MemoryClient, lang = 'en') {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}>
      <button id="before">before</button>
      <mc-points-discount .client=${client}></mc-points-discount>
      <mc-coupons .client=${client}></mc-coupons>
    </div>`,
  );
  const el = wrapper.querySelector('mc-points-discount')!;
  await waitFor(() => el.viewState && !hasState(el, 'loading'), 'data to load');
  return { el, wrapper };
}

const slider = (el: McPointsDiscount) => part<HTMLInputElement>(el, '[part=slider]');
const input = (el: McPointsDiscount) => part<HTMLInputElement>(el, '[part=input]');
const live = (el: McPointsDiscount) => part(el, '[role=status]');

describe('<mc-points-discount>', () => {
  it('shows the points to use, what they are worth and what remains, within the rule', async () => {
    const { el } = await mount(withRule());
    expect(hasState(el, 'member')).to.be.true;
    expect([slider(el).min, slider(el).max, slider(el).step, slider(el).value]).to.deep.equal([
      '100',
      '1000',
      '50',
      '100',
    ]);
    expect(input(el).value).to.equal('100');
    expect(visibleText(el)).to.equal(
      'Pay with points CN¥1.00 off your order 1,140 points left after this From 100 points, in steps of 50. Get a CN¥1.00 code',
    );
    await expect(el).to.be.accessible();
  });

  it('moves with the keyboard on the slider and snaps a typed number onto the step and the balance', async () => {
    const { el, wrapper } = await mount(withRule(640));
    expect(slider(el).max).to.equal('600'); // the balance, on the step from 100
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(slider(el));
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(input(el).value).to.equal('200');
    expect(part(el, '[part=worth]').textContent).to.equal('CN¥2.00 off your order');
    expect(part(el, '[part=remaining]').textContent!.trim()).to.equal('440 points left after this');

    input(el).focus();
    input(el).select();
    await sendKeys({ type: '333' });
    await sendKeys({ press: 'Tab' }); // change fires on leaving the field
    await el.updateComplete;
    expect(input(el).value).to.equal('350');
    expect(slider(el).value).to.equal('350');
    input(el).select();
    await sendKeys({ type: '99999' });
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(input(el).value).to.equal('600');
  });

  it('gets a code from the keyboard, announces it, copies it ("Copied ✓") and shows it in the coupons', async () => {
    const client = withRule();
    const { el, wrapper } = await mount(client);
    const coupons = wrapper.querySelector('mc-coupons')!;
    await waitFor(() => hasState(coupons, 'empty'), 'an empty wallet');
    part(el, '[part=button]').focus();
    const fired = oneEvent(wrapper, 'mc-discount');
    await sendKeys({ press: 'Enter' });
    const event = (await fired) as unknown as McDiscountEvent;
    expect(event).to.be.instanceOf(McDiscountEvent);
    expect(event.balance).to.equal(1140);
    expect(client.calls).to.include('createDiscount:100');
    await el.updateComplete;
    const code = part(el, '[part=code]').textContent!;
    expect(code).to.equal(event.redemption.code);
    expect(live(el).textContent).to.match(/^Your CN¥1\.00 code is ready; use it before .+\.$/);
    expect(part(el, '[part=how-to]').textContent).to.contain('Enter it at checkout before');
    await expect(el).to.be.accessible();

    part(el, '[part=copy-button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, '[part=copy-button]').textContent!.trim() === 'Copied ✓', 'Copied ✓');
    expect(live(el).textContent).to.equal(`Code ${code} copied.`);

    await waitFor(() => hasState(coupons, 'member'), 'the wallet with the code');
    expect(visibleText(coupons)).to.contain(code);
    part(el, '[part=again-button]').click();
    await el.updateComplete;
    expect(part(el, '[part=remaining]').textContent).to.contain('100 points held by unused codes');
  });

  it('a cancelled mc-discount-request makes no call', async () => {
    const client = withRule();
    const { el, wrapper } = await mount(client);
    wrapper.addEventListener('mc-discount-request', (event) => event.preventDefault());
    part(el, '[part=button]').click();
    await el.updateComplete;
    expect(client.calls.filter((c) => c.startsWith('createDiscount'))).to.deep.equal([]);
  });

  it('a refused request says why in place and fires mc-error', async () => {
    const client = withRule().fail('createDiscount', new MemoryApiError(422, 'discount_not_allowed'));
    const { el, wrapper } = await mount(client);
    const fired = oneEvent(wrapper, 'mc-error');
    part(el, '[part=button]').click();
    const event = (await fired) as unknown as McErrorEvent;
    expect(event.operation).to.equal('discount');
    await el.updateComplete;
    expect(part(el, '[role=alert]').textContent).to.equal('That many points can’t be used; pick another amount.');
    await expect(el).to.be.accessible();
  });

  it('too few points: says how many are needed, with no controls', async () => {
    const { el } = await mount(withRule(60));
    expect(el.shadowRoot!.querySelector('[part=slider]')).to.equal(null);
    expect(visibleText(el)).to.equal('Pay with points You need at least 100 points; you have 60.');
    await expect(el).to.be.accessible();
  });

  it('hides itself when the program does not turn points into cash', async () => {
    const { el } = await mount(MemoryClient.member(1240));
    expect(hasState(el, 'empty')).to.be.true;
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('tells guests what points are worth, with a slot for a login link', async () => {
    const client = MemoryClient.guest({ program: { pointsDiscount: RULE } });
    const { el } = await mount(client);
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(el)).to.equal(
      'Pay with points Members can pay with points: 100 points = CN¥1.00. Log in to use your points.',
    );
    await expect(el).to.be.accessible();
  });

  it('shows a skeleton while loading and a load error with Retry', async () => {
    const loading = await fixture<HTMLDivElement>(
      html`<div><mc-points-discount .client=${MemoryClient.loadingForever()}></mc-points-discount></div>`,
    );
    const skeleton = loading.querySelector('mc-points-discount')!;
    expect(hasState(skeleton, 'loading')).to.be.true;
    expect(part(skeleton, '[part=base]').getAttribute('aria-busy')).to.equal('true');
    await expect(skeleton).to.be.accessible();

    const client = MemoryClient.failing(new MemoryApiError(503, 'internal_error'), {
      program: { pointsDiscount: RULE },
    });
    const { el } = await mountUntilError('mc-points-discount', client);
    await waitFor(() => hasState(el, 'error'), 'the error state');
    await expect(el).to.be.accessible();
    client.recover();
    part(el, '[part=retry-button]').click();
    await waitFor(() => hasState(el, 'member'), 'the member view after Retry');
  });

  it('speaks Chinese', async () => {
    const { el } = await mount(withRule(), 'zh-CN');
    expect(visibleText(el)).to.contain('积分抵现');
    expect(visibleText(el)).to.contain('使用后剩余 1,140 积分');
    expect(visibleText(el)).to.contain('领取 ¥1.00 抵扣码');
  });
});
