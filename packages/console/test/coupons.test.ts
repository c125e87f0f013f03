import { expect } from '@open-wc/testing';
import { admin } from '../src/api/admin-client.js';
import { settings } from '../src/internal/settings.js';
import { consoleApi, deepQuery, deepQueryAll, deepText, focused, openConsole, waitFor } from './helpers.js';

const submit = (app: HTMLElement, form: string) =>
  deepQuery<HTMLButtonElement>(app, `mc-page-coupons ${form} button[type=submit]`)!.click();
const lookUp = (app: HTMLElement, code: string) => {
  deepQuery<HTMLInputElement>(app, '#code')!.value = code;
  submit(app, 'form.row');
};

describe('the coupons page (real API)', () => {
  it('staff issue a reward to a segment (once per batch key), look a code up as typed, and void it', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/coupons', operators.staff, password);
    const reward = await waitFor(
      () => deepQuery<HTMLSelectElement>(app, 'mc-page-coupons #rewardId'),
      'the issue form',
    );
    await waitFor(
      () => deepQuery(app, 'mc-page-coupons table') || deepQuery(app, 'mc-page-coupons .state.empty'),
      'the counts',
    );
    await expect(app).to.be.accessible();

    // No filter at all: refused before sending, at the stage.
    reward.value = deepQueryAll<HTMLOptionElement>(app, '#rewardId option').find(
      (o) => o.textContent === 'Tote bag',
    )!.value;
    submit(app, 'form[novalidate]');
    await waitFor(() => deepQuery(app, 'mc-page-coupons #stage[aria-invalid=true]'), 'a filter required');
    expect((focused() as HTMLElement).id).to.equal('stage');
    // A bad RFM pattern: the contract's schema names it.
    deepQuery<HTMLInputElement>(app, 'mc-page-coupons #rfm')!.value = '9-9-9';
    submit(app, 'form[novalidate]');
    await waitFor(() => deepQuery(app, 'mc-page-coupons #rfm[aria-invalid=true]'), 'the RFM refused');
    await expect(app).to.be.accessible();

    deepQuery<HTMLInputElement>(app, 'mc-page-coupons #rfm')!.value = '';
    deepQuery<HTMLSelectElement>(app, 'mc-page-coupons #stage')!.value = 'potential';
    submit(app, 'form[novalidate]');
    await waitFor(() => deepText(app, 'mc-page-coupons [role=status] .notice').includes('issued'), 'issued');
    const first = deepText(app, 'mc-page-coupons [role=status] .notice');
    expect(first).to.match(/^[1-9]\d* codes? issued \([1-9]\d* members? matched\)\.$/);
    // The same batch key again issues nothing more: the same counts.
    const page = deepQuery(app, 'mc-page-coupons') as unknown as { busy: boolean };
    submit(app, 'form[novalidate]');
    expect(page.busy).to.equal(true);
    await waitFor(() => !page.busy, 'the second answer');
    await waitFor(() => deepText(app, 'mc-page-coupons [role=status] .notice') === first, 'the same answer');
    await waitFor(() => deepText(app, 'mc-page-coupons tbody').includes('Tote bag'), 'the counts by reward');

    const { items } = await admin.call('listMemberCoupons', { params: { customerId: 'c-2' } });
    expect(items.length, 'one code for c-2, though sent twice').to.equal(1);
    const code = items[0]!.code;
    lookUp(app, code.toLowerCase().replaceAll('-', ' '));
    await waitFor(() => deepText(app, 'mc-page-coupons .stat dd a') === 'c-2', 'the coupon');
    expect(deepText(app, 'mc-page-coupons .stat dd')).to.contain('Available');
    expect(deepText(app, 'mc-page-coupons .stat dd')).to.contain('Tote bag');
    await expect(app).to.be.accessible();
    const realConfirm = window.confirm;
    window.confirm = () => true;
    try {
      deepQuery<HTMLButtonElement>(app, 'mc-page-coupons button.danger')!.click();
      await waitFor(() => deepText(app, 'mc-page-coupons [role=status] .notice') === `${code} is void.`, 'voided');
    } finally {
      window.confirm = realConfirm;
    }
    await waitFor(() => deepText(app, 'mc-page-coupons .stat dd').startsWith('Void'), 'the new status');
    expect(deepQuery(app, 'mc-page-coupons button.danger')).to.equal(undefined);
    expect((await admin.call('getCoupon', { params: { code } })).coupon.status).to.equal('void');

    lookUp(app, 'NOPE-NOPE-NOPE');
    await waitFor(() => deepText(app, 'mc-page-coupons .state.empty') === 'No coupon with this code.', 'not found');
    await expect(app).to.be.accessible();
  });

  it('a viewer looks codes up only, in Chinese too', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/coupons', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-coupons #code'), 'the page');
    expect(deepQuery(app, 'mc-page-coupons #rewardId')).to.equal(undefined);
    settings.setLang('zh-CN');
    await waitFor(() => deepText(app, 'mc-page-coupons h1') === '优惠券', 'the Chinese page');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });
});
