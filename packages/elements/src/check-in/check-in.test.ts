import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import { McCheckInEvent, McErrorEvent } from '../events.js';
import { hasState, mountUntilError, part, visibleText, waitFor } from '../internal/test-utils.js';
import { MemoryApiError, MemoryClient } from '../testing/index.js';
import type { McCheckIn } from './check-in.js';

interface Mounted {
  el: McCheckIn;
  before: HTMLButtonElement;
}

async function mount(client: MemoryClient, lang = 'en'): Promise<Mounted> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><button id="before">before</button><mc-check-in .client=${client}></mc-check-in></div>`,
  );
  const el = wrapper.querySelector('mc-check-in')!;
  await waitFor(() => el.viewState && !hasState(el, 'loading'), 'data to load');
  return { el, before: wrapper.querySelector('#before')! };
}

const button = (el: McCheckIn) => part<HTMLButtonElement>(el, '[part=button]');
const live = (el: McCheckIn) => part(el, '[role=status]');
/** The dots as a sighted member reads them: day number, x when checked in, * on the bonus day, ? for today. */
const dots = (el: McCheckIn) =>
  [...el.shadowRoot!.querySelectorAll('[part~=day]')]
    .map((day) => {
      const parts = day.getAttribute('part')!.split(' ');
      const mark = parts.includes('day-done') ? 'x' : parts.includes('day-next') ? '?' : '';
      return `${day.querySelector('.dot')!.textContent}${mark}${parts.includes('day-bonus') ? '*' : ''}`;
    })
    .join(' ');

describe('<mc-check-in>', () => {
  it('shows a member their streak, the week with the bonus day marked, and what the next check-in earns', async () => {
    const { el } = await mount(MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } }));
    expect(hasState(el, 'member')).to.be.true;
    expect(hasState(el, 'checked-in')).to.be.false;
    expect(dots(el)).to.equal('1x 2x 3? 4 5 6 7*');
    expect(part(el, '[part=days]').getAttribute('aria-hidden')).to.equal('true');
    expect(button(el).getAttribute('aria-disabled')).to.equal('false');
    expect(visibleText(el)).to.equal(
      'Daily check-in 2-day streak 1 2 3 4 5 6 7 +50 Check in +5 5 more days to the 50-point streak bonus.',
    );
    await expect(el).to.be.accessible();
  });

  it('checks in from the keyboard: announces the points, fires mc-check-in, and keeps focus on the now disabled button', async () => {
    const client = MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <button id="before">before</button>
        <mc-check-in .client=${client}></mc-check-in>
        <mc-points-balance .client=${client}></mc-points-balance>
      </div>`,
    );
    const el = wrapper.querySelector('mc-check-in')!;
    const balance = wrapper.querySelector('mc-points-balance')!;
    await waitFor(() => hasState(el, 'member') && hasState(balance, 'member'), 'both elements');
    expect(live(el).getAttribute('aria-live')).to.equal('polite');
    expect(live(el).textContent).to.equal('');

    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    const fired = oneEvent(wrapper, 'mc-check-in');
    await sendKeys({ press: 'Enter' });
    const event = (await fired) as unknown as McCheckInEvent;
    expect(event).to.be.instanceOf(McCheckInEvent);
    expect([event.streak, event.points, event.balance]).to.deep.equal([3, 5, 1245]);
    expect(event.date).to.match(/^\d{4}-\d{2}-\d{2}$/);

    await waitFor(() => hasState(el, 'checked-in'), 'the checked-in state');
    expect(live(el).textContent).to.equal('Checked in: +5 points. 3-day streak.');
    expect(button(el).textContent!.trim()).to.equal('Checked in today');
    expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    expect(dots(el)).to.equal('1x 2x 3x 4 5 6 7*');
    expect(part(el, '[part=streak]').textContent).to.equal('3-day streak');
    expect(part(el, '[part=hint]').textContent!.trim()).to.equal(
      'Come back tomorrow to keep your streak. 4 more days to the 50-point streak bonus.',
    );
    // The same store: the balance elsewhere on the page moved too.
    await waitFor(() => part(balance, '[part=value]').textContent === '1,245', 'the balance to update');
    await expect(el).to.be.accessible();

    // Pressing again does nothing: no second request.
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.calls.filter((call) => call === 'checkIn')).to.have.length(1);
  });

  it('marks the bonus day: the check-in that completes the cycle earns the bonus and says so', async () => {
    const client = MemoryClient.member(100, { checkIn: { today: false, streak: 6 } });
    const { el } = await mount(client);
    expect(dots(el)).to.equal('1x 2x 3x 4x 5x 6x 7?*');
    expect(button(el).textContent!.trim()).to.equal('Check in +55');
    expect(part(el, '[part=hint]').textContent!.trim()).to.equal('Today’s check-in earns the 50-point streak bonus.');

    button(el).click();
    await waitFor(() => hasState(el, 'checked-in'), 'the checked-in state');
    expect(live(el).textContent).to.equal('Checked in: +55 points, streak bonus included. 7-day streak.');
    expect(dots(el)).to.equal('1x 2x 3x 4x 5x 6x 7x*');
    expect(part(el, '[part=hint]').textContent!.trim()).to.equal(
      'Come back tomorrow to keep your streak. You earned the 50-point streak bonus today!',
    );
    expect(client.balance).to.equal(155);
  });

  it('starts a new row after a finished cycle, and shows a member already checked in today', async () => {
    const fresh = (await mount(MemoryClient.member(100, { checkIn: { today: false, streak: 7 } }))).el;
    expect(dots(fresh)).to.equal('1? 2 3 4 5 6 7*');
    expect(part(fresh, '[part=streak]').textContent).to.equal('7-day streak');

    const done = (await mount(MemoryClient.member(100, { checkIn: { today: true, streak: 9 } }))).el;
    expect(hasState(done, 'checked-in')).to.be.true;
    expect(dots(done)).to.equal('1x 2x 3 4 5 6 7*');
    expect(button(done).getAttribute('aria-disabled')).to.equal('true');
    expect(visibleText(done)).to.contain('Checked in today Come back tomorrow to keep your streak.');
    await expect(done).to.be.accessible();
  });

  it('without a streak bonus shows a plain week, and a bonus cycle too long to draw in words only', async () => {
    const plain = (
      await mount(
        MemoryClient.member(100, {
          program: { checkIn: { points: 10, bonusDay: 7, bonusPoints: 0 } },
          checkIn: { today: false, streak: 0 },
        }),
      )
    ).el;
    expect(dots(plain)).to.equal('1? 2 3 4 5 6 7');
    expect(visibleText(plain)).to.equal(
      'Daily check-in No streak yet 1 2 3 4 5 6 7 Check in +10 10 points for every day you check in.',
    );

    const monthly = (
      await mount(
        MemoryClient.member(100, {
          program: { checkIn: { points: 5, bonusDay: 30, bonusPoints: 300 } },
          checkIn: { today: false, streak: 12 },
        }),
      )
    ).el;
    expect(monthly.shadowRoot!.querySelector('[part=days]')).to.equal(null);
    expect(visibleText(monthly)).to.equal(
      'Daily check-in 12-day streak Check in +5 18 more days to the 300-point streak bonus.',
    );
    await expect(monthly).to.be.accessible();
  });

  it('shows what the API says the next check-ins bring, not what the rule would make of the streak', async () => {
    // The program's rule says day 7 (of a 2-day streak: 5 more); the API says otherwise (a rule
    // change, a campaign): the element lays out the API's figures.
    const checkIn = {
      today: false,
      streak: 2,
      nextPoints: 8,
      bonusToday: false,
      nextBonus: { date: '2026-03-03', checkIns: 2, points: 58 },
    };
    const { el } = await mount(MemoryClient.member(1240, { checkIn }));
    expect(dots(el)).to.equal('1x 2x 3x 4x 5x 6? 7*');
    expect(button(el).textContent!.trim()).to.equal('Check in +8');
    expect(part(el, '[part=hint]').textContent!.trim()).to.equal('2 more days to the 50-point streak bonus.');
  });

  it('renders nothing and takes no room when the program has no daily check-in', async () => {
    for (const client of [
      MemoryClient.member(100, { program: { checkIn: null } }),
      MemoryClient.guest({ program: { checkIn: null } }),
    ]) {
      const { el } = await mount(client);
      expect(hasState(el, 'empty')).to.be.true;
      expect(el.shadowRoot!.querySelector('[part=base]')).to.equal(null);
      expect(getComputedStyle(el).display).to.equal('none');
      await expect(el).to.be.accessible();
    }
  });

  it('tells a guest what check-ins earn and invites them to join; the page can replace the invitation', async () => {
    const { el } = await mount(MemoryClient.guest());
    expect(hasState(el, 'guest')).to.be.true;
    expect(el.shadowRoot!.querySelector('[part=button]')).to.equal(null);
    expect(visibleText(el)).to.equal(
      'Daily check-in Check in every day for 5 points, and 50 more on day 7 of a streak. Join to start your streak.',
    );
    await expect(el).to.be.accessible();

    const custom = await fixture<McCheckIn>(
      html`<mc-check-in .client=${MemoryClient.guest()}><a slot="guest" href="/join">Sign up</a></mc-check-in>`,
    );
    await waitFor(() => hasState(custom, 'guest'), 'the guest view');
    expect(visibleText(custom)).to.contain('Sign up');
    expect(visibleText(custom)).not.to.contain('Join to start');
  });

  it('shows a skeleton while loading, busy for assistive technology', async () => {
    const client = MemoryClient.loadingForever();
    const wrapper = await fixture<HTMLDivElement>(html`<div><mc-check-in .client=${client}></mc-check-in></div>`);
    const el = wrapper.querySelector('mc-check-in')!;
    expect(hasState(el, 'loading')).to.be.true;
    expect(part(el, '[part=base]').getAttribute('aria-busy')).to.equal('true');
    expect(part(el, '[role=img]').getAttribute('aria-label')).to.equal('Loading…');
    await expect(el).to.be.accessible();
    const loadingHeight = el.getBoundingClientRect().height;

    client.release();
    await waitFor(() => hasState(el, 'member'), 'the member view');
    // The skeleton stands in for the same rows: the card hardly moves when data lands.
    expect(Math.abs(el.getBoundingClientRect().height - loadingHeight)).to.be.lessThan(8);
  });

  it('shows a load error with a Retry that works from the keyboard', async () => {
    const client = MemoryClient.failing(new MemoryApiError(503, 'internal_error'));
    const { el, event } = await mountUntilError('mc-check-in', client);
    expect(event.operation).to.equal('load');
    await waitFor(() => hasState(el, 'error'), 'the error state');
    expect(part(el, '[role=alert]').textContent).to.contain('We couldn’t load this right now.');
    await expect(el).to.be.accessible();

    client.recover();
    part(el, '[part=retry-button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => hasState(el, 'member'), 'the member view after Retry');
    expect(button(el).textContent!.trim()).to.equal('Check in +5');
  });

  it('a failed check-in says so in place, fires mc-error, and can be tried again', async () => {
    const client = MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } });
    const { el } = await mount(client);
    client.fail('checkIn', new MemoryApiError(503, 'internal_error'));
    const failed = oneEvent(el, 'mc-error');
    button(el).click();
    const event = (await failed) as unknown as McErrorEvent;
    expect(event).to.be.instanceOf(McErrorEvent);
    expect(event.operation).to.equal('check-in');
    await el.updateComplete;
    expect(part(el, '[part=error][role=alert]').textContent).to.equal('We couldn’t check you in. Please try again.');
    expect(button(el).getAttribute('aria-disabled')).to.equal('false');
    expect(live(el).textContent).to.equal('');
    await expect(el).to.be.accessible();

    client.recover();
    button(el).click();
    await waitFor(() => hasState(el, 'checked-in'), 'the check-in on the second try');
    expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null);
    expect(client.balance).to.equal(1245);
  });

  it('says check-ins are unavailable when the API refuses one with check_in_unavailable', async () => {
    const client = MemoryClient.member(1240);
    const { el } = await mount(client);
    client.fail('checkIn', new MemoryApiError(422, 'check_in_unavailable'));
    button(el).click();
    await waitFor(() => el.shadowRoot!.querySelector('[part=error]'), 'the failure');
    expect(part(el, '[part=error]').textContent).to.equal('Daily check-in isn’t available right now.');
  });

  it('is busy while the check-in is under way and sends one request however often it is pressed', async () => {
    const client = MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } });
    const { el } = await mount(client);
    client.hold();
    button(el).click();
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Checking in…');
    expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    button(el).click();
    button(el).click();
    client.release();
    await waitFor(() => hasState(el, 'checked-in'), 'the check-in');
    expect(client.calls.filter((call) => call === 'checkIn')).to.have.length(1);
    expect(client.balance).to.equal(1245);
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const client = MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } });
    const { el } = await mount(client, 'zh-CN');
    expect(visibleText(el)).to.equal(
      '每日签到 已连续签到 2 天 1 2 3 4 5 6 7 +50 签到 +5 再签到 5 天可获得 50 积分连签奖励。',
    );
    button(el).click();
    await waitFor(() => hasState(el, 'checked-in'), 'the check-in');
    expect(live(el).textContent).to.equal('签到成功：+5 积分，已连续签到 3 天。');
    expect(button(el).textContent!.trim()).to.equal('今日已签到');
    expect(part(el, '[part=hint]').textContent!.trim()).to.equal(
      '明天再来，保持连续签到。 再签到 4 天可获得 50 积分连签奖励。',
    );
    await expect(el).to.be.accessible();

    const guest = (await mount(MemoryClient.guest(), 'zh-CN')).el;
    expect(visibleText(guest)).to.equal(
      '每日签到 每天签到可得 5 积分，连续签到第 7 天再奖励 50 积分。 加入会员，开始每日签到。',
    );
  });

  it('is themed with --mc-check-in-* properties and ::part, dark on request', async () => {
    const { el } = await mount(MemoryClient.member(1240, { checkIn: { today: false, streak: 2 } }));
    const done = part(el, '[part~=day-done] .dot');
    expect(getComputedStyle(done).backgroundColor).to.equal('rgb(91, 60, 196)');
    el.style.setProperty('--mc-check-in-day-color', 'rgb(0, 120, 0)');
    expect(getComputedStyle(done).backgroundColor).to.equal('rgb(0, 120, 0)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(part(el, '[part=base]')).backgroundColor).to.equal('rgb(29, 28, 34)');
    await expect(el).to.be.accessible();
  });
});
