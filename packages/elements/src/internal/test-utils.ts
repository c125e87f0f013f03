/** Helpers shared by the element tests (not part of the package's API). */
import type { MemberCenterClient } from '@member-center/client';
import { fixture, html, oneEvent } from '@open-wc/testing';
import type { McErrorEvent } from '../events.js';

/** Waits until `check` returns a truthy value (polling each animation frame), or fails after `timeout` ms. */
export async function waitFor<T>(check: () => T, message = 'condition', timeout = 2000): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** The text a person sees in an element's shadow root, whitespace collapsed. */
export function visibleText(element: Element): string {
  return textOf(element.shadowRoot ?? element)
    .replace(/\s+/g, ' ')
    .trim();
}

function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node instanceof HTMLElement) {
    if (node.classList.contains('visually-hidden') || node.hidden) return ' ';
    if (node instanceof HTMLSlotElement) {
      const assigned = node.assignedNodes({ flatten: true });
      return ` ${[...(assigned.length ? assigned : node.childNodes)].map(textOf).join('')} `;
    }
    if (node instanceof HTMLDialogElement && !node.open) return ' ';
    if (getComputedStyle(node).display === 'none') return ' ';
  }
  return ` ${[...node.childNodes].map(textOf).join('')} `;
}

/** Whether the element matches a custom state, e.g. `hasState(el, 'loading')`. */
export function hasState(element: Element, name: string): boolean {
  return element.matches(`:state(${name})`);
}

/** A shadow-root query that fails loudly instead of returning null. */
export function part<T extends Element = HTMLElement>(element: Element, selector: string): T {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in <${element.localName}>`);
  return found;
}

/**
 * Mounts a `tag` element on a failing `client` and waits for its mc-error. The listener is on a
 * wrapper set up before the element connects, so an error fired on the first load is not missed.
 */
export async function mountUntilError<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  client: MemberCenterClient,
): Promise<{ el: HTMLElementTagNameMap[K]; event: McErrorEvent }> {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const errorEvent = oneEvent(wrapper, 'mc-error');
  const el = Object.assign(document.createElement(tag), { client });
  wrapper.append(el);
  return { el, event: (await errorEvent) as unknown as McErrorEvent };
}
