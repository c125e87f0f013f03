import type { Referral } from '@member-center/contract';
import { html, nothing, type PropertyDeclarations, svg, type TemplateResult } from 'lit';
import { McErrorEvent, McShareEvent, type ShareChannel } from '../events.js';
import { copyText } from '../internal/clipboard.js';
import { McElementBase } from '../internal/element-base.js';
import { formatNumber } from '../internal/format.js';
import { StoreController } from '../internal/store-controller.js';
import { awaiting } from '../internal/view-controller.js';
import { referralShareMessages } from './referral-share.i18n.js';
import { referralShareStyles } from './referral-share.styles.js';

type LinkChannel = 'email' | 'x' | 'facebook' | 'whatsapp' | 'weibo';

/** The share links: each builds its URL from the link and a short message. */
const CHANNELS: Record<LinkChannel, { name?: string; href: (url: string, text: string, subject: string) => string }> = {
  email: { href: (url, text, subject) => `mailto:?subject=${enc(subject)}&body=${enc(`${text}\n${url}`)}` },
  x: { name: 'X', href: (url, text) => `https://twitter.com/intent/tweet?text=${enc(text)}&url=${enc(url)}` },
  facebook: { name: 'Facebook', href: (url) => `https://www.facebook.com/sharer/sharer.php?u=${enc(url)}` },
  whatsapp: { name: 'WhatsApp', href: (url, text) => `https://wa.me/?text=${enc(`${text} ${url}`)}` },
  weibo: {
    name: 'Weibo',
    href: (url, text) => `https://service.weibo.com/share/share.php?url=${enc(url)}&title=${enc(text)}`,
  },
};
const enc = encodeURIComponent;

/**
 * @summary The member's referral code and link with copy and share buttons, a QR code, and their referral stats.
 *
 * @slot guest - Replaces the guest prompt (e.g. with a link to sign up).
 *
 * @csspart base - The card.
 * @csspart title - The "Invite friends" heading.
 * @csspart code - The referral code.
 * @csspart link - The read-only field with the referral link.
 * @csspart copy-button - The copy buttons (code and link).
 * @csspart channels - The group of share buttons and links.
 * @csspart share-button - The system share button (where navigator.share exists).
 * @csspart channel - A share link (email, X, Facebook, WhatsApp, Weibo).
 * @csspart qr-toggle - The button that shows or hides the QR code.
 * @csspart qr - The QR code and its hint.
 * @csspart stats - The referral figures.
 * @csspart error - The error message and its Retry button.
 * @csspart retry-button - The Retry button.
 *
 * @cssproperty --mc-referral-share-qr-size - The QR code's width and height (default 10rem).
 * @cssproperty --mc-referral-share-qr-color - The QR code's dark modules (default black: scanners need contrast).
 * @cssproperty --mc-referral-share-qr-background - The QR code's light modules (default white).
 *
 * @event mc-share - The member copied or shared their code or link ({@link McShareEvent}, with the channel).
 * @event mc-error - Loading or copying failed ({@link McErrorEvent}).
 */
export class McReferralShare extends McElementBase {
  static override styles = [...McElementBase.styles, referralShareStyles];

  static override properties: PropertyDeclarations = {
    status: { state: true },
    copied: { state: true },
    qrPath: { state: true },
    qrShown: { state: true },
  };

  /** The strings for the element's language: its own table over the common one. */
  protected get t() {
    return referralShareMessages(this.locale);
  }

  readonly #referral = new StoreController(this, 'referral');
  readonly #view = this.createView(() => {
    if (this.resolvedClient?.isMember === false) return 'guest';
    return awaiting(this.#referral) ?? (this.#referral.resource.data!.stats.invited === 0 ? 'empty' : 'member');
  });

  private status = '';
  /** The copy button that just copied: it says "Copied ✓" for a moment. */
  private copied: ShareChannel | undefined;
  #copiedTimer: ReturnType<typeof setTimeout> | undefined;
  private qrPath: { size: number; d: string } | undefined;
  private qrShown = false;

  protected override render() {
    const t = this.t;
    const title = html`<h2 part="title">${t.referralLabel}</h2>`;
    return this.#view.render({
      guest: () => {
        const program = this.guestProgram.resource.data;
        return html`<div part="base">
          ${title}
          <slot name="guest">
            <p>${t.referralGuest}</p>
            ${program?.referralOffer ? html`<p class="muted">${program.referralOffer.description}</p>` : nothing}
            ${this.renderJoin()}
          </slot>
        </div>`;
      },
      error: (errorView) => html`<div part="base">${title}${errorView}</div>`,
      loading: () => html`<div part="base" aria-busy="true">
        ${title}
        <span class="skeleton block" role="img" aria-label=${t.loading}></span>
        <span class="skeleton block"></span>
        <span class="skeleton block"></span>
        <span class="skeleton block"></span>
      </div>`,
      member: () => this.#renderReferral(this.#referral.resource.data!, title),
    });
  }

  #renderReferral(referral: Referral, title: TemplateResult) {
    const t = this.t;
    const empty = this.viewState === 'empty';
    return html`<div part="base">
      ${title}
      <div class="field">
        <span class="caption" id="code-caption">${t.referralCode}</span>
        <code part="code" aria-labelledby="code-caption">${referral.code}</code>
        <button part="copy-button" @click=${() => this.#copy(referral.code, 'copy-code', referral)}>${this.copied === 'copy-code' ? `${t.copied} ✓` : t.copyCode}</button>
      </div>
      <div class="field">
        <label class="caption" for="link">${t.referralLink}</label>
        <input part="link" id="link" readonly .value=${referral.url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
        <button part="copy-button" @click=${() => this.#copy(referral.url, 'copy-link', referral)}>${this.copied === 'copy-link' ? `${t.copied} ✓` : t.copyLink}</button>
      </div>
      <span class="visually-hidden" role="status">${this.status}</span>
      ${this.#renderChannels(referral)} ${this.qrShown ? this.#renderQr() : nothing}
      ${
        empty
          ? html`<p class="muted">${t.referralEmpty}</p>`
          : html`<dl part="stats">
            <div><dt>${t.invited}</dt><dd>${formatNumber(this.locale, referral.stats.invited)}</dd></div>
            <div><dt>${t.rewarded}</dt><dd>${formatNumber(this.locale, referral.stats.rewarded)}</dd></div>
            <div><dt>${t.pointsEarned}</dt><dd>${formatNumber(this.locale, referral.stats.pointsEarned)}</dd></div>
          </dl>`
      }
    </div>`;
  }

  #renderChannels(referral: Referral) {
    const t = this.t;
    const text = t.shareText(referral.code);
    const canShare = typeof navigator.share === 'function';
    return html`<fieldset part="channels">
      <legend>${t.shareVia}</legend>
      ${canShare ? html`<button part="share-button" @click=${() => this.#shareNatively(referral)}>${t.share}</button>` : nothing}
      ${(Object.keys(CHANNELS) as LinkChannel[]).map((channel) => {
        const { name, href } = CHANNELS[channel];
        return html`<a
          part="channel"
          href=${href(referral.url, text, t.shareSubject)}
          target="_blank"
          rel="noopener noreferrer"
          @click=${() => this.dispatchEvent(new McShareEvent(channel, referral.url))}
          >${name ?? t.email}</a
        >`;
      })}
      <button part="qr-toggle" aria-expanded=${this.qrShown ? 'true' : 'false'} aria-controls="qr" @click=${() => this.#toggleQr(referral)}>
        ${this.qrShown ? t.hideQr : t.showQr}
      </button>
    </fieldset>`;
  }

  #renderQr() {
    const qr = this.qrPath;
    const t = this.t;
    return html`<div part="qr" id="qr">
      ${
        qr
          ? html`<svg role="img" aria-label=${t.qrAlt} viewBox="-2 -2 ${qr.size + 4} ${qr.size + 4}" shape-rendering="crispEdges">
            ${svg`<path fill="currentColor" d=${qr.d}></path>`}
          </svg>`
          : html`<span class="skeleton qr-skeleton" role="img" aria-label=${t.loading}></span>`
      }
      <span class="muted">${t.qrHint}</span>
    </div>`;
  }

  async #toggleQr(referral: Referral): Promise<void> {
    this.qrShown = !this.qrShown;
    if (!this.qrShown) return;
    this.dispatchEvent(new McShareEvent('qr', referral.url));
    if (this.qrPath) return;
    // The QR encoder is only fetched when someone asks for a QR code.
    const { generate } = await import('lean-qr/nano');
    const code = generate(referral.url);
    let d = '';
    for (let y = 0; y < code.size; y++) {
      for (let x = 0; x < code.size; x++) if (code.get(x, y)) d += `M${x} ${y}h1v1h-1z`;
    }
    this.qrPath = { size: code.size, d };
  }

  async #copy(text: string, channel: ShareChannel, referral: Referral): Promise<void> {
    const ok = await copyText(text);
    // Re-set even when unchanged, so a second copy is announced again.
    this.status = '';
    await this.updateComplete;
    this.status = ok ? this.t.copied : this.t.copyFailed;
    this.copied = ok ? channel : undefined;
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = setTimeout(() => (this.copied = undefined), 2000);
    if (ok) this.dispatchEvent(new McShareEvent(channel, referral.url));
    else this.dispatchEvent(new McErrorEvent('copy', new Error('Clipboard unavailable')));
  }

  async #shareNatively(referral: Referral): Promise<void> {
    try {
      await navigator.share({ title: this.t.shareSubject, text: this.t.shareText(referral.code), url: referral.url });
      this.dispatchEvent(new McShareEvent('native', referral.url));
    } catch {
      // The member closed the share sheet: nothing to report.
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-referral-share': McReferralShare;
  }
}
