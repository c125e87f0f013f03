import { css } from 'lit';

export const couponsStyles = css`
  :host {
    --_code-bg: var(--mc-coupons-code-background, var(--_surface-alt));
  }

  [part~='group-title'] {
    margin: 0 0 0.25rem;
    font-size: 0.875rem;
    color: var(--_muted);
  }

  .row {
    flex-wrap: wrap;
  }

  [part~='name'] {
    font-weight: 600;
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

  .skeleton.narrow {
    width: 5rem;
  }
`;
