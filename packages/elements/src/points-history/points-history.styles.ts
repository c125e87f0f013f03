import { css } from 'lit';

export const pointsHistoryStyles = css`
  :host {
    --_earn: var(--mc-points-history-earn-color, var(--_success));
    --_spend: var(--mc-points-history-spend-color, var(--_danger));
    --_max-height: var(--mc-points-history-max-height, none);
  }

  [part~='list'] {
    max-height: var(--_max-height);
    overflow-y: auto;
  }

  .figures {
    display: grid;
    text-align: end;
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
`;
