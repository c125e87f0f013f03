import { css } from 'lit';

export const referralShareStyles = css`
  :host {
    --_qr-size: var(--mc-referral-share-qr-size, 10rem);
    --_qr-color: var(--mc-referral-share-qr-color, #000000);
    --_qr-background: var(--mc-referral-share-qr-background, #ffffff);
  }

  [part~='base'] {
    display: grid;
    gap: 0.75rem;
  }

  .field {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25rem 0.5rem;
    align-items: center;
  }

  .field > .caption {
    grid-column: 1 / -1;
    font-size: 0.875rem;
    color: var(--_muted);
  }

  [part~='code'] {
    font-size: 1.25rem;
    font-weight: 700;
    letter-spacing: 0.08em;
    min-height: 2.25rem;
    display: flex;
    align-items: center;
  }

  [part~='link'] {
    font: inherit;
    font-size: 0.875rem;
    min-width: 0;
    min-height: 2.25rem;
    padding: 0.25rem 0.5rem;
    color: inherit;
    background: var(--_surface-alt);
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
  }

  [part~='channels'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin: 0;
    padding: 0;
    border: 0;
  }

  [part~='channels'] legend {
    float: left;
    margin-inline-end: 0.25rem;
    font-size: 0.875rem;
    color: var(--_muted);
  }

  [part~='channel'] {
    display: inline-flex;
    align-items: center;
    min-height: 2.25rem;
    padding: 0.25em 0.75em;
    border-radius: 999px;
    border: 1px solid var(--_border);
    color: var(--_text);
    text-decoration: none;
    font-size: 0.875rem;
  }

  [part~='qr'] {
    display: grid;
    justify-items: start;
    gap: 0.25rem;
    font-size: 0.875rem;
  }

  [part~='qr'] svg {
    width: var(--_qr-size);
    height: var(--_qr-size);
    background: var(--_qr-background);
    color: var(--_qr-color);
    border-radius: 0.375rem;
  }

  [part~='stats'] {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 0.5rem;
    margin: 0;
  }

  [part~='stats'] div {
    display: flex;
    flex-direction: column-reverse;
  }

  [part~='stats'] dt {
    font-size: 0.8125rem;
    color: var(--_muted);
  }

  [part~='stats'] dd {
    margin: 0;
    font-size: 1.125rem;
    font-weight: 700;
  }

  .qr-skeleton {
    width: var(--_qr-size);
    height: var(--_qr-size);
  }

  .skeleton.block {
    width: 100%;
    height: 2.25rem;
  }
`;
