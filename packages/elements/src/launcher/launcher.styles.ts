import { css } from 'lit';

export const launcherStyles = css`
  :host {
    --_offset: var(--mc-launcher-offset, 1.25rem);
    --_z: var(--mc-launcher-z-index, 2147483000);
    --_button-bg: var(--mc-launcher-background, var(--_accent));
    --_button-text: var(--mc-launcher-color, var(--_accent-text));
    --_panel-width: var(--mc-launcher-panel-width, 24rem);
    --_panel-max-height: var(--mc-launcher-panel-max-height, 40rem);
  }

  [part~='button'] {
    position: fixed;
    z-index: var(--_z);
    bottom: var(--_offset);
    right: var(--_offset);
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    min-height: 3rem;
    padding: 0.5em 1.125em;
    border: 0;
    border-radius: 999px;
    background: var(--_button-bg);
    color: var(--_button-text);
    font-family: var(--_font);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.2);
  }

  :host([position='bottom-left']) :is([part~='button'], [part~='panel']) {
    right: auto;
    left: var(--_offset);
  }

  :host([position='top-right']) :is([part~='button'], [part~='panel']) {
    bottom: auto;
    top: var(--_offset);
  }

  :host([position='top-left']) :is([part~='button'], [part~='panel']) {
    bottom: auto;
    right: auto;
    top: var(--_offset);
    left: var(--_offset);
  }

  /* In the button's corner (by the rules above), its margin clearing the button (3rem high). */
  [part~='panel'] {
    position: fixed;
    inset: auto var(--_offset) var(--_offset) auto;
    margin: 3.75rem 0;
    padding: 0;
    width: min(var(--_panel-width), calc(100vw - 1rem));
    max-width: none;
    /* A fixed height: switching tabs does not make the panel jump. */
    height: min(var(--_panel-max-height), calc(100vh - 6rem));
    max-height: none;
    flex-direction: column;
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--_font);
    box-shadow: 0 1rem 2.5rem rgb(0 0 0 / 0.25);
  }

  [part~='panel'][open] {
    display: flex;
  }

  /* A phone: a full-height sheet, from any corner. */
  @media (max-width: 480px) {
    [part~='panel'] {
      inset: 0 !important;
      margin: 0;
      width: 100%;
      height: 100%;
      border: 0;
      border-radius: 0;
    }
  }

  [part~='panel']::backdrop {
    background: transparent;
  }

  [part~='header'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.5rem 0.5rem 0.5rem var(--_space);
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }

  [part~='title'] {
    margin: 0;
    font-size: 1rem;
  }

  [part~='close-button'] {
    min-width: 2.25rem;
    border: 0;
    background: none;
    font-size: 1.25rem;
    line-height: 1;
  }

  /* The panel scrolls below its header; the panel is the card, so the member center draws none. */
  [part~='member-center'] {
    flex: 1;
    overflow: auto;
  }

  [part~='member-center']::part(base) {
    border: 0;
    padding-top: 0;
  }

  @media (prefers-reduced-motion: no-preference) {
    [part~='panel'][open] {
      animation: mc-launcher-in 0.15s ease-out;
    }
  }

  @keyframes mc-launcher-in {
    from {
      opacity: 0;
      transform: translateY(0.5rem);
    }
  }
`;
