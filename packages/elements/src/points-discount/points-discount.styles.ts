import { css } from 'lit';

/**
 * Notes (kept here, not in the CSS, so they do not ship):
 * - The slider and the number input are one control in two forms; both keep the step.
 * - A program without points as cash leaves the element in :state(empty): it takes no room.
 */
export const pointsDiscountStyles = css`
  :host {
    --_code-background: var(--mc-points-discount-code-background, var(--_surface-alt));
  }

  :host(:state(empty)) {
    display: none;
  }

  [part~='base'] {
    display: grid;
    gap: 0.625rem;
    min-width: 16rem;
  }

  [part~='label'] {
    font-size: 0.875rem;
    color: var(--_muted);
    margin: 0;
  }

  .picker {
    display: grid;
    grid-template-columns: 1fr 6.5rem;
    align-items: center;
    gap: 0.75rem;
  }

  [part~='slider'] {
    inline-size: 100%;
    accent-color: var(--_accent);
  }

  [part~='input'] {
    inline-size: 100%;
    font: inherit;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small, 0.375rem);
    background: var(--_surface);
    color: var(--_text);
    font-variant-numeric: tabular-nums;
  }

  [part~='worth'] {
    font-size: 1.25rem;
    font-weight: 700;
    margin: 0;
  }

  [part~='remaining'],
  [part~='hint'],
  [part~='how-to'] {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }

  [part~='button'] {
    justify-self: start;
  }

  [part~='button'][aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }

  .code-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  [part~='code'] {
    font-size: 1.125rem;
    letter-spacing: 0.08em;
    padding: 0.25rem 0.5rem;
    border-radius: var(--_radius-small, 0.375rem);
    background: var(--_code-background);
    user-select: all;
  }

  [part~='error'] {
    margin: 0;
    font-size: 0.875rem;
  }

  .skeleton.slider {
    inline-size: 100%;
    block-size: 1.5rem;
  }
`;
