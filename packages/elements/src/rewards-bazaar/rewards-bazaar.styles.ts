import { css } from 'lit';

/**
 * Notes (kept here, not in the CSS, so they do not ship):
 * - Cards: off-screen ones skip layout and paint until scrolled to; their size is known (a fixed height).
 * - `.sentinel`: scrolled into view, it shows more (an IntersectionObserver target, nothing to see).
 * - Skeleton sizes are classes, no style attributes: pages with a strict CSP (style-src without 'unsafe-inline') refuse them.
 */
export const rewardsBazaarStyles = css`
  :host {
    --_card-bg: var(--mc-rewards-bazaar-card-background, var(--_surface));
    --_card-min: var(--mc-rewards-bazaar-card-min-width, 11rem);
    --_card-height: var(--mc-rewards-bazaar-card-height, 17rem);
    --_image-bg: var(--mc-rewards-bazaar-image-background, var(--_surface-alt));
  }

  [part~='base'] {
    display: grid;
    gap: 0.75rem;
  }

  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1.25rem;
    align-items: center;
    min-height: 2.25rem;
    font-size: 0.875rem;
  }

  [part~='toolbar'] label {
    display: inline-flex;
    gap: 0.375rem;
    align-items: center;
  }

  select {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    padding: 0.25rem 0.5rem;
    min-height: 2.25rem;
  }

  ul[part~='list'] {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fill, minmax(var(--_card-min), 1fr));
  }

  [part~='card'] {
    display: grid;
    grid-template-rows: auto auto auto auto 1fr auto;
    gap: 0.25rem;
    height: var(--_card-height);
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_card-bg);
  }

  [part~='image'] {
    display: grid;
    place-items: center;
    font-size: 2.5rem;
    height: 6rem;
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_image-bg);
    overflow: hidden;
  }

  /* No image: a glyph of the reward's kind, kept out of the text a screen reader reads. */
  [part~='image']:empty::after {
    content: '🎁' / '';
  }

  [data-kind='coupon']:empty::after {
    content: '🏷️' / '';
  }

  [part~='image'] img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  [part~='name'],
  [part~='description'] {
    margin: 0;
    font-size: 1rem;
    line-height: 1.3;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  [part~='description'] {
    font-size: 0.8125rem;
    color: var(--_muted);
  }

  [part~='cost'] {
    font-weight: 600;
    color: var(--_accent);
  }

  [part~='stock'],
  [part~='reason'] {
    font-size: 0.8125rem;
    color: var(--_muted);
  }

  ul[part~='list'] > [part~='card'] {
    content-visibility: auto;
    contain-intrinsic-size: auto var(--_card-height);
  }

  .sentinel {
    height: 1px;
    margin-top: -1px;
  }

  .action {
    align-self: end;
    min-height: 2.25rem;
    display: flex;
    align-items: center;
  }

  .toolbar-skeleton {
    width: 12rem;
  }

  .skeleton.card {
    display: block;
    height: var(--_card-height);
    border-radius: var(--_radius);
  }

  [part~='dialog'] {
    width: min(26rem, calc(100vw - 2rem));
    padding: 1.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--_font);
    line-height: 1.5;
  }

  [part~='dialog']::backdrop {
    background: rgb(0 0 0 / 0.45);
  }

  [part~='dialog'] h2 {
    margin: 0 0 0.5rem;
    font-size: 1.125rem;
  }

  .actions {
    display: flex;
    justify-content: flex-end;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1rem;
  }

  .coupon {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }

  [part~='coupon'] {
    font-size: 1.25rem;
    font-weight: 700;
    letter-spacing: 0.05em;
    padding: 0.25rem 0.5rem;
    border: 1px dashed var(--_accent);
    border-radius: 0.375rem;
  }
`;
