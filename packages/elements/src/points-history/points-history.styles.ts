import { css } from 'lit';

export const pointsHistoryStyles = css`
  :host {
    --_earn: var(--mc-points-history-earn-color, var(--_success));
    --_spend: var(--mc-points-history-spend-color, var(--_danger));
    --_max-height: var(--mc-points-history-max-height, none);
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

  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: var(--_max-height);
    overflow-y: auto;
  }

  .entry {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.75rem;
    padding-block: 0.625rem;
    border-bottom: 1px solid var(--_border);
    min-height: 3.5rem;
  }

  .entry:last-child {
    border-bottom: 0;
  }

  .what,
  .figures {
    display: grid;
  }

  .figures {
    text-align: end;
  }

  .small {
    font-size: 0.8125rem;
  }

  [part~='points'] {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }

  [part~='earn'] {
    color: var(--_earn);
  }

  [part~='spend'] {
    color: var(--_spend);
  }

  [part~='balance'] {
    font-variant-numeric: tabular-nums;
  }

  [part~='load-more'] {
    justify-self: center;
  }

  [part~='load-more'][aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }

  .skeleton.wide {
    width: 10rem;
  }

  .skeleton.narrow {
    width: 4rem;
  }

  .error-view {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
`;
