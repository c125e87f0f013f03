import '@member-center/elements/define';
import { type Decorator, type Preview, setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { customElementsManifest, elementFor, stringLiterals } from './manifest.js';

setCustomElementsManifest(customElementsManifest);

type Theme = 'light' | 'dark';
type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];
type ArgTypes = ReturnType<ArgTypesEnhancer>;

/** The page behind the elements, so a dark element is seen on a dark page. */
const PAGE: Record<Theme, string> = {
  light: 'background: #f6f6f8; color: #1b1b1f; color-scheme: light;',
  dark: 'background: #121116; color: #f1f0f5; color-scheme: dark;',
};

/** The elements' `theme` is their own attribute (not inherited): set it on every mc-* element in the story. */
function applyTheme(root: Element, theme: Theme): void {
  for (const element of root.querySelectorAll('*')) {
    if (element.localName.startsWith('mc-') && element.localName !== 'mc-provider') {
      element.setAttribute('theme', theme);
    }
  }
}

/**
 * Wraps every story in a root that carries the toolbar's language (`lang`, which the elements
 * follow) and theme, and reports the elements' mc-* events (they bubble and are composed) to the
 * Actions panel through the `on…` args Storybook derives from the manifest's events.
 */
const withLanguageThemeAndEvents: Decorator = (story, context) => {
  const lang = context.globals.lang === 'zh-CN' ? 'zh-CN' : 'en';
  const theme: Theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  const listeners: Array<[string, EventListener]> = [];
  for (const [argName, argType] of Object.entries(context.argTypes)) {
    const eventName = (argType.action as { name?: string } | undefined)?.name;
    const handler = context.args[argName];
    if (eventName && typeof handler === 'function') listeners.push([eventName, (event) => handler(event)]);
  }
  let root: Element | undefined;
  const attach = (element: Element | undefined) => {
    for (const [type, listener] of listeners) {
      root?.removeEventListener(type, listener);
      element?.addEventListener(type, listener);
    }
    root = element;
    // The story's own content is rendered after this ref runs, in the same synchronous render.
    if (element) queueMicrotask(() => applyTheme(element, theme));
  };
  return html`<div
    class="mc-story-root"
    lang=${lang}
    data-theme=${theme}
    style="${PAGE[theme]} box-sizing: border-box; min-height: 100vh; padding: 1.5rem; font-family: system-ui, sans-serif;"
    ${ref(attach)}
  >
    ${story()}
  </div>`;
};

/**
 * Turns the argTypes Storybook extracted from the manifest into useful controls: settable
 * properties get a control (string-literal unions a radio), while attributes (the property
 * carries the control), read-only and object-typed properties, the toolbar-driven `theme`,
 * slots, parts and CSS properties stay in the table without one.
 */
const controlsFromManifest: ArgTypesEnhancer = (context) => {
  const element = elementFor(typeof context.component === 'string' ? context.component : undefined);
  if (!element) return context.argTypes;
  const members = new Map((element.members ?? []).map((member) => [member.name, member]));
  const argTypes: ArgTypes = {};
  for (const [name, argType] of Object.entries(context.argTypes)) {
    const category = argType.table?.category;
    // A story file's own control (e.g. options the manifest can't know) wins.
    if ('control' in argType || 'options' in argType) {
      argTypes[name] = argType;
      continue;
    }
    if (argType.action || (category !== 'properties' && category !== 'attributes')) {
      argTypes[name] = category === 'slots' ? { ...argType, control: false } : argType;
      continue;
    }
    const member = category === 'properties' ? members.get(name) : undefined;
    const typeText = member?.type?.text.replace(/\s*\|\s*undefined$/, '');
    const literals = stringLiterals(typeText);
    const settable = member && !member.readonly && member.name !== 'theme' && member.name !== 'client';
    if (settable && literals) {
      argTypes[name] = { ...argType, type: { name: 'enum', value: literals }, options: literals };
    } else if (settable && (typeText === 'boolean' || typeText === 'string' || typeText === 'number')) {
      argTypes[name] = { ...argType, type: { name: typeText } };
    } else {
      argTypes[name] = { ...argType, control: false };
    }
  }
  return argTypes;
};

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
  },
  globalTypes: {
    lang: {
      description: 'Language of the elements (the nearest lang attribute)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English (en)' },
          { value: 'zh-CN', title: '简体中文 (zh-CN)' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'The elements’ theme attribute',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { lang: 'en', theme: 'light' },
  decorators: [withLanguageThemeAndEvents],
  argTypesEnhancers: [controlsFromManifest],
};

export default preview;
