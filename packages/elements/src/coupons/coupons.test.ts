import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import type { McErrorEvent } from '../events.js';
import { hasState, mountUntilError, part, visibleText, waitFor } from '../internal/test-utils.js';
import { fixtureId, MemoryApiError, MemoryClient, sampleCoupons } from '../testing/index.js';
import type { McCoupons } from './coupons.js';

async function mount(client: MemoryClient, lang = 'en'): Promise<McCoupons> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><mc-coupons .client=${client}></mc-coupons></div>`,
  );
  const el = wrapper.querySelector('mc-coupons')!;
  await waitFor(() => !hasState(el, 'loading') && el.viewState, 'wallet to load');
  return el;
}

/** The coupons of a group as a person reads them, one string each. */
const group = (el: McCoupons, kind: 'available' | 'ended') =>
  [...el.shadowRoot!.querySelectorAll(`[part~=${kind}] [part~=coupon]`)].map((coupon) => visibleText(coupon));

/** Replaces a navigator member for one test (the real clipboard needs permissions). */
function stubClipboard(value: unknown): () => void {
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value });
  return () => delete (navigator as unknown as Record<string, unknown>).clipboard;
}

describe('<mc-coupons>', () => {
  afterEach(() => window.scrollTo(0, 0));

  it('shows the API’s real status: used on a date, cancelled, and a points discount by its value', async () => {
    const [first, second, third] = sampleCoupons();
    const coupons = [
      {
        ...first!,
        kind: 'points_discount' as const,
        rewardName: 'Points discount',
        value: { amount: 350, currency: 'CNY' },
        status: 'available' as const,
      },
      { ...second!, status: 'used' as const, usedAt: '2026-02-21T10:00:00.000Z' },
      { ...third!, status: 'void' as const },
    ];
    const el = await mount(MemoryClient.member(1240, { coupons }));
    expect(group(el, 'available')).to.deep.equal([
      'CN¥3.50 off (points) Redeemed Feb 19, 2026 · Expires Dec 31, 2099 MC-CODE-1 Copy',
    ]);
    expect(group(el, 'ended')).to.deep.equal([
      'Coffee voucher Redeemed Feb 18, 2026 · Used Feb 21, 2026 MC-CODE-2 Used',
      'Free shipping Redeemed Feb 17, 2026 MC-CODE-3 Cancelled',
    ]);
    await expect(el).to.be.accessible();
    const zh = await mount(MemoryClient.member(1240, { coupons }), 'zh-CN');
    expect(group(zh, 'available')[0]).to.contain('积分抵现 ¥3.50');
    expect(group(zh, 'ended')[1]).to.contain('已作废');
  });

  it('groups available coupons before used and expired ones, with code, dates and status', async () => {
    const el = await mount(MemoryClient.member(1240, { coupons: sampleCoupons() }));
    expect(hasState(el, 'member')).to.be.true;
    const headings = [...el.shadowRoot!.querySelectorAll('[part=group-title]')].map((h) => h.textContent);
    expect(headings).to.deep.equal(['Available', 'Used or expired']);
    expect(group(el, 'available')).to.deep.equal([
      '¥10 coupon Redeemed Feb 19, 2026 · Expires Dec 31, 2099 MC-CODE-1 Copy',
      'Coffee voucher Redeemed Feb 18, 2026 MC-CODE-2 Copy',
    ]);
    expect(group(el, 'ended')).to.deep.equal([
      'Free shipping Redeemed Feb 17, 2026 MC-CODE-3 Used',
      'Tote bag Redeemed Feb 16, 2026 MC-CODE-4 Expired',
    ]);
    // Only usable coupons offer a copy button, and it names its coupon.
    const copyButtons = [...el.shadowRoot!.querySelectorAll('[part=copy-button]')];
    expect(copyButtons.map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      'Copy the code of ¥10 coupon',
      'Copy the code of Coffee voucher',
    ]);
    await expect(el).to.be.accessible();
  });

  it('shows every coupon as available while the API says nothing of use or expiry, and a new one on top', async () => {
    const client = MemoryClient.member(1240);
    const el = await mount(client);
    expect(hasState(el, 'empty')).to.be.true;
    await client.redeem(fixtureId(1006));
    await client.redeem(fixtureId(1001));
    await waitFor(() => group(el, 'available').length === 2, 'two coupons');
    expect(hasState(el, 'member')).to.be.true;
    expect(group(el, 'available')[0]).to.match(/^¥10 coupon Redeemed .+ MC-0002-OK Copy$/);
    expect(el.shadowRoot!.querySelector('[part~=ended]')).to.equal(null);
  });

  it('copies a code from the keyboard and says so', async () => {
    const copied: string[] = [];
    const restore = stubClipboard({ writeText: async (text: string) => void copied.push(text) });
    try {
      const el = await mount(MemoryClient.member(1240, { coupons: sampleCoupons() }));
      part(el, '[part=copy-button]').focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      await waitFor(() => copied.length === 1, 'the copy');
      expect(copied).to.deep.equal(['MC-CODE-2']);
      await waitFor(() => part(el, '[role=status]').textContent === 'Copied', 'the announcement');
    } finally {
      restore();
    }
  });

  it('reports a copy the browser refused', async () => {
    const restore = stubClipboard({ writeText: () => Promise.reject(new Error('denied')) });
    const execCommand = document.execCommand;
    document.execCommand = () => false;
    try {
      const el = await mount(MemoryClient.member(1240, { coupons: sampleCoupons() }));
      const errorEvent = oneEvent(el, 'mc-error');
      part(el, '[part=copy-button]').click();
      expect(((await errorEvent) as unknown as McErrorEvent).operation).to.equal('copy');
      await waitFor(() => part(el, '[role=status]').textContent!.startsWith('Couldn’t copy'), 'the failure');
    } finally {
      document.execCommand = execCommand;
      restore();
    }
  });

  it('shows a skeleton while loading', async () => {
    const client = MemoryClient.loadingForever({ coupons: sampleCoupons() });
    const wrapper = await fixture<HTMLDivElement>(html`<div><mc-coupons .client=${client}></mc-coupons></div>`);
    const el = wrapper.querySelector('mc-coupons')!;
    await el.updateComplete;
    expect(hasState(el, 'loading')).to.be.true;
    expect(part(el, '[part=base]').getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    client.release();
    await waitFor(() => hasState(el, 'member'), 'member state');
  });

  it('asks a guest to log in, and lets the page replace the prompt', async () => {
    const client = MemoryClient.guest();
    const el = await mount(client);
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(el)).to.equal('My coupons Log in to see your coupons.');
    expect(client.calls.some((call) => call.startsWith('listRedemptions'))).to.be.false;
    await expect(el).to.be.accessible();
    const custom = await fixture<McCoupons>(
      html`<mc-coupons .client=${MemoryClient.guest()}><a slot="guest" href="/login">Log in</a></mc-coupons>`,
    );
    expect(visibleText(custom)).to.equal('My coupons Log in');
  });

  it('says so when the wallet is empty', async () => {
    const el = await mount(MemoryClient.member(1240, { coupons: [] }));
    expect(hasState(el, 'empty')).to.be.true;
    expect(visibleText(el)).to.equal('My coupons No coupons yet — redeem a reward to get one.');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a Retry button that works from the keyboard', async () => {
    const client = MemoryClient.failing(new MemoryApiError(503, 'internal_error'), { coupons: sampleCoupons() });
    const { el, event } = await mountUntilError('mc-coupons', client);
    expect(event.operation).to.equal('load');
    await waitFor(() => hasState(el, 'error'), 'error state');
    await expect(el).to.be.accessible();
    client.recover();
    part(el, '[part=retry-button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => hasState(el, 'member'), 'member state after retry');
    expect(group(el, 'available')).to.have.length(2);
  });

  it('loads more coupons with the button', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      ...sampleCoupons()[1]!,
      id: fixtureId(800_000 + i),
      code: `C-${i}`,
    }));
    const client = MemoryClient.member(1240, { coupons: many });
    const el = await mount(client);
    expect(group(el, 'available')).to.have.length(20);
    part(el, '[part=load-more]').focus({ preventScroll: true });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => group(el, 'available').length === 25, 'the second page');
    expect(client.calls).to.include('listRedemptions:20');
    expect(el.shadowRoot!.querySelector('[part=load-more]')).to.equal(null);
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const el = await mount(MemoryClient.member(1240, { coupons: sampleCoupons() }), 'zh-CN');
    expect(part(el, '[part=title]').textContent).to.equal('我的优惠券');
    expect(group(el, 'ended')[0]).to.equal('Free shipping 兑换于 2026年2月17日 MC-CODE-3 已使用');
  });
});
