import { provide } from '@lit/context';
import type { MemberCenterClient } from '@member-center/client';
import { css, html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { clientContext } from '../internal/client.js';

/**
 * @summary Hands one client to every mc-* element inside it.
 *
 * @slot - The elements (and any other content) that should use this client.
 */
export class McProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The client the elements inside read from. */
  @provide({ context: clientContext })
  @property({ attribute: false })
  client: MemberCenterClient | undefined;

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-provider': McProvider;
  }
}
