import { LIFECYCLE_STAGES, type SegmentMember } from '@member-center/contract';
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { admin } from '../api/admin-client.js';
import { Load } from '../internal/load.js';
import { ConsolePage } from '../internal/page.js';
import { formatDate, formatMoney, formatNumber } from '../internal/settings.js';
import { href } from '../routes.js';

/** Members: the lifecycle counts, a list searched by id, email or name and filtered by stage, RFM cell and tier, and a jump to one member. */
@customElement('mc-page-members')
export class McPageMembers extends ConsolePage {
  @state() private stage = '';
  @state() private rfm = '';
  @state() private q = '';
  @state() private tierId = '';
  @state() private extra: SegmentMember[] = [];
  @state() private cursor: string | undefined;

  /** `#/members/5-4-*` (the overview's RFM grid) or `#/members/loyal` opens the list filtered. */
  protected override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('arg') && this.arg) {
      const stage = (LIFECYCLE_STAGES as readonly string[]).includes(this.arg);
      this.stage = stage ? this.arg : '';
      this.rfm = stage ? '' : this.arg;
    }
  }

  readonly #segments = new Load(this, (signal) => admin.call('getSegments', { signal }));
  readonly #program = new Load(this, (signal) => admin.call('getProgram', { signal }));

  #query(cursor?: string) {
    return {
      limit: '25',
      ...(cursor && { cursor }),
      ...(this.q && { q: this.q }),
      ...(this.stage && { stage: this.stage as never }),
      ...(this.rfm && { rfm: this.rfm }),
      ...(this.tierId && { tierId: this.tierId }),
    };
  }
  readonly #list = new Load(
    this,
    async (signal) => {
      const page = await admin.call('listMembers', { query: this.#query(), signal });
      this.extra = [];
      this.cursor = page.nextCursor;
      return page;
    },
    () => [this.q, this.stage, this.rfm, this.tierId],
  );

  async #more() {
    const page = await admin.call('listMembers', { query: this.#query(this.cursor) });
    this.extra = [...this.extra, ...page.items];
    this.cursor = page.nextCursor;
  }

  #filter(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.q = String(data.get('q') ?? '').trim();
    this.stage = String(data.get('stage') ?? '');
    this.rfm = String(data.get('rfm') ?? '').trim();
    this.tierId = String(data.get('tierId') ?? '');
  }

  #find(event: SubmitEvent) {
    event.preventDefault();
    const id = String(new FormData(event.target as HTMLFormElement).get('customerId') ?? '').trim();
    if (id) location.hash = href('member', id);
  }

  override render() {
    const t = this.t;
    return html`<h1 tabindex="-1">${t.membersTitle}</h1>
      ${this.#segments.render(
        (s) => html`<section aria-labelledby="stages-title">
          <h2 id="stages-title" class="visually-hidden">${t.stage}</h2>
          <p>${t.total(formatNumber(s.members))}</p>
          <dl class="grid">
            ${s.stages.map(
              (x) =>
                html`<div class="card stat"><dt>${t.stages[x.stage] ?? x.stage}</dt><dd>${formatNumber(x.members)}</dd></div>`,
            )}
          </dl>
        </section>`,
      )}
      <h2 id="find-title">${t.findMember}</h2>
      <form class="row" aria-labelledby="find-title" @submit=${this.#find}>
        <div class="field"><label for="customerId">${t.customerId}</label><input id="customerId" name="customerId" /></div>
        <div class="field actions"><button type="submit">${t.open}</button></div>
      </form>
      <h2 id="list-title">${t.searchAndFilter}</h2>
      <form class="row" role="search" aria-labelledby="list-title" @submit=${this.#filter}>
        <div class="field">
          <label for="q">${t.searchMembers}</label>
          <input id="q" name="q" type="search" maxlength="200" aria-describedby="q-hint" .value=${this.q} />
          <p class="hint" id="q-hint">${t.searchHint}</p>
        </div>
        <div class="field">
          <label for="stage">${t.stage}</label>
          <select id="stage" name="stage">
            <option value="">${t.anyStage}</option>
            ${LIFECYCLE_STAGES.map((s) => html`<option value=${s} ?selected=${this.stage === s}>${t.stages[s]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="rfm">${t.rfm}</label>
          <input id="rfm" name="rfm" placeholder="5-5-*" aria-describedby="rfm-hint" .value=${this.rfm} />
          <p class="hint" id="rfm-hint">${t.rfmHint}</p>
        </div>
        <div class="field">
          <label for="tierId">${t.tier}</label>
          <select id="tierId" name="tierId">
            <option value="">${t.anyTier}</option>
            ${(this.#program.value?.tiers ?? []).map(
              (x) => html`<option value=${x.id} ?selected=${this.tierId === x.id}>${x.name}</option>`,
            )}
          </select>
        </div>
        <div class="field actions"><button type="submit" class="primary">${t.filter}</button></div>
      </form>
      ${this.#list.render(
        (page) => html`<div class="table-wrap">
            <table>
              <caption class="visually-hidden">${t.membersTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">${t.customerId}</th><th scope="col">${t.name}</th><th scope="col">${t.email}</th><th scope="col">${t.stage}</th>
                  <th scope="col">RFM</th><th scope="col" class="num">${t.orders}</th><th scope="col" class="num">${t.netSpend}</th>
                  <th scope="col">${t.lastOrder}</th>
                </tr>
              </thead>
              <tbody>
                ${[...page.items, ...this.extra].map(
                  (m) => html`<tr>
                    <td><a href=${href('member', m.member.customerId)}>${m.member.customerId}</a></td>
                    <td>${m.member.name ?? '—'}</td>
                    <td>${m.member.email ?? '—'}</td>
                    <td><span class="badge">${t.stages[m.stage] ?? m.stage}</span></td>
                    <td>${m.rfm ? `${m.rfm.r}-${m.rfm.f}-${m.rfm.m}` : '—'}</td>
                    <td class="num">${formatNumber(m.orders.count)}</td>
                    <td class="num">${formatMoney(m.orders.netSpend)}</td>
                    <td>${formatDate(m.orders.lastAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>
          ${this.cursor ? html`<p><button type="button" @click=${this.#more}>${t.more}</button></p>` : ''}`,
        { isEmpty: (p) => p.items.length === 0, empty: t.noMembers },
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-page-members': McPageMembers;
  }
}
