import type { Stats } from '@member-center/contract';
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { settings } from '../src/internal/settings.js';
import {
  consoleApi,
  deepQuery,
  deepQueryAll,
  deepText,
  focused,
  merchantGet,
  openConsole,
  waitFor,
} from './helpers.js';

describe('the overview page (real API)', () => {
  it("is the landing page: its figures are the API's, every chart has its table, axe-clean light and dark", async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-overview dl .stat'), 'the figures');
    expect(deepText(app, 'nav a[aria-current=page]')).to.equal('Overview');
    const stats = await merchantGet<Stats>('/v1/stats');
    const stat = (label: string) =>
      deepQueryAll(app, 'mc-page-overview .stat')
        .find((s) => s.querySelector('dt')?.textContent === label)
        ?.querySelector('dd')
        ?.textContent?.trim();
    expect(stat('Members')).to.equal(String(stats.members.total));
    expect(stat('Points issued')).to.equal(new Intl.NumberFormat('en').format(stats.points.issued));
    expect(stat('Outstanding points')).to.equal(new Intl.NumberFormat('en').format(stats.points.outstanding));
    expect(stats.points.issued, 'the seeded order earned points').to.be.greaterThan(0);
    // Every chart is a named image with a data table.
    const charts = deepQueryAll(app, 'mc-page-overview figure.chart');
    expect(charts.length).to.equal(3);
    for (const chart of charts) {
      expect(chart.querySelector('[role=img]')?.getAttribute('aria-label')).to.not.equal('');
      expect(chart.querySelector('details table tbody tr')).to.not.equal(null);
    }
    const funnel = deepQueryAll(app, 'mc-page-overview figure.chart')[2]!;
    expect(funnel.querySelector('tbody')?.textContent).to.contain('Potential');
    await expect(app).to.be.accessible();
    settings.setTheme('dark');
    await expect(app).to.be.accessible();
    settings.setTheme('system');
  });

  it('changes the range with the keyboard, and speaks Chinese', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/overview', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-overview dl .stat'), 'the figures');
    const before = deepText(app, 'mc-page-overview .sub');
    deepQuery<HTMLInputElement>(app, 'mc-page-overview input[name=range]:checked')!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    expect((focused() as HTMLInputElement).value).to.equal('7');
    await waitFor(
      () => deepText(app, 'mc-page-overview .sub') && deepText(app, 'mc-page-overview .sub') !== before,
      'the 7 days',
    );
    const stats = await merchantGet<Stats>('/v1/stats');
    const from = new Date(Date.parse(`${stats.range.to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    expect(deepText(app, 'mc-page-overview .sub')).to.contain(`${from} to ${stats.range.to}`);
    expect(deepText(app, 'mc-page-overview #flows-title')).to.contain('per day');
    settings.setLang('zh-CN');
    await waitFor(() => deepText(app, 'mc-page-overview h1') === '概览', 'the Chinese page');
    expect(deepText(app, 'mc-page-overview .stat dt')).to.contain('会员总数');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });

  it('a cell of the RFM grid lists its members on the Members page', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/overview', operators.staff, password);
    await waitFor(() => deepQuery(app, 'mc-page-overview .heat a'), 'the grid');
    const cells = deepQueryAll<HTMLAnchorElement>(app, 'mc-page-overview .heat a');
    expect(cells.length).to.equal(25);
    const filled = cells.find((a) => a.textContent !== '0');
    expect(filled, 'the member with an order is scored').to.not.equal(undefined);
    const [, r, f] = /R (\d), F (\d)/.exec(filled!.getAttribute('aria-label')!)!;
    filled!.click();
    await waitFor(() => deepQuery(app, 'mc-page-members tbody tr'), 'the filtered members');
    expect(deepQuery<HTMLInputElement>(app, '#rfm')!.value).to.equal(`${r}-${f}-*`);
    expect(deepText(app, 'mc-page-members tbody')).to.contain('c-1');
    expect(deepText(app, 'mc-page-members tbody')).to.not.contain('c-2');
  });

  it('shows the error state with a retry when the figures cannot be loaded', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/overview', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-overview dl .stat'), 'the figures');
    const page = deepQuery(app, 'mc-page-overview') as unknown as { days: number };
    const realFetch = window.fetch;
    window.fetch = () => Promise.reject(new TypeError('offline'));
    try {
      page.days = 90;
      await waitFor(() => deepQuery(app, 'mc-page-overview .state.error'), 'the error');
      await expect(app).to.be.accessible();
    } finally {
      window.fetch = realFetch;
    }
    deepQuery<HTMLButtonElement>(app, 'mc-page-overview .state.error button')!.click();
    await waitFor(() => deepQuery(app, 'mc-page-overview dl .stat'), 'the figures again');
  });
});
