import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { cleanup, openPage, type RealMember, realApiScript, until, viewState } from './page.js';

/** A member of the real API behind the plugin's counting proxy. */
const enrolCounted = (points: number) =>
  executeServerCommand<RealMember, { points: number }>('real-api:counted', { points });
/** What reached the API since the last ask (`METHOD /path`, the query left out), preflights included. */
const apiRequests = async () =>
  (await executeServerCommand<string[], undefined>('real-api:requests')).map((line) => line.replace(/\?.*$/, ''));

const MEMBER_PAGE = `<mc-points-balance></mc-points-balance><mc-tier-progress></mc-tier-progress>
  <mc-check-in></mc-check-in><mc-rewards-bazaar></mc-rewards-bazaar><mc-referral-share></mc-referral-share>`;

/** Opens the member page and waits until every widget shows the member. */
async function memberPage(api: RealMember) {
  const page = await openPage({ html: MEMBER_PAGE, script: { ...realApiScript(api), 'data-token': api.token } });
  const widgets = [...page.document.body.children].filter((el) => el.localName.startsWith('mc-'));
  await until(
    // The test program offers no referral reward: <mc-referral-share> shows its empty state.
    () => widgets.every((el) => viewState(el) === (el.localName === 'mc-referral-share' ? 'empty' : 'member')),
    'every widget’s member view',
    15_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${widgets.map((el) => `${el.localName}=${viewState(el)}`).join(' ')}`);
  });
  // Whatever a widget would still ask for once it has painted.
  await new Promise((resolve) => setTimeout(resolve, 300));
  /** The API requests the page made, as the browser's resource timing saw them. */
  const browserSeen = () =>
    page.window.performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.startsWith(api.apiUrl))
      .map((entry) => new URL(entry.name).pathname);
  return { page, widgets, browserSeen };
}

describe('API requests per page view (built embed.js, real API)', () => {
  afterEach(cleanup);

  it('a member page view makes one API request and one preflight; the next view reuses the preflight', async function () {
    this.timeout(60_000);
    const api = await enrolCounted(1240);
    await apiRequests();
    const first = await memberPage(api);
    expect(first.browserSeen()).to.deep.equal(['/v1/bootstrap']);
    expect(await apiRequests()).to.deep.equal(['OPTIONS /v1/bootstrap', 'GET /v1/bootstrap']);
    for (const el of first.widgets) expect(el.shadowRoot!.textContent, el.localName).to.not.contain('undefined');
    expect(first.widgets[0]!.shadowRoot!.textContent).to.contain('1,240');
    cleanup();

    // Another page of the shop: the browser kept the preflight (Access-Control-Max-Age).
    const second = await memberPage(api);
    expect(second.browserSeen()).to.deep.equal(['/v1/bootstrap']);
    expect(await apiRequests()).to.deep.equal(['GET /v1/bootstrap']);
    expect(second.page.errors).to.deep.equal([]);
  });

  it('MemberCenter.refresh() after an order refetches with one request, not three', async function () {
    this.timeout(60_000);
    const api = await enrolCounted(1240);
    const { page, widgets } = await memberPage(api);
    await apiRequests();
    await page.window.MemberCenter!.refresh();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await apiRequests()).to.deep.equal(['GET /v1/bootstrap']);
    expect(widgets.map((el) => viewState(el))).to.deep.equal(['member', 'member', 'member', 'member', 'empty']);
    expect(page.errors).to.deep.equal([]);
  });

  it('a guest page view makes one API request too', async function () {
    this.timeout(60_000);
    const api = await enrolCounted(0);
    await apiRequests();
    const page = await openPage({ html: MEMBER_PAGE, script: realApiScript(api) });
    const widgets = [...page.document.body.children].filter((el) => el.localName.startsWith('mc-'));
    await until(
      () => widgets.every((el) => viewState(el) !== 'loading' && viewState(el) !== undefined),
      'every widget’s guest view',
      15_000,
    );
    expect(widgets.map((el) => viewState(el))).to.deep.equal(['guest', 'guest', 'guest', 'guest', 'guest']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await apiRequests()).filter((line) => line.startsWith('GET'))).to.deep.equal(['GET /v1/bootstrap']);
  });
});
