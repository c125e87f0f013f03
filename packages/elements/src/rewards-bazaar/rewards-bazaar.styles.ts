import { css } from 'lit';

export const rewardsBazaarStyles = css`
  :host {
    --_card-bg: var(--mc-rewards-bazaar-card-background, var(--_surface));
    --_card-min: var(--mc-rewards-bazaar-card-min-width, 11rem);
    --_card-height: var(--mc-rewards-bazaar-card-height, 17rem);
    --_list-height: var(--mc-rewards-bazaar-list-height, 32rem);
    --_image-bg: var(--mc-rewards-bazaar-image-background, var(--_surface-alt));
  }

  [part~='base'] {
    display: grid;
    gap: 0.75rem;
  }

  [part~='title'] {
    margin: 0;
    font-size: 1.125rem;
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
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fill, minmax(var(--_card-min), 1fr));
  }

  /* A long catalog scrolls inside a fixed box, one row per reward, virtualised. */
  .scroller {
    display: block;
    position: relative;
    height: var(--_list-height);
    overflow: auto;
    contain: strict;
  }

  [part~='card'] {
    display: grid;
    grid-template-rows: auto auto auto 1fr auto;
    gap: 0.25rem;
    height: var(--_card-height);
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_card-bg);
  }

  .scroller [part~='card'] {
    width: 100%;
    height: 5.5rem;
    grid-template-columns: 4rem 1fr auto;
    grid-template-rows: auto auto auto;
    column-gap: 0.75rem;
    margin-block-end: 0.5rem;
  }

  .scroller [part~='image'] {
    grid-row: 1 / 4;
    height: 4rem;
  }

  .scroller .action {
    grid-column: 3;
    grid-row: 1 / 4;
    align-self: center;
  }

  [part~='image'] {
    height: 7rem;
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_image-bg);
    overflow: hidden;
  }

  [part~='image'] img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  [part~='name'] {
    margin: 0;
    font-size: 1rem;
    line-height: 1.3;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
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

  .action {
    align-self: end;
    min-height: 2.25rem;
    display: flex;
    align-items: center;
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

  .error-view {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
`;
