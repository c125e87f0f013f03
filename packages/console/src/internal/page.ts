import type { ConsoleSession } from '@member-center/contract';
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { isAdminError } from '../api/admin-client.js';
import { SettingsController } from './settings.js';
import { base } from './styles.js';

const RANK = { viewer: 0, staff: 1, owner: 2 } as const;

/** A page of the console: the strings, the signed-in operator, and the role checks its controls use. */
export class ConsolePage extends LitElement {
  static override styles = [base];
  protected readonly settings = new SettingsController(this);
  @property({ attribute: false }) session!: ConsoleSession;
  /** The route's argument (a customer id, a token). */
  @property() arg = '';

  protected get t() {
    return this.settings.t;
  }
  /** Whether the operator holds `role` or more; the server checks again on every call. */
  protected can(role: keyof typeof RANK) {
    return RANK[this.session?.operator.role ?? 'viewer'] >= RANK[role];
  }
  /** What to say of a failed call: a refused role, the API's own message, or "could not load". */
  protected messageOf(error: unknown) {
    return isAdminError(error) && error.status === 403
      ? this.t.forbidden
      : isAdminError(error)
        ? error.message
        : this.t.loadError;
  }
  /** The page's heading, focused after a navigation so screen readers announce the page. */
  focusHeading() {
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }
}
