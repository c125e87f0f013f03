import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { minifyTemplates } from './build/minify-templates.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * embed.js is loaded by a plain (classic) `<script async>`: it may hold no import/export
 * statement, and its top-level names would become page globals (and a second copy would throw
 * "already declared"). Wrap it in a function; fail the build if it ever imports statically.
 */
const classicEntry = (): Plugin => ({
  name: 'member-center:classic-entry',
  renderChunk(code, chunk) {
    if (!chunk.isEntry) return null;
    if (chunk.imports.length > 0 || chunk.exports.length > 0) {
      this.error(
        `embed.js must not import or export statically (imports: ${chunk.imports.join(', ')}; exports: ${chunk.exports.join(', ')})`,
      );
    }
    return { code: `(()=>{${code}})();`, map: null };
  },
});

/**
 * Keep the page's global scope clean: lit announces its versions on `globalThis`
 * (`litHtmlVersions`…) and zod keeps its config and registry there (`__zod_global*`), shared
 * with any other copy on the page. Our copies keep that state to themselves.
 */
const noGlobals = (): Plugin => ({
  name: 'member-center:no-globals',
  transform(code, id) {
    let out = code;
    if (/[\\/](lit-html|lit-element|@lit[\\/]reactive-element)[\\/]/.test(id)) {
      out = out.replace(/\(\w+\.(litHtml|litElement|reactiveElement)Versions\s*\?\?=\s*\[\]\)\.push\([^)]*\)/g, '0');
    }
    if (/[\\/]@lit[\\/]reactive-element[\\/](reactive-element|decorators[\\/]property)\.js$/.test(id)) {
      // litPropertyMetadata (a page-wide WeakMap) only carries standard-decorator metadata; our elements use
      // the legacy decorators, so a map of our own, never written, behaves the same.
      out = `const __mcLitMetadata = new WeakMap();\n${out
        .replace(/\w+\.litPropertyMetadata\s*\?\?=[^,;]*WeakMap(\(\))?/, '0')
        .replace(/(globalThis\.)?litPropertyMetadata/g, '__mcLitMetadata')}`;
    }
    if (/[\\/]zod[\\/]v4[\\/]core[\\/](core|registries)\.js$/.test(id) && out.includes('__zod_global')) {
      out = `const __mcGlobals = {};\n${out.replaceAll('globalThis', '__mcGlobals')}`;
    }
    return out === code ? null : { code: out, map: null };
  },
});

/** The elements' own entry: the embed resolves their dependencies as they do. */
const ELEMENTS = fileURLToPath(new URL('../elements/src/index.ts', import.meta.url));
/** What the elements use of @floating-ui/dom. */
const FLOATING_UI = '\0floating-ui';

/**
 * Trims what the embed ships of the elements' imports:
 * - McLauncher's default `loadPanel` imports a module registering the panel's elements (a chunk
 *   of its own, which also splits every element from its tag's chunk); the embed always sets its
 *   own loader before defining the launcher, so that import is dead here.
 * - The launcher's `import('@floating-ui/dom')` keeps the whole namespace (1.7 KB more than the
 *   five functions the elements call): both elements get a module exporting just those.
 */
const trimElements = (): Plugin => ({
  name: 'member-center:trim-elements',
  enforce: 'pre',
  resolveId(source) {
    return source === '@floating-ui/dom' ? FLOATING_UI : null;
  },
  async load(id) {
    if (id !== FLOATING_UI) return null;
    const real = await this.resolve('@floating-ui/dom', ELEMENTS, { skipSelf: true });
    if (!real) this.error('@floating-ui/dom cannot be resolved from the elements');
    return `export { autoUpdate, computePosition, flip, offset, shift } from ${JSON.stringify(real.id)};`;
  },
  transform(code, id) {
    if (!/[\\/]elements[\\/]src[\\/]launcher[\\/]launcher\.ts$/.test(id)) return null;
    const defaultLoader = /(static loadPanel\b[^=]*=\s*\(\)\s*=>\s*)import\([^)]*\)/;
    if (!defaultLoader.test(code)) {
      this.warn('McLauncher.loadPanel no longer reads `() => import(…)`: the embed may ship its unused default');
      return null;
    }
    const out = code.replace(defaultLoader, "$1Promise.reject(Error('McLauncher.loadPanel is set by the embed'))");
    return { code: out, map: null };
  },
});

export default defineConfig({
  // Chunks are found next to embed.js wherever it is served from (a CDN, /embed/ on the shop).
  base: './',
  define: { __VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  plugins: [classicEntry(), noGlobals(), trimElements(), minifyTemplates(/[\\/]elements[\\/]src[\\/].*\.ts$/)],
  build: {
    target: 'es2022',
    minify: true,
    manifest: true,
    outDir: 'dist',
    emptyOutDir: true,
    copyPublicDir: false,
    // Library mode: no modulepreload helper (it would live in embed.js, be imported by the chunks,
    // and need import.meta.url, which a classic script lacks).
    lib: { entry: 'src/embed.ts', formats: ['es'], fileName: () => 'embed.js' },
    sourcemap: false,
    rolldownOptions: {
      preserveEntrySignatures: false,
      output: {
        // Library mode keeps whitespace for es output; the sizes we promise are of minified files.
        minify: true,
        // No comments, as before (no legal ones either), and no `/* @__PURE__ */` marks: they are for a
        // bundler that comes after, and nothing bundles these files again.
        comments: false,
        // The elements' base (client context and default client, element base, store controller, theme,
        // strings, formatting, events) is one `base-*` chunk: left alone, the few lines the runtime chunk
        // and <mc-provider> share with it (the client's context) became a chunk of their own, fetched by
        // every page. Only the named modules: their dependencies (Lit) keep their own chunk.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'base',
              test: /elements[\\/]src[\\/](internal[\\/](client|element-base|store-controller|i18n|theme|format)|events)\.ts$|@lit[\\/]context[\\/]lib[\\/](create-context|context-request-event|controllers[\\/]context-consumer)\.js$/,
            },
          ],
        },
        // Names a reader of the size report recognises: the chunk holding Lit is `lit-*` (not
        // `define-*`, after the embed's small module that happens to share it), no `_` from virtual ids.
        chunkFileNames: ({ name, moduleIds }) =>
          `chunks/${moduleIds.some((id) => /[\\/]lit-element[\\/]/.test(id)) ? 'lit' : name.replace(/^_+/, '')}-[hash].js`,
      },
    },
  },
});
