/** Defines `tag` unless the page (another copy of Member Center, or an app) already did. */
export function defineOnce(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
