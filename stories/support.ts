/** What the stories share: finding an element's rendered parts inside its shadow root, and waiting for them. */
import { waitFor } from 'storybook/test';

/** The story's element with the tag `tagName` (the preview registers every mc-* tag). */
export function storyElement<K extends keyof HTMLElementTagNameMap>(
  canvasElement: HTMLElement,
  tagName: K,
): HTMLElementTagNameMap[K] {
  const element = canvasElement.querySelector(tagName);
  if (!element) throw new Error(`The story has no <${tagName}>`);
  return element;
}

/** Waits until `selector` matches inside `host`'s shadow root (the data arrived and rendered). */
export function shadowPart<T extends Element = HTMLElement>(host: Element, selector: string): Promise<T> {
  return waitFor(() => {
    const found = host.shadowRoot?.querySelector<T>(selector);
    if (!found) throw new Error(`Nothing matches ${selector} in <${host.localName}> yet`);
    return found;
  });
}

/** The Redeem button of the card named `name` in a rewards bazaar. */
export function redeemButtonOf(bazaar: Element, name: string): Promise<HTMLButtonElement> {
  return waitFor(() => {
    const card = [...(bazaar.shadowRoot?.querySelectorAll('[part~="card"]') ?? [])].find(
      (candidate) => candidate.querySelector('[part~="name"]')?.textContent?.trim() === name,
    );
    const button = card?.querySelector<HTMLButtonElement>('[part~="redeem-button"]');
    if (!button) throw new Error(`No redeemable card named ${name} yet`);
    return button;
  });
}
