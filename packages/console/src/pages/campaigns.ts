import { type Campaign, CreateCampaignBody } from '@member-center/contract';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin, isAdminError } from '../api/admin-client.js';
import { field, fieldErrors, focusInvalid } from '../internal/forms.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { Paged } from '../internal/paged.js';
import { formatDate } from '../internal/settings.js';

const en = {
  title: 'Campaigns',
  lead: 'Order points multiplied between two moments, e.g. double points for a weekend.',
  schedule: 'Schedule a campaign',
  name: 'Name',
  multiplier: 'Multiplier',
  multiplierHint: 'e.g. 2 for double points; up to two decimals.',
  startsAt: 'Starts',
  endsAt: 'Ends',
  tier: 'Tier',
  everyone: 'Everyone',
  tierHint: 'Only members at this tier or above.',
  firstOrderOnly: "Only a member's first order",
  create: 'Schedule',
  created: (n: string) => `${n} is scheduled.`,
  status: 'Status',
  statuses: { scheduled: 'Scheduled', running: 'Running', ended: 'Ended' } as Record<string, string>,
  endNow: 'End now',
  endLabel: (n: string) => `End ${n} now`,
  confirmEnd: (n: string) => `End ${n} now? Orders from now on earn the usual points.`,
  ended: (n: string) => `${n} has ended.`,
  none: 'No campaigns yet.',
  ownerOnly: 'Only an owner can schedule or end campaigns.',
  endBeforeStart: 'must be after the start',
  more: 'Load more',
};
const zh: typeof en = {
  title: '营销活动',
  lead: '在指定时段内为订单积分加倍，例如周末双倍积分。',
  schedule: '创建活动',
  name: '名称',
  multiplier: '倍数',
  multiplierHint: '例如 2 表示双倍积分；最多两位小数。',
  startsAt: '开始时间',
  endsAt: '结束时间',
  tier: '等级',
  everyone: '所有会员',
  tierHint: '仅限该等级及以上的会员。',
  firstOrderOnly: '仅限会员首单',
  create: '创建',
  created: (n) => `${n} 已创建。`,
  status: '状态',
  statuses: { scheduled: '未开始', running: '进行中', ended: '已结束' },
  endNow: '立即结束',
  endLabel: (n) => `立即结束 ${n}`,
  confirmEnd: (n) => `确定立即结束 ${n}？之后的订单按正常积分计算。`,
  ended: (n) => `${n} 已结束。`,
  none: '还没有活动。',
  ownerOnly: '只有所有者可以创建或结束活动。',
  endBeforeStart: '必须晚于开始时间',
  more: '加载更多',
};
const STRINGS = { en, 'zh-CN': zh };

const statusOf = (c: Campaign, now = Date.now()) =>
  Date.parse(c.startsAt) > now ? 'scheduled' : Date.parse(c.endsAt) > now ? 'running' : 'ended';
/** A `datetime-local` value (the operator's local time) as an ISO instant; '' stays ''. */
const instant = (local: string) => (local ? new Date(local).toISOString() : '');

/** Campaigns: the list (scheduled, running, ended), scheduling one and ending one early (owners). */
@customElement('mc-page-campaigns')
export class McPageCampaigns extends ConsolePage {
  @state() private errors: Record<string, string> = {};
  @state() private notice = '';
  @state() private failure = '';
  readonly #list = new Paged<Campaign>(this, (cursor, signal) =>
    admin.call('listCampaigns', { query: { limit: '25', cursor }, ...(signal && { signal }) }),
  );
  readonly #tiers = new Load(this, async (signal) => (await admin.call('getProgram', { signal })).tiers);

  get #s() {
    return STRINGS[this.settings.lang];
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const s = this.#s;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const get = (k: string) => String(data.get(k) ?? '').trim();
    const body = {
      name: get('name'),
      multiplier: get('multiplier') === '' ? Number.NaN : Number(get('multiplier')),
      startsAt: instant(get('startsAt')),
      endsAt: instant(get('endsAt')),
      tierId: get('tierId') || null,
      firstOrderOnly: data.get('firstOrderOnly') === 'on',
    };
    this.notice = '';
    this.failure = '';
    const checked = CreateCampaignBody.safeParse(body);
    const errors = checked.success ? {} : fieldErrors(checked.error.issues);
    for (const k of ['name', 'startsAt', 'endsAt'] as const) if (!body[k]) errors[k] = this.t.required;
    if (body.startsAt && body.endsAt && body.endsAt <= body.startsAt) errors.endsAt ??= s.endBeforeStart;
    this.errors = errors;
    if (!checked.success || Object.keys(errors).length) return focusInvalid(this);
    try {
      const { campaign } = await admin.call('createCampaign', { body: checked.data });
      this.notice = s.created(campaign.name);
      form.reset();
      void this.#list.load.run();
    } catch (error) {
      const field = isAdminError(error) ? error.field?.split('.')[1] : undefined;
      if (field && isAdminError(error)) {
        this.errors = { [field]: error.details?.issues?.[0]?.message ?? error.message };
        return focusInvalid(this);
      }
      this.failure = this.messageOf(error);
    }
  }

  async #end(c: Campaign) {
    const s = this.#s;
    if (!confirm(s.confirmEnd(c.name))) return;
    this.notice = '';
    this.failure = '';
    try {
      await admin.call('updateCampaign', { params: { id: c.id }, body: { endsAt: new Date().toISOString() } });
      this.notice = s.ended(c.name);
      void this.#list.load.run();
    } catch (error) {
      this.failure = this.messageOf(error);
    }
  }

  #field(name: string, label: string, input: (invalid: string, described: string) => unknown, hint?: string) {
    return field(`c-${name}`, label, this.errors[name], input, hint);
  }

  #form() {
    const s = this.#s;
    return html`<section class="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">${s.schedule}</h2>
      <form novalidate @submit=${this.#create}>
        <div class="row">
          ${this.#field('name', s.name, (i, d) => html`<input id="c-name" name="name" maxlength="200" aria-invalid=${i} aria-describedby=${d || nothing} />`)}
          ${this.#field(
            'multiplier',
            s.multiplier,
            (i, d) =>
              html`<input id="c-multiplier" name="multiplier" type="number" min="1" max="100" step="0.01" value="2" aria-invalid=${i} aria-describedby=${d} />`,
            s.multiplierHint,
          )}
        </div>
        <div class="row">
          ${this.#field('startsAt', s.startsAt, (i, d) => html`<input id="c-startsAt" name="startsAt" type="datetime-local" aria-invalid=${i} aria-describedby=${d || nothing} />`)}
          ${this.#field('endsAt', s.endsAt, (i, d) => html`<input id="c-endsAt" name="endsAt" type="datetime-local" aria-invalid=${i} aria-describedby=${d || nothing} />`)}
          ${this.#field(
            'tierId',
            s.tier,
            (i, d) => html`<select id="c-tierId" name="tierId" aria-invalid=${i} aria-describedby=${d}>
              <option value="">${s.everyone}</option>
              ${(this.#tiers.value ?? []).map((x) => html`<option value=${x.id}>${x.name}</option>`)}
            </select>`,
            s.tierHint,
          )}
        </div>
        <div class="field"><label class="check"><input type="checkbox" name="firstOrderOnly" /> ${s.firstOrderOnly}</label></div>
        <button type="submit" class="primary">${s.create}</button>
      </form>
    </section>`;
  }

  override render() {
    const s = this.#s;
    const owner = this.can('owner');
    const tierName = (id: string | null) =>
      id ? ((this.#tiers.value ?? []).find((x) => x.id === id)?.name ?? '—') : s.everyone;
    return html`<h1 tabindex="-1">${s.title}</h1>
      <p class="muted">${s.lead}</p>
      <div role="status">${this.notice ? html`<p class="notice ok">${this.notice}</p>` : nothing}</div>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      ${owner ? this.#form() : html`<p class="notice ok">${s.ownerOnly}</p>`}
      ${this.#list.load.render(
        (items) => html`<div class="table-wrap"><table>
            <caption class="visually-hidden">${s.title}</caption>
            <thead><tr><th scope="col">${s.name}</th><th scope="col">${s.status}</th><th scope="col" class="num">${s.multiplier}</th>
              <th scope="col">${s.startsAt}</th><th scope="col">${s.endsAt}</th><th scope="col">${s.tier}</th>
              ${owner ? html`<th scope="col"><span class="visually-hidden">${s.endNow}</span></th>` : nothing}</tr></thead>
            <tbody>${items.map((c) => {
              const status = statusOf(c);
              return html`<tr>
                <td>${c.name}${c.firstOrderOnly ? html`<div class="hint">${s.firstOrderOnly}</div>` : nothing}</td>
                <td><span class="badge">${s.statuses[status]}</span></td>
                <td class="num">×${c.multiplier}</td><td>${formatDate(c.startsAt)}</td><td>${formatDate(c.endsAt)}</td>
                <td>${tierName(c.tierId)}</td>
                ${
                  owner
                    ? html`<td>${
                        // A scheduled one cannot end before it starts; only a running one ends early.
                        status !== 'running'
                          ? nothing
                          : html`<button type="button" class="danger" aria-label=${s.endLabel(c.name)} @click=${() => this.#end(c)}>${s.endNow}</button>`
                      }</td>`
                    : nothing
                }
              </tr>`;
            })}</tbody>
          </table></div>
          ${this.#list.cursor ? html`<p><button type="button" ?disabled=${this.#list.busy} @click=${() => this.#list.more()}>${s.more}</button></p>` : nothing}`,
        { isEmpty: (l) => l.length === 0, empty: s.none },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-campaigns': McPageCampaigns;
  }
}
