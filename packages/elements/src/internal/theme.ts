import { css } from 'lit';

/** The dark theme's defaults: forced by `theme="dark"`, or chosen by the system under `auto`. */
const darkTokens = css`
  --_surface: var(--mc-color-surface, #1d1c22);
  --_surface-alt: var(--mc-color-surface-alt, #28272f);
  --_text: var(--mc-color-text, #f1f0f5);
  --_muted: var(--mc-color-muted, #b5b3c0);
  --_border: var(--mc-color-border, #3d3b46);
  --_accent: var(--mc-color-accent, #b9a6ff);
  --_accent-text: var(--mc-color-accent-contrast, #1d1c22);
  --_danger: var(--mc-color-danger, #ffb4ab);
  --_success: var(--mc-color-success, #7dd99a);
  --_skeleton: var(--mc-color-skeleton, #33323b);
  --_focus: var(--mc-color-focus, #b9a6ff);
`;

/**
 * The global design tokens. Public `--mc-*` properties (set by the page) feed private `--_*`
 * variables on :host, so element styles read one name whatever the theme. `theme="auto"` (the
 * default) follows prefers-color-scheme; `light` and `dark` force one.
 *
 * Notes (kept here, not in the CSS, so they do not ship):
 * - `.skeleton`: a skeleton line takes the height of the text it stands for, so nothing shifts when data lands.
 * - `.error-view` (the view controller's error view), titles, lists and their Load more button look alike in every element.
 */

export const themeStyles = css`
  :host {
    --_font: var(--mc-font-family, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_radius: var(--mc-radius, 0.75rem);
    --_space: var(--mc-space, 1rem);
    --_surface: var(--mc-color-surface, #ffffff);
    --_surface-alt: var(--mc-color-surface-alt, #f4f4f6);
    --_text: var(--mc-color-text, #1b1b1f);
    --_muted: var(--mc-color-muted, #5c5c66);
    --_border: var(--mc-color-border, #dcdce2);
    --_accent: var(--mc-color-accent, #5b3cc4);
    --_accent-text: var(--mc-color-accent-contrast, #ffffff);
    --_danger: var(--mc-color-danger, #b3261e);
    --_success: var(--mc-color-success, #1e7a3c);
    --_skeleton: var(--mc-color-skeleton, #e6e6ec);
    --_focus: var(--mc-color-focus, #5b3cc4);
    display: block;
  }

  :host([theme='dark']) {
    ${darkTokens}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  [part~='base'] {
    font-family: var(--_font);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    line-height: 1.5;
  }

  button,
  .button {
    font: inherit;
    cursor: pointer;
    border-radius: calc(var(--_radius) / 1.5);
    border: 1px solid var(--_border);
    background: var(--_surface-alt);
    color: var(--_text);
    padding: 0.375em 0.875em;
    min-height: 2.25rem;
  }

  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }

  .button {
    text-decoration: none;
  }

  [part~='join'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0;
  }

  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .muted {
    color: var(--_muted);
  }

  .error {
    color: var(--_danger);
  }

  .small {
    font-size: 0.8125rem;
  }

  .error-view {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  [part~='title'] {
    margin: 0;
    font-size: 1.125rem;
  }

  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  [part~='load-more'] {
    justify-self: center;
  }

  [part~='load-more'][aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  .skeleton {
    display: inline-block;
    height: 1em;
    vertical-align: middle;
    border-radius: 0.25em;
    background: var(--_skeleton);
    color: transparent;
  }

  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: mc-pulse 1.4s ease-in-out infinite;
    }
  }

  @keyframes mc-pulse {
    50% {
      opacity: 0.55;
    }
  }
`;
