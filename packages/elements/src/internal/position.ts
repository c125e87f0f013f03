/** Where a floating element goes: on which side of its anchor, aligned with its start or end edge. */
export type Placement = 'top-start' | 'top-end' | 'bottom-start' | 'bottom-end';

/** The least room kept between a floating element and the viewport's left and right edges. */
const EDGE = 8;

/**
 * Keeps `floating` (position: fixed) next to `anchor`: on the placement's side, `gap` pixels away,
 * on the other side when it does not fit there and does there, slid along to stay `EDGE` pixels inside
 * the viewport (what @floating-ui/dom's `offset`, `flip` and `shift` did, in a few lines). It follows
 * the anchor while any of its ancestors scrolls (across shadow roots), the window resizes or either
 * element changes size; the returned function stops that.
 */
export function anchorTo(anchor: Element, floating: HTMLElement, placement: () => Placement, gap: number): () => void {
  const place = () => {
    const a = anchor.getBoundingClientRect();
    const { width, height } = floating.getBoundingClientRect();
    const { clientWidth, clientHeight } = document.documentElement;
    const [side, align] = placement().split('-');
    const below = a.bottom + gap;
    const above = a.top - gap - height;
    const fitsBelow = below + height <= clientHeight;
    const fitsAbove = above >= 0;
    const y = (side === 'bottom' ? fitsBelow || !fitsAbove : !fitsAbove && fitsBelow) ? below : above;
    // `start` is the reading direction's start: the right edge in a right-to-left context.
    const atLeft = (align === 'start') !== (getComputedStyle(floating).direction === 'rtl');
    const x = atLeft ? a.left : a.right - width;
    floating.style.left = `${Math.max(EDGE, Math.min(x, clientWidth - width - EDGE))}px`;
    floating.style.top = `${y}px`;
  };
  const scrollers: Node[] = [];
  for (let node: Node | null = anchor; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
    scrollers.push(node);
    node.addEventListener('scroll', place, { passive: true });
  }
  const observer = new ResizeObserver(place);
  observer.observe(anchor);
  observer.observe(floating);
  addEventListener('resize', place);
  place();
  return () => {
    for (const node of scrollers) node.removeEventListener('scroll', place);
    observer.disconnect();
    removeEventListener('resize', place);
  };
}
