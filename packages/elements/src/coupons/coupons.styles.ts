import { css } from 'lit';

export const couponsStyles = css`
  :host {
    --_code-bg: var(--mc-coupons-code-background, var(--_surface-alt));
  }

  [part~='base'] {
    display: grid;
    gap: 0.75rem;
    min-width: 16rem;
  }

  [part~='title'] {
    margin: 0;
    font-size: 1.125rem;
  }

  [part~='group-title'] {
    margin: 0 0 0.25rem;
    font-size: 0.875rem;
    color: var(--_muted);
  }

  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .coupon {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding-block: 0.625rem;
    border-bottom: 1px solid var(--_border);
    min-height: 3.5rem;
  }

  .coupon:last-child {
    border-bottom: 0;
  }

  .what {
    display: grid;
  }

  [part~='name'] {
    font-weight: 600;
  }

  .small {
    font-size: 0.8125rem;
  }

  .actions {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }

  [part~='code'] {
    font-weight: 700;
    letter-spacing: 0.06em;
    padding: 0.25em 0.5em;
    border-radius: 0.375rem;
    background: var(--_code-bg);
    user-select: all;
  }

  [part~='ended'] [part~='code'] {
    text-decoration: line-through;
  }

  [part~='status'] {
    font-size: 0.8125rem;
    color: var(--_muted);
  }

  [part~='load-more'] {
    justify-self: center;
  }

  [part~='load-more'][aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }

  .skeleton {
    width: 5rem;
  }

  .skeleton.wide {
    width: 10rem;
  }

  .error-view {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
`;
