import { css } from 'lit';

export const tierProgressStyles = css`
  :host {
    --_track: var(--mc-tier-progress-track-color, var(--_surface-alt));
    --_indicator: var(--mc-tier-progress-indicator-color, var(--_accent));
    --_bar-height: var(--mc-tier-progress-height, 0.625rem);
    --_badge-bg: var(--mc-tier-progress-badge-background, var(--_accent));
    --_badge-text: var(--mc-tier-progress-badge-color, var(--_accent-text));
  }

  [part~='base'] {
    display: grid;
    gap: 0.5rem;
    min-width: 14rem;
  }

  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    min-height: 2.25rem;
  }

  [part~='label'] {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  [part~='badge'] {
    display: inline-flex;
    align-items: center;
    min-height: 2.25rem;
    padding: 0.25em 0.875em;
    border-radius: 999px;
    border: 0;
    background: var(--_badge-bg);
    color: var(--_badge-text);
    font-weight: 600;
  }

  span[part~='badge'] {
    background: var(--_surface-alt);
    color: var(--_text);
  }

  [part~='track'] {
    height: var(--_bar-height);
    border-radius: 999px;
    background: var(--_track);
    overflow: hidden;
  }

  [part~='indicator'] {
    height: 100%;
    border-radius: inherit;
    background: var(--_indicator);
  }

  @media (prefers-reduced-motion: no-preference) {
    [part~='indicator'] {
      transition: inline-size 0.6s ease-out;
    }
  }

  [part~='remaining'] {
    margin: 0;
    font-size: 0.875rem;
    min-height: 1.5em;
  }

  .skeleton.badge {
    width: 5rem;
    height: 2.25rem;
    border-radius: 999px;
  }

  .skeleton.line {
    width: 12rem;
    height: 0.8em;
  }

  [part~='popover'] {
    position: fixed;
    inset: auto;
    margin: 0;
    max-width: min(20rem, calc(100vw - 1rem));
    padding: 0.75rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--_font);
    font-size: 0.875rem;
    line-height: 1.5;
    box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.18);
  }

  [part~='popover'] h3 {
    margin: 0 0 0.25rem;
    font-size: 1em;
  }

  [part~='popover'] ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }
`;
