/** Runs in the browser (bundled by scripts/bench.mjs): first renders of the balance and of a 10,000-reward catalog. */
import '../src/define.js';
import { MemoryClient } from '../src/testing/index.js';

const countNodes = (root: Node): number => {
  let count = 0;
  const walk = (node: Node) => {
    count++;
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return count;
};

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function run(count: number) {
  // Paged like the API: the store's first page is the default 50 of the `count` rewards.
  const client = MemoryClient.withManyRewards(count);
  // Data already in the store: we measure rendering, not the (in-memory) request.
  await client.store.load('rewards');
  await client.store.load('program');
  await client.store.load('me');
  const el = document.createElement('mc-rewards-bazaar');
  el.client = client;
  const start = performance.now();
  document.body.append(el);
  // First render = cards on screen after the first frame.
  for (;;) {
    await frame();
    if (el.shadowRoot?.querySelector('[part~=card]')) break;
  }
  const ms = performance.now() - start;
  // Let anything scheduled after the first frame (the sentinel's observer) settle before counting.
  for (let i = 0; i < 10; i++) await frame();
  // Every node under the host (incl. text and Lit's comment markers) and the elements in its shadow root.
  const nodes = countNodes(el);
  const elements = el.shadowRoot!.querySelectorAll('*').length;
  const cards = el.shadowRoot!.querySelectorAll('[part~=card]').length;
  el.remove();
  return { ms, nodes, elements, cards };
}

/** <mc-points-balance> from a warm store: how long until it has rendered, and whether the figure is on the first frame. */
async function runBalance() {
  const client = MemoryClient.withManyRewards(10);
  await client.store.load('program');
  await client.store.load('me');
  const el = document.createElement('mc-points-balance');
  el.client = client;
  const start = performance.now();
  document.body.append(el);
  await el.updateComplete;
  const ms = performance.now() - start;
  await frame();
  const text = el.shadowRoot?.querySelector('[part~=value]')?.textContent?.trim() ?? '';
  el.remove();
  return { ms, onFirstFrame: /\d/.test(text) };
}

declare global {
  interface Window {
    runBench: (count: number) => ReturnType<typeof run>;
    runBalance: () => ReturnType<typeof runBalance>;
  }
}
window.runBench = run;
window.runBalance = runBalance;
