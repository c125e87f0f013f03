/**
 * Registers `<mc-member-center>` and the elements its tabs show — not the launcher, not the
 * provider — leaving any tag already defined alone. `McLauncher.loadPanel` imports this module
 * lazily by default, so a page with only the launcher downloads the panel when it is wanted, and
 * nothing it never shows. The tags come from the one registry (registry.ts).
 */
import { defineTags, PANEL_TAGS } from '../registry.js';

defineTags(PANEL_TAGS);
