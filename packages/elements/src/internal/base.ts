import { McElementBase } from './element-base.js';
import { type Messages, messagesFor } from './i18n.js';

export { McElementBase, nearestLang, type ViewState } from './element-base.js';

/**
 * An mc-* element that reads its strings from the shared table (`t`). Elements with a table of
 * their own extend `McElementBase`, so their bundles leave the shared table out.
 */
export abstract class McElement extends McElementBase {
  /** The strings for the element's language. */
  get t(): Messages {
    return messagesFor(this.locale);
  }
}
