import { css } from 'lit';

/** The charts' look (./charts.ts draws them): series colours by class, axis text, the legend. */
export const chartStyles = css`
  figure.chart {
    margin: 0;
  }
  figure.chart svg {
    width: 100%;
    height: auto;
    display: block;
  }
  .bar-list {
    display: grid;
    grid-template-columns: max-content 1fr max-content;
    gap: 0.45rem 0.75rem;
    align-items: center;
  }
  .bar-list .label {
    font-size: 0.875rem;
  }
  .bar-list .value {
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  .bar-list svg.bar {
    width: 100%;
    height: 1rem;
    display: block;
  }
  .grid-line {
    stroke: var(--c-border);
  }
  .axis {
    fill: var(--c-muted);
    font-size: 11px;
  }
  .track {
    fill: var(--c-surface-2);
  }
  .s0 {
    fill: var(--c-accent);
    background: var(--c-accent);
  }
  .s1 {
    fill: var(--c-ok);
    background: var(--c-ok);
  }
  .s2 {
    fill: var(--c-danger);
    background: var(--c-danger);
  }
  .legend {
    display: flex;
    gap: 1rem;
    flex-wrap: wrap;
    font-size: 0.875rem;
    color: var(--c-muted);
    margin: 0.25rem 0 0.5rem;
  }
  .legend span {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
  }
  .key {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 2px;
  }
  details.data {
    margin-top: 0.5rem;
  }
  details.data .table-wrap {
    margin-top: 0.5rem;
  }
`;
