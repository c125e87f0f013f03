/**
 * The custom-elements manifest (custom-elements.json), generated from the elements' JSDoc.
 * It feeds Storybook's controls and the API tables in docs/elements/*.md, so it describes the
 * public API only.
 *
 * Tags are listed in one place, src/registry.ts, in a `{ 'mc-tag': McClass }` map that
 * the analyzer cannot follow; the first plugin reads that map so every element gets its
 * `tagName` without repeating it in a JSDoc `@tag`.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { customElementJsxPlugin } from 'custom-element-jsx-integration';
import { customElementSolidJsPlugin } from 'custom-element-solidjs-integration';
import { customElementSveltePlugin } from 'custom-element-svelte-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { customElementVuejsPlugin } from 'custom-element-vuejs-integration';

const DEFINE_MODULE = 'src/registry.ts';
const GENERATED = '// Generated from custom-elements.json by custom-elements-manifest.config.mjs: do not edit.\n';

/** Reads `{ 'mc-…': McClass }` object literals in registry.ts and gives those classes their tag names. */
function defineMapPlugin() {
  /** class name → tag name */
  const tags = new Map();
  return {
    name: 'member-center-define-map',
    analyzePhase({ ts, node, moduleDoc }) {
      if (moduleDoc.path !== DEFINE_MODULE || !ts.isObjectLiteralExpression(node)) return;
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.initializer)) continue;
        const name = property.name;
        const tag = ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : undefined;
        if (tag?.startsWith('mc-')) tags.set(property.initializer.text, tag);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const unused = new Set(tags.keys());
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const tag = tags.get(declaration.name);
          if (declaration.kind !== 'class' || !tag) continue;
          unused.delete(declaration.name);
          declaration.tagName = tag;
          declaration.customElement = true;
          module.exports ??= [];
          module.exports.push({
            kind: 'custom-element-definition',
            name: tag,
            declaration: { name: declaration.name, module: module.path },
          });
        }
      }
      if (unused.size > 0) throw new Error(`registry.ts lists classes the manifest lacks: ${[...unused].join(', ')}`);
    },
  };
}

/**
 * Keeps the manifest to the public API: no private or protected members, and only the documented
 * `mc-*` events (the analyzer also reads `new McErrorEvent('load', …)` as an event named `load`).
 * An event's class, named in its description as `{@link McFooEvent}`, becomes its type.
 */
function publicApiPlugin() {
  return {
    name: 'member-center-public-api',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          if (declaration.members) {
            // Lit's `static properties` mark their fields public, and their states ({state: true}) as attributes.
            const hidden = new Set(
              declaration.members
                .filter((member) => member.privacy && member.privacy !== 'public')
                .map((member) => member.name),
            );
            declaration.members = declaration.members.filter(
              (member) => !hidden.has(member.name) && !member.name.startsWith('#') && !member.static,
            );
            for (const member of declaration.members) delete member.privacy;
            if (declaration.attributes) {
              declaration.attributes = declaration.attributes.filter((attribute) => !hidden.has(attribute.fieldName));
            }
          }
          if (declaration.events) {
            declaration.events = declaration.events.filter((event) => event.name?.startsWith('mc-'));
            for (const event of declaration.events) {
              const linked = event.description?.match(/\{@link (\w+)\}/)?.[1];
              if (linked && !event.type) event.type = { text: linked };
            }
          }
        }
      }
    },
  };
}

/** The manifest's public custom elements, in tag order. */
function elementsOf(customElementsManifest) {
  return customElementsManifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/** A JSDoc block of `text`, indented. */
const jsdoc = (text, indent) =>
  text ? `${indent}/** ${text.replaceAll('*/', '*\\/').split('\n').join(`\n${indent} * `)} */\n` : '';

/**
 * types/react.d.ts: the tags in React 19's `JSX.IntrinsicElements`. React 19 sets a prop as a
 * property when the element has one (so these are the classes' settable properties, typed from
 * the class), and binds a function prop named `on` + the exact event name as a listener
 * (`onmc-redeem`, not `onMcRedeem`), typed with the event's own class. The generic generators
 * below type events as `CustomEvent<…>` and kebab-case attributes, which is not what React 19 does.
 */
function reactTypesPlugin() {
  return {
    name: 'member-center-react-types',
    packageLinkPhase({ customElementsManifest }) {
      const elements = elementsOf(customElementsManifest);
      const imports = new Set();
      const entries = elements.map((element) => {
        imports.add(element.name);
        const props = (element.members ?? [])
          .filter((member) => member.kind === 'field' && !member.readonly && !member.static)
          .map((member) => `'${member.name}'`);
        const events = (element.events ?? []).map((event) => {
          const type = event.type?.text ?? 'Event';
          if (type !== 'Event') imports.add(type);
          return `${jsdoc(event.description, '        ')}        'on${event.name}'?: (event: ${type}) => void;\n`;
        });
        return (
          jsdoc(element.summary ?? element.description, '      ') +
          `      '${element.tagName}': McElementProps<\n        ${element.name},\n        ${props.join(' | ') || 'never'},\n` +
          `        {\n${events.join('')}        }\n      >;\n`
        );
      });
      const file = `${GENERATED}/**
 * The mc-* tags in React 19's JSX, with their properties and events typed. Load it once, e.g. in
 * a .d.ts of your app or next to the import that defines the tags:
 *
 *   import type {} from '@member-center/elements/react';
 *   import '@member-center/elements/define';
 *
 * React 19 sets a prop as a property when the element has it (\`client={client}\` hands over the
 * object), and \`onmc-redeem={(event) => …}\` listens to \`mc-redeem\` (event: McRedeemEvent).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
${[...imports].map((name) => `  ${name},\n`).join('')}} from '@member-center/elements';

/** React's props of an HTML element, the element's settable properties, and its \`on<event>\` listeners. */
type McElementProps<E extends HTMLElement, Props extends keyof E, Events> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, Props>> &
  Events;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${entries.join('')}    }
  }
}
`;
      writeFileSync('types/react.d.ts', file);
    },
  };
}

/**
 * Fixes what the generic generators get wrong for these elements: they import a type once per
 * use (a duplicate identifier under skipLibCheck: false), name Solid's JSX types in the Svelte
 * file, type every event as
 * `CustomEvent<Class>` where ours are classes of their own (\`McRedeemEvent extends Event\`),
 * declare Svelte's \`svelteHTML\` inside the module instead of globally, and leave Solid's
 * \`JSX.IntrinsicElements\` for the user to extend.
 */
function fixFrameworkTypesPlugin(files) {
  return {
    name: 'member-center-fix-framework-types',
    packageLinkPhase() {
      for (const file of files) {
        const path = `types/${file}`;
        let text = readFileSync(path, 'utf8')
          .replace(/import type \{([^}]*)\} from "@member-center\/elements";/, (_, names) => {
            const unique = [
              ...new Set(
                names
                  .split(',')
                  .map((name) => name.trim())
                  .filter(Boolean),
              ),
            ];
            return `import type {\n${unique.map((name) => `  ${name},\n`).join('')}} from "@member-center/elements";`;
          })
          .replace(/CustomEvent<(\w+)>/g, '$1')
          .replace(
            /declare namespace svelteHTML \{([\s\S]*?)\n\}/,
            'declare global {\n  namespace svelteHTML {$1\n  }\n}',
          );
        if (file === 'svelte.d.ts') {
          // Its base props name Solid's JSX namespace, which a Svelte project does not have.
          text = text
            .replace('children?: JSX.Element;', 'children?: unknown;')
            .replace('style?: JSX.CSSProperties;', 'style?: string;');
        }
        if (file === 'solid.d.ts') {
          text +=
            '\ndeclare module "solid-js" {\n  namespace JSX {\n    interface IntrinsicElements extends CustomElements {}\n  }\n}\n';
        }
        writeFileSync(path, GENERATED + text);
      }
    },
  };
}

/**
 * Typings for frameworks and data for editors, generated from the (public-API) manifest into
 * types/ and the package root, and shipped in the tarball. The element classes' types come from
 * the package's own name, so the same file works in the workspace (sources) and when installed (dist).
 */
function frameworkPlugins() {
  const common = { outdir: 'types', globalTypePath: '@member-center/elements', hideLogs: true };
  return [
    customElementJsxPlugin({ ...common, fileName: 'jsx.d.ts' }),
    customElementVuejsPlugin({ ...common, fileName: 'vue.d.ts' }),
    customElementSolidJsPlugin({ ...common, fileName: 'solid.d.ts' }),
    customElementSveltePlugin({ ...common, fileName: 'svelte.d.ts' }),
    customElementVsCodePlugin({
      outdir: '.',
      htmlFileName: 'vscode.html-custom-data.json',
      cssFileName: 'vscode.css-custom-data.json',
      hideLogs: true,
    }),
    customElementJetBrainsPlugin({ outdir: '.', fileName: 'web-types.json', hideLogs: true }),
    reactTypesPlugin(),
    fixFrameworkTypesPlugin(['jsx.d.ts', 'vue.d.ts', 'solid.d.ts', 'svelte.d.ts']),
  ];
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/testing/**', 'src/internal/test-utils.ts'],
  outdir: '.',
  litelement: true,
  // The manifest is generated for the docs and Storybook; package.json is not ours to rewrite.
  packagejson: false,
  plugins: [defineMapPlugin(), publicApiPlugin(), ...frameworkPlugins()],
};
