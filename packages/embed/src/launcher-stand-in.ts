/**
 * The launcher's stand-in: the chunk a launcher page loads up front instead of the client, Lit
 * and <mc-launcher>. It draws the same button (plain DOM in a shadow root of its own, styled by a
 * constructable stylesheet, so a strict CSP with Trusted Types is fine) as a child of the
 * not-yet-defined <mc-launcher>. Hover, focus, a press or a click (which also fetch the panel's
 * code) or the browser's first idle moment after the page's load loads the real launcher; once <mc-launcher> is defined its shadow root (which
 * has no slot) hides the stand-in in the same task, with no frame in between. Focus moves to the
 * real button, and a click on the stand-in opens the panel. No imports: this chunk stands alone.
 */

export interface StandInHooks {
  /** Loads the client and defines <mc-launcher>; never rejects (a failure is warned about and can be retried). */
  upgrade(): Promise<unknown>;
  /** Starts loading the panel's code (a click will open it). */
  loadPanel(): Promise<unknown>;
}

/** The parts of McLauncher the swap uses. */
type Launcher = HTMLElement & { updateComplete?: Promise<unknown>; show?(): void };

const HOST = 'mc-launcher-stand-in';
const SVG = 'http://www.w3.org/2000/svg';
/** [label, accessible name] as McLauncher says them to a guest (its strings `launcherGuest`, `memberCenter`). */
const STRINGS = { en: ['Rewards', 'Member center'], zh: ['会员福利', '会员中心'] };
/** Wait at most this long after the page's load for an idle moment. */
const IDLE_TIMEOUT = 3000;

/** McLauncher's button (launcher.styles.ts over the theme's tokens and button rule), nothing else. */
const CSS = `:host{--_o:var(--mc-launcher-offset,1.25rem);--_a:var(--mc-color-accent,#5b3cc4);--_t:var(--mc-color-accent-contrast,#fff);--_f:var(--mc-color-focus,#5b3cc4)}
:host([theme=dark]){--_a:var(--mc-color-accent,#b9a6ff);--_t:var(--mc-color-accent-contrast,#1d1c22);--_f:var(--mc-color-focus,#b9a6ff)}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){--_a:var(--mc-color-accent,#b9a6ff);--_t:var(--mc-color-accent-contrast,#1d1c22);--_f:var(--mc-color-focus,#b9a6ff)}}
button{box-sizing:border-box;position:fixed;z-index:var(--mc-launcher-z-index,2147483000);bottom:var(--_o);right:var(--_o);display:inline-flex;align-items:center;gap:.5em;min-height:3rem;padding:.5em 1.125em;border:0;border-radius:999px;background:var(--mc-launcher-background,var(--_a));color:var(--mc-launcher-color,var(--_t));font:inherit;font-family:var(--mc-font-family,system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif);font-weight:600;font-variant-numeric:tabular-nums;cursor:pointer;box-shadow:0 .5rem 1.5rem rgb(0 0 0/.2)}
button:focus-visible{outline:2px solid var(--_f);outline-offset:2px}
:host([position$=left]) button{right:auto;left:var(--_o)}
:host([position^=top]) button{bottom:auto;top:var(--_o)}`;

let sheet: CSSStyleSheet | undefined;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function svg(tag: string, attributes: Record<string, string>, ...children: Element[]): SVGElement {
  const node = document.createElementNS(SVG, tag) as SVGElement;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Puts the stand-in button into `launcher` (an <mc-launcher> not defined yet) and arms the upgrade. */
export default function standIn(launcher: Launcher, { upgrade, loadPanel }: StandInHooks): void {
  if (customElements.get('mc-launcher') || launcher.shadowRoot || launcher.querySelector(HOST)) return;

  const host = document.createElement(HOST);
  for (const name of ['position', 'theme']) {
    const value = launcher.getAttribute(name);
    if (value) host.setAttribute(name, value);
  }
  const lang = launcher.closest('[lang]')?.getAttribute('lang') ?? '';
  const [label, name] = STRINGS[/^zh\b/i.test(lang) ? 'zh' : 'en'];
  const button = element('button', {
    part: 'button',
    'aria-haspopup': 'dialog',
    'aria-expanded': 'false',
    'aria-label': `${label}, ${name}`,
  });
  const icon = svg(
    'svg',
    {
      part: 'icon',
      viewBox: '0 0 24 24',
      width: '20',
      height: '20',
      'aria-hidden': 'true',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': '2',
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
    },
    svg('rect', { x: '3', y: '8', width: '18', height: '4', rx: '1' }),
    svg('path', {
      d: 'M12 8v13M19 12v7a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2v-7M7.5 8a2.5 2.5 0 0 1 0-5C10 3 12 8 12 8s2-5 4.5-5a2.5 2.5 0 0 1 0 5',
    }),
  );
  const text = element('span', { part: 'label' });
  text.textContent = label!;
  button.append(icon, text);

  const root = host.attachShadow({ mode: 'open' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  root.adoptedStyleSheets = [sheet];
  root.append(button);
  launcher.append(host);

  let open = false;
  // A reach for the button (hover, focus, a press) is intent: the panel's code comes with the
  // launcher's, so the click that follows opens it at once. The idle moment loads the launcher only.
  const trigger = (event?: Event) => {
    if (event) void loadPanel();
    if (event?.type === 'click') open = true;
    void upgrade();
  };
  for (const type of ['pointerenter', 'pointerdown', 'focus', 'click']) button.addEventListener(type, trigger);

  const whenIdle = () => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => trigger(), { timeout: IDLE_TIMEOUT });
    else setTimeout(trigger, IDLE_TIMEOUT);
  };
  // With the browser's data saver on, nothing more downloads until the shopper reaches for the button.
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  if (!saveData) {
    if (document.readyState === 'complete') whenIdle();
    else addEventListener('load', whenIdle, { once: true });
  }

  // Defined (by a trigger, MemberCenter.open() or anyone): its shadow root already hides the stand-in.
  void customElements.whenDefined('mc-launcher').then(async () => {
    const focused = root.activeElement === button;
    await launcher.updateComplete;
    host.remove();
    if (focused) launcher.shadowRoot?.querySelector<HTMLElement>('[part~="button"]')?.focus();
    if (open) launcher.show?.();
  });
}
