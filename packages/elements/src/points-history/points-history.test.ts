import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import type { ActivityEntry } from '@member-center/contract';
import { McErrorEvent } from '../events.js';
import { hasState, mountUntilError, part, visibleText, waitFor } from '../internal/test-utils.js';
import { fixtureId, MemoryApiError, MemoryClient, sampleActivity } from '../testing/index.js';
import type { McPointsHistory } from './points-history.js';

async function mount(client: MemoryClient, lang = 'en'): Promise<McPointsHistory> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><mc-points-history .client=${client}></mc-points-history></div>`,
  );
  const el = wrapper.querySelector('mc-points-history')!;
  await waitFor(() => !hasState(el, 'loading') && el.viewState, 'history to load');
  return el;
}

const entries = (el: McPointsHistory) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=entry]')];
const loadMore = (el: McPointsHistory) => part<HTMLButtonElement>(el, '[part~=load-more]');
/** A member with `count` ledger entries, served 20 to a page. */
const withHistory = (count: number) => MemoryClient.member(1240, { activity: sampleActivity(count) });

describe('<mc-points-history>', () => {
  // A test that scrolls must not leave the next one's "Load more" button in view.
  afterEach(() => window.scrollTo(0, 0));

  it('lists the ledger newest first: what, kind, date, signed points and the balance after', async () => {
    const el = await mount(MemoryClient.member(1240));
    expect(hasState(el, 'member')).to.be.true;
    expect(entries(el).map((entry) => visibleText(entry))).to.deep.equal([
      'Order #1000 Order · Mar 1, 2026 +120 Balance 1,240',
      'Coffee voucher Redemption · Feb 28, 2026 −300 Balance 1,120',
      'Goodwill bonus Adjustment · Feb 27, 2026 +50 Balance 1,420',
    ]);
    expect(part(el, 'time').getAttribute('datetime')).to.equal('2026-03-01T12:00:00.000Z');
    expect(el.shadowRoot!.querySelector('[part~=load-more]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('tells earning from spending by sign and words, not colour alone', async () => {
    const el = await mount(MemoryClient.member(1240));
    const [earned, spent] = entries(el).map((entry) => entry.querySelector<HTMLElement>('[part~=points]')!);
    expect(earned!.getAttribute('part')).to.equal('points earn');
    expect(spent!.getAttribute('part')).to.equal('points spend');
    expect(earned!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('+120 points earned');
    expect(spent!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('−300 points spent');
    expect(getComputedStyle(earned!).color).to.equal('rgb(30, 122, 60)');
    expect(getComputedStyle(spent!).color).to.equal('rgb(179, 38, 30)');
    el.style.setProperty('--mc-points-history-spend-color', 'rgb(1, 2, 3)');
    expect(getComputedStyle(spent!).color).to.equal('rgb(1, 2, 3)');
  });

  it('shows a skeleton while loading, then the entries', async () => {
    const client = MemoryClient.loadingForever();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><mc-points-history .client=${client}></mc-points-history></div>`,
    );
    const el = wrapper.querySelector('mc-points-history')!;
    await el.updateComplete;
    expect(hasState(el, 'loading')).to.be.true;
    expect(part(el, '[part=base]').getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.querySelectorAll('.skeleton').length).to.equal(6);
    await expect(el).to.be.accessible();
    client.release();
    await waitFor(() => hasState(el, 'member'), 'member state');
    expect(entries(el)).to.have.length(3);
  });

  it('asks a guest to log in without requesting the ledger, and lets the page replace the prompt', async () => {
    const client = MemoryClient.guest();
    const el = await mount(client);
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(el)).to.equal('Points history Log in to see your points history.');
    expect(client.calls.filter((call) => call.startsWith('listActivity'))).to.deep.equal([]);
    await expect(el).to.be.accessible();

    const custom = await fixture<McPointsHistory>(
      html`<mc-points-history .client=${MemoryClient.guest()}><a slot="guest" href="/login">Log in</a></mc-points-history>`,
    );
    expect(visibleText(custom)).to.equal('Points history Log in');
  });

  it('says so when there is no activity yet', async () => {
    const el = await mount(MemoryClient.member(0, { activity: [] }));
    expect(hasState(el, 'empty')).to.be.true;
    expect(visibleText(el)).to.equal('Points history No points activity yet.');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a Retry button that works from the keyboard', async () => {
    const client = MemoryClient.failing(new MemoryApiError(503, 'internal_error'));
    const { el, event } = await mountUntilError('mc-points-history', client);
    expect(event).to.be.instanceOf(McErrorEvent);
    expect(event.operation).to.equal('load');
    await waitFor(() => hasState(el, 'error'), 'error state');
    expect(part(el, '[role=alert]').textContent).to.contain('We couldn’t load this right now.');
    await expect(el).to.be.accessible();

    client.recover();
    part(el, '[part=retry-button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => hasState(el, 'member'), 'member state after retry');
    expect(entries(el)).to.have.length(3);
  });

  it('loads the next page when the end of the list scrolls into view', async () => {
    const client = withHistory(45);
    const el = await mount(client);
    expect(entries(el)).to.have.length(20);
    // The button is below the fold: nothing more was asked for yet.
    expect(client.calls.filter((call) => call.startsWith('listActivity'))).to.deep.equal(['listActivity:0']);

    loadMore(el).scrollIntoView();
    await waitFor(() => entries(el).length === 40, 'the second page to load on scroll');
    // The new page pushed the button out of view again: the next page waits for more scrolling.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(entries(el)).to.have.length(40);
    loadMore(el).scrollIntoView();
    await waitFor(() => entries(el).length === 45, 'the last page to load on scroll');
    expect(client.calls.filter((call) => call.startsWith('listActivity'))).to.deep.equal([
      'listActivity:0',
      'listActivity:20',
      'listActivity:40',
    ]);
    expect(entries(el).at(-1)!.dataset.id).to.equal('act_45');
    expect(el.shadowRoot!.querySelector('[part~=load-more]')).to.equal(null);
  });

  it('has a Load more button for keyboard users that moves focus to the first new entry', async () => {
    const client = withHistory(45);
    const el = await mount(client);
    // Focus without scrolling, so only the key press (not the scroll observer) can load the page.
    loadMore(el).focus({ preventScroll: true });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === 'act_21', 'focus on the 21st entry');
    expect(part(el, '[role=status]').textContent).to.equal('20 more entries loaded.');
    expect(client.calls).to.include('listActivity:20');
    await expect(el).to.be.accessible();
  });

  it('reports a page that fails to load and retries it', async () => {
    const client = withHistory(30);
    const el = await mount(client);
    client.fail('activity', new MemoryApiError(503, 'internal_error'));
    const errorEvent = oneEvent(el, 'mc-error');
    loadMore(el).click();
    const event = (await errorEvent) as unknown as McErrorEvent;
    expect((event.error as MemoryApiError).status).to.equal(503);
    await waitFor(() => el.shadowRoot!.querySelector('[role=alert]'), 'the paging error');
    expect(visibleText(part(el, '[role=alert]'))).to.equal('We couldn’t load more. Retry');
    expect(entries(el)).to.have.length(20);
    await expect(el).to.be.accessible();

    client.recover();
    part(el, '[part=retry-button]').click();
    await waitFor(() => entries(el).length === 30, 'the page after the retry');
  });

  it('shows a redemption made anywhere on the page at the top', async () => {
    const client = MemoryClient.member(1240);
    const el = await mount(client);
    await client.redeem(fixtureId(1006));
    await waitFor(() => entries(el).length === 4, 'the new entry');
    expect(visibleText(entries(el)[0]!)).to.match(/^Coffee voucher Redemption · .+ −150 Balance 1,090$/);
  });

  it('names every kind of entry, and shows no points on a tier change', async () => {
    const at = '2026-03-02T12:00:00.000Z';
    const entry = (id: string, type: ActivityEntry['type'], points: number, description: string): ActivityEntry => ({
      id,
      type,
      points,
      balance: 500,
      description,
      orderId: null,
      redemptionId: null,
      createdAt: at,
    });
    const activity = [
      entry('5', 'tier', 0, 'Upgraded to Gold'),
      entry('4', 'check_in', 5, 'Daily check-in'),
      entry('3', 'referral', 300, 'Welcome bonus'),
      entry('2', 'birthday', 200, 'Happy birthday'),
      entry('1', 'refund', -80, 'Refund of #1000'),
    ];
    const el = await mount(MemoryClient.member(500, { activity }));
    expect(entries(el).map((e) => visibleText(e))).to.deep.equal([
      'Upgraded to Gold Tier · Mar 2, 2026 Balance 500',
      'Daily check-in Check-in · Mar 2, 2026 +5 Balance 500',
      'Welcome bonus Referral · Mar 2, 2026 +300 Balance 500',
      'Happy birthday Birthday · Mar 2, 2026 +200 Balance 500',
      'Refund of #1000 Refund · Mar 2, 2026 −80 Balance 500',
    ]);
    expect(entries(el)[0]!.querySelector('[part~=points]')).to.equal(null);
    await expect(el).to.be.accessible();
    const zh = await mount(MemoryClient.member(500, { activity }), 'zh-CN');
    expect(entries(zh).map((e) => e.querySelector('[part=type]')!.textContent)).to.deep.equal([
      '会员等级',
      '签到',
      '邀请',
      '生日',
      '退款',
    ]);
  });

  it('names an order by the shop’s label, else "Order" and its date, never by its raw id', async () => {
    const order = (id: string, type: ActivityEntry['type'], label: string | null, points: number): ActivityEntry => ({
      id,
      type,
      points,
      balance: 500,
      description: `Order demo-a544e1cb-5f54-4f1e-9d7a-${id}`,
      orderId: `demo-a544e1cb-5f54-4f1e-9d7a-${id}`,
      orderLabel: label,
      redemptionId: null,
      createdAt: '2026-03-02T12:00:00.000Z',
    });
    const activity = [
      order('3', 'refund', '#1001', -40),
      order('2', 'order', '#1001', 120),
      order('1', 'order', null, 80),
    ];
    const el = await mount(MemoryClient.member(500, { activity }));
    expect(entries(el).map((e) => e.querySelector('[part=description]')!.textContent)).to.deep.equal([
      'Refund: Order #1001',
      'Order #1001',
      'Order of Mar 2, 2026',
    ]);
    expect(el.shadowRoot!.textContent).not.to.contain('demo-a544e1cb');
    const zh = await mount(MemoryClient.member(500, { activity }), 'zh-CN');
    expect(entries(zh).map((e) => e.querySelector('[part=description]')!.textContent)).to.deep.equal([
      '退款：订单 #1001',
      '订单 #1001',
      '2026年3月2日的订单',
    ]);
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const el = await mount(MemoryClient.member(1240), 'zh-CN');
    expect(visibleText(entries(el)[1]!)).to.equal('Coffee voucher 兑换 · 2026年2月28日 −300 余额 1,120');
    expect(part(el, '[part=title]').textContent).to.equal('积分明细');
  });
});
