import { css } from 'lit';

export const memberCenterStyles = css`
  :host {
    --_tab: var(--mc-member-center-tab-color, var(--_muted));
    --_tab-selected: var(--mc-member-center-tab-selected-color, var(--_accent));
    --_gap: var(--mc-member-center-gap, 0.75rem);
  }

  [part~='base'] {
    display: grid;
    gap: var(--_gap);
    min-width: 18rem;
  }

  /* Sticky. The tabs fit at 390 px in en and zh-CN; larger text scrolls, its thin scrollbar the cue. */
  [part~='tablist'] {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    overflow-x: auto;
    scrollbar-width: thin;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }

  [part~='tab'] {
    flex: 1 0 auto;
    border: 0;
    border-bottom: 2px solid transparent;
    border-radius: 0;
    background: none;
    color: var(--_tab);
    padding: 0.5em 0.375em;
    font-size: 0.875rem;
  }

  [part~='tab-selected'] {
    color: var(--_tab-selected);
    border-bottom-color: var(--_tab-selected);
    font-weight: 600;
  }

  [part~='panel'] {
    display: grid;
    gap: var(--_gap);
  }

  [part~='panel'][hidden] {
    display: none;
  }

  [part~='win-back'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding: 0.75rem 1rem;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
  }

  [part~='win-back'] p {
    margin: 0;
  }

  [part~='guest-prompt'] {
    margin: 0;
    font-size: 1.0625rem;
  }

  [part~='ways-title'] {
    margin: 0;
    font-size: 1rem;
  }

  [part~='ways-to-earn'] {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.5rem;
  }

  [part~='way'] {
    display: grid;
    padding: 0.5rem 0.75rem;
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_surface-alt);
  }

  .skeleton.line {
    display: block;
    width: 100%;
    height: 2.5rem;
  }
`;
