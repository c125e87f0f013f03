import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { McTabChangeEvent, type MemberCenterTab } from '../events.js';
import { McElementBase } from '../internal/element-base.js';
import { formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { memberCenterMessages } from './member-center.i18n.js';
import { memberCenterStyles } from './member-center.styles.js';

/** The tabs, in order. */
export const MEMBER_CENTER_TABS: readonly MemberCenterTab[] = ['overview', 'rewards', 'invite', 'history', 'coupons'];

/**
 * @summary The whole member center in one panel: Overview (balance, tier, daily check-in), Rewards, Invite, History and Coupons tabs for members; a call to join and the ways to earn for guests.
 *
 * The panels are the other mc-* elements, so their tags must be registered (import
 * `@member-center/elements/define`, or let `<mc-launcher>` load it). The member center hands its
 * client and theme to each of them.
 *
 * @slot guest - The call to join or log in shown to guests (default: a sentence inviting them to join).
 * @slot win-back - The page's own offer for a lapsed member (default: a sentence about the points waiting for them).
 *
 * @csspart base - The panel.
 * @csspart tablist - The row of tabs (role=tablist).
 * @csspart tab - A tab (role=tab); the selected one also has `tab-selected`.
 * @csspart tab-selected - The selected tab.
 * @csspart panel - A tab panel (role=tabpanel).
 * @csspart guest-prompt - The default call to join (when the guest slot is empty).
 * @csspart ways-title - The "Ways to earn" heading (guests).
 * @csspart ways-to-earn - The list of ways to earn (guests).
 * @csspart way - One way to earn.
 * @csspart error - The error message and its Retry button (guests: the program failed to load).
 * @csspart retry-button - The Retry button.
 * @csspart win-back - The welcome-back note atop the Overview for a member at risk or lapsed (API stage `at_risk` or `churned`) who has points to spend.
 * @csspart win-back-button - Its "See rewards" button, which opens the Rewards tab.
 *
 * @cssproperty --mc-member-center-tab-color - Text colour of a tab (default: the muted colour).
 * @cssproperty --mc-member-center-tab-selected-color - Text and underline colour of the selected tab (default: the accent colour).
 * @cssproperty --mc-member-center-gap - Space between the cards of a panel (default 0.75rem).
 *
 * @event mc-tab-change - The member switched tabs by click or keyboard ({@link McTabChangeEvent}); not fired when `active-tab` is set by the page.
 * @event mc-error - The program could not be loaded for a guest ({@link McErrorEvent}, operation `load`).
 */
export class McMemberCenter extends McElementBase {
  static override styles = [...McElementBase.styles, memberCenterStyles];

  static override properties: PropertyDeclarations = {
    activeTab: { attribute: 'active-tab', reflect: true },
    noWinBack: { type: Boolean, attribute: 'no-win-back' },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return memberCenterMessages(this.locale);
  }

  /** The selected tab: `overview`, `rewards`, `invite`, `history` or `coupons`. */
  activeTab: MemberCenterTab = 'overview';

  /** Hides the welcome-back note shown atop the Overview to members at risk or lapsed. */
  noWinBack = false;

  /** Panels are rendered on first visit and kept (hidden) after, so their scroll and pages survive a tab switch. */
  readonly #visited = new Set<MemberCenterTab>();

  /** Subscribed so a sign-in or sign-out (which resets `me`) re-renders the member or guest view. */
  readonly #me = new StoreController(this, 'me');
  /** Members see the tabs at once (each panel loads its own data); guests wait for the program. */
  readonly #view = this.createView(() =>
    this.resolvedClient?.isMember === false ? (awaiting(this.guestProgram) ?? 'guest') : 'member',
  );

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!MEMBER_CENTER_TABS.includes(this.activeTab)) this.activeTab = 'overview';
    this.#visited.add(this.activeTab);
  }

  /** Focuses the selected tab (or, for a guest, the first thing in the panel that takes focus). */
  override focus(options?: FocusOptions): void {
    const target =
      this.renderRoot.querySelector<HTMLElement>('[role=tab][aria-selected=true]') ??
      this.querySelector<HTMLElement>('[slot=guest]');
    if (target) target.focus(options);
    else super.focus(options);
  }

  protected override render() {
    const t = this.t;
    const prompt = html`<slot name="guest"><p part="guest-prompt">${t.centerGuest}</p>${this.renderJoin()}</slot>`;
    return this.#view.render({
      guest: () => this.#renderGuest(prompt),
      error: (errorView) => html`<div part="base">${prompt}${errorView}</div>`,
      loading: () => html`<div part="base" aria-busy="true">
        ${prompt}
        <span class="skeleton line" role="img" aria-label=${t.loading}></span>
        <span class="skeleton line"></span>
      </div>`,
      member: () => this.#renderTabs(),
    });
  }

  #renderTabs() {
    const t = this.t;
    const labels: Record<MemberCenterTab, string> = {
      overview: t.tabOverview,
      rewards: t.tabRewards,
      invite: t.tabInvite,
      history: t.tabHistory,
      coupons: t.tabCoupons,
    };
    return html`<div part="base">
      <div part="tablist" role="tablist" aria-label=${t.memberCenter} @keydown=${this.#onKeydown}>
        ${MEMBER_CENTER_TABS.map((tab) => {
          const selected = tab === this.activeTab;
          return html`<button
            part=${selected ? 'tab tab-selected' : 'tab'}
            role="tab"
            id="tab-${tab}"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="panel-${tab}"
            tabindex=${selected ? '0' : '-1'}
            @click=${() => this.#select(tab)}
          >
            ${labels[tab]}
          </button>`;
        })}
      </div>
      ${MEMBER_CENTER_TABS.map(
        (tab) => html`<div
          part="panel"
          role="tabpanel"
          id="panel-${tab}"
          aria-labelledby="tab-${tab}"
          tabindex="0"
          ?hidden=${tab !== this.activeTab}
        >
          ${this.#visited.has(tab) ? this.#renderPanel(tab) : nothing}
        </div>`,
      )}
    </div>`;
  }

  #renderPanel(tab: MemberCenterTab) {
    const client = this.resolvedClient;
    const theme = this.theme;
    switch (tab) {
      case 'overview':
        return html`${this.#renderWinBack()}<mc-points-balance .client=${client} theme=${theme}></mc-points-balance>
          <mc-tier-progress .client=${client} theme=${theme}></mc-tier-progress>
          <mc-check-in .client=${client} theme=${theme}></mc-check-in>`;
      case 'rewards':
        return html`<mc-rewards-bazaar .client=${client} theme=${theme}></mc-rewards-bazaar>`;
      case 'invite':
        return html`<mc-referral-share .client=${client} theme=${theme}></mc-referral-share>`;
      case 'history':
        return html`<mc-points-history .client=${client} theme=${theme}></mc-points-history>`;
      case 'coupons':
        return html`<mc-coupons .client=${client} theme=${theme}></mc-coupons>`;
    }
  }

  /** A member who has stopped ordering (the API's stage) and has points: a nudge to spend them. */
  #renderWinBack() {
    const me = this.#me.resource.data;
    const lapsed = me?.stage === 'at_risk' || me?.stage === 'churned';
    if (this.noWinBack || !lapsed || me.points.balance <= 0) return nothing;
    const t = this.t;
    return html`<div part="win-back" role="note">
      <slot name="win-back"><p>${t.winBack(formatNumber(this.locale, me.points.balance))}</p></slot>
      <button part="win-back-button" class="primary" type="button" @click=${() => this.#select('rewards', true)}>
        ${t.winBackButton}
      </button>
    </div>`;
  }

  #renderGuest(prompt: TemplateResult) {
    const t = this.t;
    const program = this.guestProgram.resource.data!;
    return html`<div part="base">
      ${prompt}
      ${
        program.waysToEarn.length
          ? html`<h2 part="ways-title">${t.waysToEarn}</h2>
            <ul part="ways-to-earn">
              ${program.waysToEarn.map(
                (way) => html`<li part="way">
                  <strong>${t.earnKind[way.kind]}</strong>
                  <span>${way.description}</span>
                </li>`,
              )}
            </ul>`
          : nothing
      }
    </div>`;
  }

  #onKeydown = (event: KeyboardEvent) => {
    const index = MEMBER_CENTER_TABS.indexOf(this.activeTab);
    const last = MEMBER_CENTER_TABS.length - 1;
    const target = (
      {
        ArrowRight: index === last ? 0 : index + 1,
        ArrowLeft: index === 0 ? last : index - 1,
        Home: 0,
        End: last,
      } as Record<string, number>
    )[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.#select(MEMBER_CENTER_TABS[target]!, true);
  };

  async #select(tab: MemberCenterTab, moveFocus = false): Promise<void> {
    const previous = this.activeTab;
    if (tab !== previous) {
      this.activeTab = tab;
      this.dispatchEvent(new McTabChangeEvent(tab, previous));
    }
    if (!moveFocus) return;
    await this.updateComplete;
    this.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-member-center': McMemberCenter;
  }
}
