import { expect } from '@open-wc/testing';
import { admin } from '../src/api/admin-client.js';
import { settings } from '../src/internal/settings.js';
import { consoleApi, deepQuery, deepText, focused, openConsole, waitFor } from './helpers.js';

/** A `datetime-local` value `minutes` from now, in the browser's time. */
const local = (minutes: number) => {
  const d = new Date(Date.now() + minutes * 60_000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

describe('the campaigns page (real API)', () => {
  it('an owner schedules a campaign (the form refuses an end before the start) and ends it early', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/campaigns', operators.owner, password);
    await waitFor(() => deepQuery(app, 'mc-page-campaigns #c-name'), 'the form');
    await waitFor(
      () => deepQuery(app, 'mc-page-campaigns .state.empty') || deepQuery(app, 'mc-page-campaigns tbody'),
      'the list',
    );
    await expect(app).to.be.accessible();
    const submit = () => deepQuery<HTMLButtonElement>(app, 'mc-page-campaigns button[type=submit]')!.click();
    deepQuery<HTMLInputElement>(app, '#c-name')!.value = 'Double weekend';
    deepQuery<HTMLInputElement>(app, '#c-startsAt')!.value = local(-5);
    deepQuery<HTMLInputElement>(app, '#c-endsAt')!.value = local(-10);
    submit();
    await waitFor(() => deepQuery(app, '#c-endsAt[aria-invalid=true]'), 'the end refused');
    expect((focused() as HTMLElement).id).to.equal('c-endsAt');
    await expect(app).to.be.accessible();
    deepQuery<HTMLInputElement>(app, '#c-endsAt')!.value = local(24 * 60);
    submit();
    await waitFor(
      () => deepText(app, 'mc-page-campaigns [role=status] .notice') === 'Double weekend is scheduled.',
      'scheduled',
    );
    await waitFor(() => deepText(app, 'mc-page-campaigns tbody').includes('Running'), 'running');
    expect(deepText(app, 'mc-page-campaigns tbody')).to.contain('×2');

    const realConfirm = window.confirm;
    window.confirm = () => true;
    try {
      deepQuery<HTMLButtonElement>(app, 'mc-page-campaigns button[aria-label="End Double weekend now"]')!.click();
      await waitFor(
        () => deepText(app, 'mc-page-campaigns [role=status] .notice') === 'Double weekend has ended.',
        'ended',
      );
    } finally {
      window.confirm = realConfirm;
    }
    await waitFor(() => deepText(app, 'mc-page-campaigns tbody .badge') === 'Ended', 'the new status');
    const { items } = await admin.call('listCampaigns');
    expect(Date.parse(items[0]!.endsAt)).to.be.at.most(Date.now());
    await expect(app).to.be.accessible();
  });

  it('staff see the campaigns read-only, in Chinese too', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/campaigns', operators.staff, password);
    await waitFor(() => deepQuery(app, 'mc-page-campaigns tbody tr'), 'the list');
    expect(deepQuery(app, 'mc-page-campaigns #c-name')).to.equal(undefined);
    expect(deepQuery(app, 'mc-page-campaigns tbody button')).to.equal(undefined);
    settings.setLang('zh-CN');
    await waitFor(() => deepText(app, 'mc-page-campaigns h1') === '营销活动', 'the Chinese page');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });
});
