import { McLauncher } from '@member-center/elements';
import type { LoaderHooks } from '../tags.js';
import { defineOnce } from './define.js';

// The panel comes from the embed's own chunk, loaded after the page's client is set.
export default ({ loadPanel }: LoaderHooks) => {
  if (customElements.get('mc-launcher')) return;
  McLauncher.loadPanel = loadPanel;
  defineOnce('mc-launcher', McLauncher);
};
