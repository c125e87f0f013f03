import { css } from 'lit';

/**
 * Notes (kept here, not in the CSS, so they do not ship):
 * - The grid is 3×3: eight prize cells around the draw button, in the table's order clockwise from the top left.
 * - A program without a lottery leaves the element in :state(empty): it takes no room.
 */
export const lotteryStyles = css`
  :host {
    --_cell: var(--mc-lottery-cell-background, var(--_surface-alt));
    --_active: var(--mc-lottery-active-color, var(--_accent));
  }

  :host(:state(empty)) {
    display: none;
  }

  [part~='base'] {
    display: grid;
    gap: 0.5rem;
    max-width: 22rem;
  }

  [part~='title'] {
    font-weight: 600;
  }

  [part~='grid'] {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    grid-template-rows: repeat(3, minmax(4.5rem, auto));
    gap: 0.375rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='cell'] {
    display: grid;
    place-content: center;
    gap: 0.125rem;
    padding: 0.375rem;
    border-radius: var(--_radius);
    background: var(--_cell);
    text-align: center;
    font-size: 0.875rem;
    border: 2px solid transparent;
  }

  [part~='cell-active'] {
    border-color: var(--_active);
  }

  [part~='cell-won'] {
    border-color: var(--_active);
    font-weight: 600;
  }

  .c0 { grid-area: 1 / 1; }
  .c1 { grid-area: 1 / 2; }
  .c2 { grid-area: 1 / 3; }
  .c3 { grid-area: 2 / 3; }
  .c4 { grid-area: 3 / 3; }
  .c5 { grid-area: 3 / 2; }
  .c6 { grid-area: 3 / 1; }
  .c7 { grid-area: 2 / 1; }

  .odds {
    font-size: 0.75rem;
    color: var(--_muted);
  }

  [part~='button'] {
    grid-area: 2 / 2;
    display: grid;
    place-content: center;
    gap: 0.125rem;
    min-height: 4.5rem;
    font-weight: 600;
  }

  [part~='button'] .cost {
    font-size: 0.75rem;
    font-weight: 400;
  }

  [part~='hint'],
  [part~='result'] {
    margin: 0;
    font-size: 0.875rem;
  }

  [part~='hint'] {
    color: var(--_muted);
  }

  .skeleton.grid {
    display: block;
    height: 15rem;
  }
`;
