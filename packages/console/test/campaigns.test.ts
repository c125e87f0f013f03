import type { CampaignResults } from '@member-center/contract';
import { expect } from '@open-wc/testing';
import { admin } from '../src/api/admin-client.js';
import { settings } from '../src/internal/settings.js';
import {
  consoleApi,
  deepQuery,
  deepText,
  focused,
  merchantGet,
  merchantPost,
  openConsole,
  waitFor,
} from './helpers.js';

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

describe('campaign results on the campaigns page (real API)', () => {
  it('schedules a campaign with a holdout and shows its results: figures, treated vs held out, lift, verdict', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/campaigns', operators.owner, password);
    await waitFor(() => deepQuery(app, 'mc-page-campaigns #c-holdoutShare'), 'the holdout field');
    deepQuery<HTMLInputElement>(app, '#c-name')!.value = 'Half held out';
    deepQuery<HTMLInputElement>(app, '#c-startsAt')!.value = local(-5);
    deepQuery<HTMLInputElement>(app, '#c-endsAt')!.value = local(24 * 60);
    deepQuery<HTMLInputElement>(app, '#c-holdoutShare')!.value = '60';
    deepQuery<HTMLButtonElement>(app, 'mc-page-campaigns button[type=submit]')!.click();
    await waitFor(() => deepQuery(app, '#c-holdoutShare[aria-invalid=true]'), 'over 50 % refused');
    expect((focused() as HTMLElement).id).to.equal('c-holdoutShare');
    deepQuery<HTMLInputElement>(app, '#c-holdoutShare')!.value = '50';
    deepQuery<HTMLButtonElement>(app, 'mc-page-campaigns button[type=submit]')!.click();
    await waitFor(
      () => deepText(app, 'mc-page-campaigns [role=status] .notice') === 'Half held out is scheduled.',
      'scheduled',
    );
    const { items } = await admin.call('listCampaigns');
    const campaign = items.find((c) => c.name === 'Half held out')!;
    expect(campaign.holdoutShare).to.equal(0.5);
    await waitFor(() => deepText(app, 'mc-page-campaigns tbody').includes('50 %'), 'the share in the list');

    // Sixteen shoppers order while it runs: half of them, give or take, held out.
    for (let i = 1; i <= 16; i++)
      await merchantPost(`/v1/members/ab-${i}/orders`, {
        orderId: `ab-${i}`,
        total: { amount: 10_000 * i, currency: 'CNY' },
      });
    const results = await merchantGet<CampaignResults>(`/v1/campaigns/${campaign.id}/results`);
    expect(results.holdout).to.not.equal(null);

    deepQuery<HTMLButtonElement>(app, 'mc-page-campaigns button[aria-label="Results of Half held out"]')!.click();
    const figures = await waitFor(() => deepQuery(app, 'mc-page-campaigns table.figures'), 'the figures');
    const cells = (row: number) =>
      [...figures.querySelectorAll(`tbody tr:nth-child(${row}) td`)].map((td) => td.textContent!.trim());
    expect(cells(1)[0]).to.equal(String(results.during.orders));
    expect(cells(4)[0]).to.equal(String(results.during.activeMembers));
    const arms = deepQuery(app, 'mc-page-campaigns table.arms')!;
    expect(arms.querySelector('tbody tr td')!.textContent!.trim()).to.equal(String(results.holdout!.treated.members));
    expect(deepText(app, 'mc-page-campaigns .lift')).to.match(
      /^Lift in spend per member: .+ \(95 % confidence interval .+ to .+\)/,
    );
    expect(deepText(app, 'mc-page-campaigns .verdict')).to.equal(
      results.holdout!.lift.significant
        ? 'The lift is statistically significant: the 95 % interval does not include zero.'
        : 'The lift is not statistically significant: the 95 % interval includes zero, so the difference may be chance.',
    );
    await expect(app).to.be.accessible();
    settings.setLang('zh-CN');
    await waitFor(() => deepText(app, 'mc-page-campaigns #results-title') === '活动效果：Half held out', 'Chinese');
    expect(deepText(app, 'mc-page-campaigns .verdict')).to.contain('95% 置信区间');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });
});
