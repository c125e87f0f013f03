import { css } from 'lit';

/** What every view shares: type, buttons, fields, tables, the loading/error/empty states. */
export const base = css`
  :host {
    display: block;
    color: var(--c-text);
    font: 15px/1.5 var(--font);
  }
  h1 {
    font-size: 1.5rem;
    margin: 0 0 1rem;
    line-height: 1.25;
  }
  h1:focus {
    outline: none;
  }
  h2 {
    font-size: 1.125rem;
    margin: 1.5rem 0 0.75rem;
  }
  a {
    color: var(--c-accent);
  }
  :focus-visible {
    outline: 3px solid var(--c-focus);
    outline-offset: 2px;
  }
  button,
  .button {
    font: inherit;
    font-weight: 600;
    border-radius: var(--radius);
    border: 1px solid var(--c-border);
    background: var(--c-surface);
    color: var(--c-text);
    padding: 0.5rem 0.9rem;
    min-height: 2.5rem;
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  button.primary {
    background: var(--c-accent);
    border-color: var(--c-accent);
    color: var(--c-accent-text);
  }
  button.danger {
    color: var(--c-danger);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--c-text);
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 0.5rem 0.65rem;
    min-height: 2.5rem;
    box-sizing: border-box;
    width: 100%;
  }
  fieldset {
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 0.5rem 1rem 0.75rem;
    margin: 0 0 1rem;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  fieldset label,
  label.check {
    font-weight: 400;
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin: 0.35rem 0;
  }
  input[type='checkbox'] {
    width: auto;
    min-height: 0;
  }
  input[aria-invalid='true'] {
    border-color: var(--c-danger);
  }
  .field {
    margin-bottom: 1rem;
  }
  .hint {
    color: var(--c-muted);
    font-size: 0.875rem;
    margin: 0.25rem 0 0;
  }
  .field-error {
    color: var(--c-danger);
    font-size: 0.875rem;
    margin: 0.25rem 0 0;
  }
  .card {
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: 1.25rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: flex-start;
  }
  /* A button in a row of labelled fields lines up with the inputs, not the labels. */
  .row > .actions {
    flex: 0 0 auto;
    padding-top: 1.75rem;
  }
  .card > h2:first-child {
    margin-top: 0;
  }
  section.card {
    margin-bottom: 1rem;
  }
  .row > .field {
    flex: 1 1 12rem;
  }
  /* A lone filter: as wide as its choices, not the page. */
  .row > .field.narrow {
    flex: 0 1 16rem;
  }
  .table-wrap {
    overflow-x: auto;
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    padding: 0.75rem 1rem;
    font-weight: 600;
  }
  th,
  td {
    text-align: start;
    padding: 0.6rem 1rem;
    border-top: 1px solid var(--c-border);
    vertical-align: top;
  }
  th {
    color: var(--c-muted);
    font-size: 0.8125rem;
    font-weight: 600;
    white-space: nowrap;
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .state {
    padding: 1.5rem;
    text-align: center;
    color: var(--c-muted);
    background: var(--c-surface);
    border: 1px dashed var(--c-border);
    border-radius: var(--radius);
  }
  .state.error {
    color: var(--c-danger);
    border-style: solid;
    background: var(--c-danger-bg);
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 0.5em;
    vertical-align: -0.15em;
    border: 2px solid var(--c-border);
    border-top-color: var(--c-accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  .notice {
    padding: 0.75rem 1rem;
    border-radius: var(--radius);
    margin: 0 0 1rem;
  }
  .notice.ok {
    background: var(--c-ok-bg);
    color: var(--c-ok);
  }
  .notice.error {
    background: var(--c-danger-bg);
    color: var(--c-danger);
  }
  code,
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  .muted {
    color: var(--c-muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    gap: 0.75rem;
    margin: 0 0 1rem;
  }
  .grid.wide {
    grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
  }
  .stat {
    padding: 0.9rem 1rem;
  }
  .stat dt {
    color: var(--c-muted);
    font-size: 0.875rem;
  }
  .stat dd .hint {
    display: block;
    font-size: 0.8125rem;
    font-weight: 400;
  }
  .stat dd {
    margin: 0.25rem 0 0;
    font-size: 1.5rem;
    font-weight: 700;
  }
  pre {
    white-space: pre-wrap;
    max-width: 28rem;
    margin: 0.25rem 0;
  }
  summary {
    cursor: pointer;
    color: var(--c-accent);
  }
  td.actions-cell {
    white-space: nowrap;
  }
  td.actions-cell button + button {
    margin-inline-start: 0.35rem;
  }
  .badge {
    display: inline-block;
    padding: 0.1rem 0.5rem;
    border-radius: 999px;
    background: var(--c-surface-2);
    font-size: 0.8125rem;
    white-space: nowrap;
  }
  .badge.bad {
    color: var(--c-danger);
    background: var(--c-danger-bg);
  }
`;
