import { ContextProvider } from '@lit/context';
import type { MemberCenterClient } from '@member-center/client';
import { css, html, LitElement, type PropertyDeclarations } from 'lit';
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

  static override properties: PropertyDeclarations = {
    client: { attribute: false },
  };

  readonly #provider = new ContextProvider(this, { context: clientContext });

  /** The client the elements inside read from. */
  get client(): MemberCenterClient | undefined {
    return this.#provider.value;
  }
  set client(client: MemberCenterClient | undefined) {
    this.#provider.setValue(client);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mc-provider': McProvider;
  }
}
