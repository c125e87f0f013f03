import { css } from 'lit';

/**
 * Notes (kept here, not in the CSS, so they do not ship):
 * - `.details` is always two lines tall, whether the program gives points a cash value or not: no shift when data lands.
 */
export const pointsBalanceStyles = css`
  :host {
    --_value-size: var(--mc-points-balance-value-size, 2.25rem);
    --_value-color: var(--mc-points-balance-value-color, var(--_accent));
    --_expiring-color: var(--mc-points-balance-expiring-color, var(--_danger));
  }

  [part~='base'] {
    display: grid;
    gap: 0.25rem;
    min-width: 12rem;
  }

  [part~='label'] {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  [part~='value'] {
    font-size: var(--_value-size);
    line-height: 1.2;
    font-weight: 700;
    color: var(--_value-color);
    font-variant-numeric: tabular-nums;
  }

  [part~='value'] .skeleton {
    width: 5ch;
    height: 0.9em;
  }

  .details {
    display: grid;
    min-height: 3em;
    font-size: 0.875rem;
    line-height: 1.5;
    align-content: start;
  }

  [part~='notes'] {
    display: grid;
    gap: 0.125rem;
    margin: 0;
    padding: 0.5rem 0 0;
    border-top: 1px solid var(--_border);
    list-style: none;
    font-size: 0.875rem;
  }

  [part~='expiring'] {
    color: var(--_expiring-color);
  }

  [part~='debt'] {
    color: var(--_muted);
  }

  .details .skeleton {
    width: 10rem;
    height: 0.8em;
    margin-block: 0.35em;
  }
`;
