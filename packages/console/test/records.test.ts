import { expect } from '@open-wc/testing';
import { admin } from '../src/api/admin-client.js';
import { settings } from '../src/internal/settings.js';
import { consoleApi, deepQuery, deepQueryAll, deepText, focused, openConsole, waitFor } from './helpers.js';

const set = (app: HTMLElement, selector: string, value: string) => {
  const el = deepQuery<HTMLInputElement | HTMLSelectElement>(app, selector)!;
  el.value = value;
  el.dispatchEvent(new Event('change'));
};

describe('the member records and the reward catalogue (real API)', () => {
  it("a member's ledger and coupons; staff issue a coupon, the schema names a missing reward first", async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/member/c-1', operators.staff, password);
    await waitFor(() => deepQuery(app, 'mc-page-member #rewardId option[value]:not([value=""])'), 'the issue form');
    await waitFor(() => deepQuery(app, 'mc-page-member table tbody tr .badge'), 'the ledger');
    expect(deepText(app, 'mc-page-member table')).to.contain('Order');
    await waitFor(() => deepText(app, 'mc-page-member .state.empty').includes('No coupons'), 'no coupons yet');
    await expect(app).to.be.accessible();

    deepQuery<HTMLButtonElement>(app, 'mc-page-member form[novalidate] .actions button')!.click();
    await waitFor(() => deepQuery(app, '#rewardId[aria-invalid=true]'), 'the reward required');
    expect((focused() as HTMLElement).id).to.equal('rewardId');
    const tote = deepQueryAll<HTMLOptionElement>(app, '#rewardId option').find((o) =>
      o.textContent?.includes('Tote bag'),
    )!;
    set(app, '#rewardId', tote.value);
    deepQuery<HTMLInputElement>(app, '#validDays')!.value = '14';
    deepQuery<HTMLButtonElement>(app, 'mc-page-member form[novalidate] .actions button')!.click();
    await waitFor(() => deepText(app, 'mc-page-member [role=status] .notice').startsWith('Issued:'), 'the code');
    const code = deepText(app, 'mc-page-member [role=status] .notice').replace('Issued: ', '');
    await waitFor(() => deepText(app, 'mc-page-member table code') === code, 'the code in the coupons table');
    expect(deepText(app, 'mc-page-member table')).to.contain('Available');
    const coupon = await admin.call('getCoupon', { params: { code } });
    expect(coupon.coupon.customerId).to.equal('c-1');
    await expect(app).to.be.accessible();
  });

  it('a viewer reads the records but has no issue form', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/member/c-1', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-member table tbody tr'), 'the ledger');
    expect(deepQuery(app, '#rewardId')).to.equal(undefined);
    settings.setLang('zh-CN');
    await waitFor(() => deepText(app, 'mc-page-member h2').includes('积分明细'), 'the Chinese page');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });

  it('rewards: a coupon reward with money off, validity and a Chinese name; filter by status; archive after a confirm', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/rewards', operators.staff, password);
    await waitFor(() => deepQuery(app, 'mc-page-rewards tbody tr'), 'the rewards');
    deepQuery<HTMLButtonElement>(app, 'mc-page-rewards p > button.primary')!.click();
    await waitFor(() => deepQuery(app, '#reward-name'), 'the form');
    deepQuery<HTMLInputElement>(app, '#reward-name')!.value = 'Ten off';
    deepQuery<HTMLInputElement>(app, '#reward-cost')!.value = '1000';
    set(app, '#reward-kind', 'coupon');
    await waitFor(() => deepQuery(app, '#reward-value'), 'the coupon terms');
    deepQuery<HTMLInputElement>(app, '#reward-value')!.value = '10';
    deepQuery<HTMLInputElement>(app, '#reward-percentOff')!.value = '5';
    deepQuery<HTMLInputElement>(app, '#reward-validDays')!.value = '30';
    deepQuery<HTMLInputElement>(app, '#reward-zhName')!.value = '十元券';
    deepQuery<HTMLButtonElement>(app, 'mc-page-rewards form button.primary')!.click();
    // Both money off and a percentage: the contract's schema refuses it at the kind.
    await waitFor(() => deepQuery(app, '#reward-kind[aria-invalid=true]'), 'the terms refused');
    await expect(app).to.be.accessible();
    deepQuery<HTMLInputElement>(app, '#reward-percentOff')!.value = '';
    deepQuery<HTMLButtonElement>(app, 'mc-page-rewards form button.primary')!.click();
    await waitFor(() => deepText(app, 'mc-page-rewards tbody').includes('Ten off'), 'the new reward');
    const all = await admin.call('listRewards', { query: { limit: '100' } });
    const created = all.items.find((r) => r.name === 'Ten off')!;
    expect([
      created.kind,
      created.value?.amount,
      created.validDays,
      created.translations?.['zh-CN']?.name,
    ]).to.deep.equal(['coupon', 1000, 30, '十元券']);

    set(app, '#reward-status', 'archived');
    await waitFor(
      () => deepText(app, 'mc-page-rewards .state.empty') === 'No reward has this status.',
      'none archived',
    );
    set(app, '#reward-status', '');
    await waitFor(() => deepQuery(app, `mc-page-rewards button[aria-label="Archive Ten off"]`), 'the archive button');
    const realConfirm = window.confirm;
    const asked: string[] = [];
    try {
      window.confirm = (m?: string) => {
        asked.push(String(m));
        return false;
      };
      deepQuery<HTMLButtonElement>(app, 'mc-page-rewards button[aria-label="Archive Ten off"]')!.click();
      expect(asked[0]).to.contain('Archive Ten off?');
      window.confirm = () => true;
      deepQuery<HTMLButtonElement>(app, 'mc-page-rewards button[aria-label="Archive Ten off"]')!.click();
      await waitFor(() => deepText(app, 'mc-page-rewards [role=status]') === 'Ten off is archived.', 'archived');
    } finally {
      window.confirm = realConfirm;
    }
    set(app, '#reward-status', 'archived');
    await waitFor(() => deepText(app, 'mc-page-rewards tbody .badge') === 'Archived', 'only the archived one');
    expect(deepText(app, 'mc-page-rewards tbody')).to.contain('Ten off');
    expect(deepQuery(app, 'mc-page-rewards button[aria-label="Archive Ten off"]'), 'no archive button on it').to.equal(
      undefined,
    );
    await expect(app).to.be.accessible();
  });
});
