/**
 * The custom-elements manifest (custom-elements.json), generated from the elements' JSDoc.
 * It feeds Storybook's controls and the API tables in docs/elements/*.md, so it describes the
 * public API only.
 *
 * Tags are registered in one place, src/define.ts, through a `{ 'mc-tag': McClass }` map that
 * the analyzer cannot follow; the first plugin reads that map so every element gets its
 * `tagName` without repeating it in a JSDoc `@tag`.
 */

const DEFINE_MODULE = 'src/define.ts';

/** Reads `{ 'mc-…': McClass }` object literals in define.ts and gives those classes their tag names. */
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
      if (unused.size > 0) throw new Error(`define.ts registers classes the manifest lacks: ${[...unused].join(', ')}`);
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

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/testing/**', 'src/internal/test-utils.ts'],
  outdir: '.',
  litelement: true,
  // The manifest is generated for the docs and Storybook; package.json is not ours to rewrite.
  packagejson: false,
  plugins: [defineMapPlugin(), publicApiPlugin()],
};
