import { css } from 'lit';

/**
 * Notes (kept here, not in the CSS, so they do not ship):
 * - The skeleton takes the member view's rows (head, dots, button, hint), so little shifts when data lands.
 * - A program without check-ins leaves the element in :state(empty) with nothing to show: it takes no room.
 */
export const checkInStyles = css`
  :host {
    --_day-size: var(--mc-check-in-day-size, 1.75rem);
    --_day: var(--mc-check-in-day-color, var(--_accent));
    --_bonus: var(--mc-check-in-bonus-color, var(--_success));
  }

  :host(:state(empty)) {
    display: none;
  }

  [part~='base'] {
    display: grid;
    gap: 0.5rem;
    min-width: 14rem;
  }

  .head {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
  }

  [part~='label'] {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  [part~='streak'] {
    font-weight: 600;
  }

  [part~='days'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
    margin: 0;
    padding: 0;
    list-style: none;
    min-height: calc(var(--_day-size) + 1.125rem);
  }

  [part~='day'] {
    display: grid;
    justify-items: center;
    align-content: start;
    gap: 0.125rem;
    font-size: 0.75rem;
  }

  .dot {
    display: grid;
    place-items: center;
    inline-size: var(--_day-size);
    block-size: var(--_day-size);
    border-radius: 50%;
    border: 2px solid var(--_border);
    color: var(--_text);
    font-variant-numeric: tabular-nums;
  }

  [part~='day-done'] .dot {
    background: var(--_day);
    border-color: var(--_day);
    color: var(--_accent-text);
  }

  [part~='day-next'] .dot {
    border-color: var(--_day);
    border-style: dashed;
  }

  [part~='day-bonus'] .dot {
    border-color: var(--_bonus);
    font-weight: 700;
  }

  .bonus {
    color: var(--_bonus);
    font-weight: 600;
    line-height: 1;
  }

  [part~='button'] {
    justify-self: start;
    min-width: 9rem;
  }

  [part~='button'][aria-disabled='true'] {
    cursor: default;
  }

  [part~='button'].primary[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }

  [part~='hint'],
  [part~='error'],
  .guest {
    margin: 0;
    font-size: 0.875rem;
  }

  [part~='hint'] {
    color: var(--_muted);
    min-height: 1.5em;
  }

  .skeleton.streak {
    width: 6rem;
  }

  .skeleton.days {
    display: block;
    width: 14rem;
    max-width: 100%;
    height: calc(var(--_day-size) + 1.125rem);
  }

  .skeleton.button {
    width: 9rem;
    height: 2.25rem;
  }

  .skeleton.line {
    width: 12rem;
    height: 0.8em;
  }
`;
