import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import { McTabChangeEvent } from '../events.js';
import { hasState, mountUntilError, part, visibleText, waitFor } from '../internal/test-utils.js';
import { MemoryApiError, MemoryClient } from '../testing/index.js';
import type { McMemberCenter } from './member-center.js';

async function mount(client: MemoryClient, lang = 'en'): Promise<{ el: McMemberCenter; before: HTMLButtonElement }> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><button id="before">before</button><mc-member-center .client=${client}></mc-member-center></div>`,
  );
  const el = wrapper.querySelector('mc-member-center')!;
  await waitFor(() => el.viewState && !hasState(el, 'loading'), 'the member center');
  return { el, before: wrapper.querySelector('#before')! };
}

const tabs = (el: McMemberCenter) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=tab]')];
const selected = (el: McMemberCenter) => part(el, '[role=tab][aria-selected=true]').textContent!.trim();
const visiblePanel = (el: McMemberCenter) => {
  const panels = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=tabpanel]')].filter((p) => !p.hidden);
  expect(panels).to.have.length(1);
  return panels[0]!;
};
const panelTags = (el: McMemberCenter) => [...visiblePanel(el).children].map((child) => child.localName);
const focusedTab = (el: McMemberCenter) => el.shadowRoot!.activeElement?.textContent?.trim();

describe('<mc-member-center>', () => {
  it('shows a member five tabs with the overview open: balance, tier and daily check-in', async () => {
    const client = MemoryClient.member(1240);
    const { el } = await mount(client);
    expect(hasState(el, 'member')).to.be.true;
    expect(part(el, '[role=tablist]').getAttribute('aria-label')).to.equal('Member center');
    expect(tabs(el).map((tab) => tab.textContent!.trim())).to.deep.equal([
      'Overview',
      'Rewards',
      'Invite',
      'History',
      'Coupons',
    ]);
    expect(tabs(el).map((tab) => tab.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1', '-1', '-1']);
    expect(selected(el)).to.equal('Overview');
    expect(visiblePanel(el).getAttribute('aria-labelledby')).to.equal('tab-overview');
    expect(panelTags(el)).to.deep.equal(['mc-points-balance', 'mc-tier-progress', 'mc-check-in']);
    // The member center hands its own client down.
    const balance = visiblePanel(el).querySelector('mc-points-balance')!;
    expect(balance.client).to.equal(client);
    await waitFor(() => hasState(balance, 'member'), 'the balance');
    expect(visibleText(balance)).to.contain('1,240');
    const checkIn = visiblePanel(el).querySelector('mc-check-in')!;
    expect(checkIn.client).to.equal(client);
    await waitFor(() => hasState(checkIn, 'member'), 'the check-in');
    expect(visibleText(checkIn)).to.contain('Check in +5');
    // Panels not visited yet are empty: their data is not loaded until asked for.
    expect(client.calls.some((call) => call.startsWith('listActivity'))).to.be.false;
    await expect(el).to.be.accessible();
  });

  it('leaves the check-in out of the overview when the program has none', async () => {
    const { el } = await mount(MemoryClient.member(1240, { program: { checkIn: null } }));
    const checkIn = visiblePanel(el).querySelector('mc-check-in')!;
    await waitFor(() => hasState(checkIn, 'empty'), 'the check-in to find no rule');
    expect(getComputedStyle(checkIn).display).to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('welcomes back a lapsed member with points, and "See rewards" opens the Rewards tab', async () => {
    const { el } = await mount(MemoryClient.member(1240, { stage: 'churned' }));
    await waitFor(() => el.shadowRoot!.querySelector('[part=win-back]'), 'the note');
    const note = part(el, '[part=win-back]');
    expect(note.getAttribute('role')).to.equal('note');
    expect(visibleText(note)).to.equal(
      'We’ve missed you! Your 1,240 points are still here — see what they can get you. See rewards',
    );
    await expect(el).to.be.accessible();
    const tabChange = oneEvent(el, 'mc-tab-change');
    part<HTMLButtonElement>(el, '[part~=win-back-button]').click();
    expect(((await tabChange) as unknown as McTabChangeEvent).tab).to.equal('rewards');
    await waitFor(() => focusedTab(el) === 'Rewards', 'focus on the Rewards tab');
    expect(selected(el)).to.equal('Rewards');
  });

  it('shows no welcome-back note to active members, to lapsed ones without points, or with no-win-back', async () => {
    const noNote = async (client: MemoryClient, attribute = false) => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><mc-member-center .client=${client} ?no-win-back=${attribute}></mc-member-center></div>`,
      );
      const el = wrapper.querySelector('mc-member-center')!;
      await waitFor(() => hasState(el, 'member'), 'the member view');
      const balance = el.shadowRoot!.querySelector('mc-points-balance')!;
      // The balance shows once the member summary (with the stage) is in the shared store.
      await waitFor(() => hasState(balance, 'member') || hasState(balance, 'empty'), 'the member summary');
      await el.updateComplete;
      return el.shadowRoot!.querySelector('[part=win-back]');
    };
    expect(await noNote(MemoryClient.member(1240, { stage: 'active' }))).to.equal(null);
    expect(await noNote(MemoryClient.member(0, { stage: 'at_risk' }))).to.equal(null);
    expect(await noNote(MemoryClient.member(1240, { stage: 'at_risk' }), true)).to.equal(null);
    // And the same lapsed member with points does see it (the three above are not vacuous).
    expect(await noNote(MemoryClient.member(1240, { stage: 'at_risk' }))).to.not.equal(null);
  });

  it('lets the page put its own win-back offer in the note', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <mc-member-center .client=${MemoryClient.member(1240, { stage: 'at_risk' })}>
          <p slot="win-back">Welcome back: 20% off your next order with BACK20.</p>
        </mc-member-center>
      </div>`,
    );
    const el = wrapper.querySelector('mc-member-center')!;
    await waitFor(() => el.shadowRoot!.querySelector('[part=win-back]'), 'the note');
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name=win-back]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal([
      'Welcome back: 20% off your next order with BACK20.',
    ]);
  });

  it('moves between tabs with the arrow keys, Home and End, firing mc-tab-change', async () => {
    const { el, before } = await mount(MemoryClient.member(1240));
    const changes: string[] = [];
    el.addEventListener('mc-tab-change', (event) => {
      expect(event).to.be.instanceOf(McTabChangeEvent);
      changes.push(`${event.previous}→${event.tab}`);
    });
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(focusedTab(el)).to.equal('Overview');

    await sendKeys({ press: 'ArrowRight' });
    expect(focusedTab(el)).to.equal('Rewards');
    expect(selected(el)).to.equal('Rewards');
    expect(el.getAttribute('active-tab')).to.equal('rewards');
    expect(panelTags(el)).to.deep.equal(['mc-rewards-bazaar']);

    await sendKeys({ press: 'End' });
    expect(focusedTab(el)).to.equal('Coupons');
    expect(panelTags(el)).to.deep.equal(['mc-coupons']);
    await sendKeys({ press: 'ArrowRight' });
    expect(focusedTab(el)).to.equal('Overview');
    await sendKeys({ press: 'ArrowLeft' });
    expect(focusedTab(el)).to.equal('Coupons');
    await sendKeys({ press: 'Home' });
    expect(focusedTab(el)).to.equal('Overview');
    expect(changes).to.deep.equal([
      'overview→rewards',
      'rewards→coupons',
      'coupons→overview',
      'overview→coupons',
      'coupons→overview',
    ]);

    // Tab leaves the tablist for the open panel.
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('tabpanel');
    await expect(el).to.be.accessible();
  });

  it('opens a tab on click and keeps a visited panel (hidden) when leaving it', async () => {
    const { el } = await mount(MemoryClient.member(1240));
    const change = oneEvent(el, 'mc-tab-change');
    tabs(el)[3]!.click();
    expect(((await change) as unknown as McTabChangeEvent).tab).to.equal('history');
    await el.updateComplete;
    const history = visiblePanel(el).querySelector('mc-points-history')!;
    await waitFor(() => hasState(history, 'member'), 'the history');
    tabs(el)[0]!.click();
    await el.updateComplete;
    expect(history.isConnected).to.be.true;
    expect(history.closest('[role=tabpanel]')!.hasAttribute('hidden')).to.be.true;
  });

  it('follows active-tab set by the page, without an event; an unknown tab falls back to the overview', async () => {
    const { el } = await mount(MemoryClient.member(1240));
    let fired = 0;
    el.addEventListener('mc-tab-change', () => fired++);
    el.setAttribute('active-tab', 'invite');
    await el.updateComplete;
    expect(selected(el)).to.equal('Invite');
    expect(panelTags(el)).to.deep.equal(['mc-referral-share']);
    el.setAttribute('active-tab', 'nonsense');
    await el.updateComplete;
    expect(selected(el)).to.equal('Overview');
    expect(fired).to.equal(0);
  });

  it('invites a guest to join and lists the ways to earn; the page can supply its own call to action', async () => {
    const { el } = await mount(MemoryClient.guest());
    expect(hasState(el, 'guest')).to.be.true;
    expect(el.shadowRoot!.querySelector('[role=tablist]')).to.equal(null);
    expect(visibleText(el)).to.equal(
      'Join or log in to earn points on every order and swap them for rewards. Ways to earn Shop 1 point per ¥1',
    );
    await expect(el).to.be.accessible();

    const custom = await fixture<McMemberCenter>(
      html`<mc-member-center .client=${MemoryClient.guest()}><a slot="guest" href="/join">Join now</a></mc-member-center>`,
    );
    await waitFor(() => hasState(custom, 'guest'), 'guest view');
    expect(visibleText(custom)).to.equal('Join now Ways to earn Shop 1 point per ¥1');
    custom.focus();
    expect(document.activeElement?.textContent).to.equal('Join now');
  });

  it('shows tabs as soon as a guest signs in', async () => {
    const client = MemoryClient.guest();
    const { el } = await mount(client);
    client.setToken('member-token');
    await waitFor(() => hasState(el, 'member'), 'the member view');
    expect(tabs(el)).to.have.length(5);
  });

  it('shows a guest a skeleton while the program loads, and an error with Retry if it fails', async () => {
    const slow = MemoryClient.loadingForever({ member: false });
    const loading = await fixture<McMemberCenter>(html`<mc-member-center .client=${slow}></mc-member-center>`);
    await loading.updateComplete;
    expect(hasState(loading, 'loading')).to.be.true;
    await expect(loading).to.be.accessible();

    const client = MemoryClient.failing(new MemoryApiError(503, 'internal_error'), { member: false });
    const { el, event } = await mountUntilError('mc-member-center', client);
    expect(event.operation).to.equal('load');
    await waitFor(() => hasState(el, 'error'), 'error state');
    await expect(el).to.be.accessible();
    client.recover();
    part(el, '[part=retry-button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => hasState(el, 'guest'), 'the guest view after retry');
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const { el } = await mount(MemoryClient.member(1240), 'zh-CN');
    expect(tabs(el).map((tab) => tab.textContent!.trim())).to.deep.equal([
      '概览',
      '积分商城',
      '邀请好友',
      '积分明细',
      '我的优惠券',
    ]);
    expect(part(el, '[role=tablist]').getAttribute('aria-label')).to.equal('会员中心');
    const { el: lapsed } = await mount(MemoryClient.member(1240, { stage: 'churned' }), 'zh-CN');
    await waitFor(() => lapsed.shadowRoot!.querySelector('[part=win-back]'), 'the note');
    expect(visibleText(part(lapsed, '[part=win-back]'))).to.equal(
      '好久不见！您的 1,240 积分还在，看看能兑换什么吧。 去积分商城',
    );
  });
});
