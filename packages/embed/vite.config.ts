import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
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

/**
 * Terser over the chunks as Oxc's minifier leaves them: 0.35 KB less brotli over the whole member
 * center. (Vite's `minify: 'terser'` runs before Oxc, which undoes most of it.) embed.js is a
 * classic script: its top level stays as it is.
 */
const terser = (): Plugin => ({
  name: 'member-center:terser',
  async generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const module = !chunk.isEntry;
      const result = await minify(chunk.code, {
        module,
        ecma: 2020,
        compress: { passes: 3 },
        format: { comments: false },
      });
      if (result.code === undefined) this.error(`terser returned nothing for ${chunk.fileName}`);
      chunk.code = result.code;
    }
  },
});

/** This package's folder. */
const HERE = fileURLToPath(new URL('.', import.meta.url));
/** The elements' own entry: the embed resolves their dependencies as they do. */
const ELEMENTS = fileURLToPath(new URL('../elements/src/index.ts', import.meta.url));
/** What the elements use of @floating-ui/dom. */
const FLOATING_UI = '\0floating-ui';
const FLOATING_UI_USED = 'computePosition, flip, offset, shift';

/**
 * Trims what the embed ships of the elements' imports:
 * - McLauncher's default `loadPanel` imports a module registering the panel's elements (a chunk
 *   of its own, which also splits every element from its tag's chunk); the embed always sets its
 *   own loader before defining the launcher, so that import is dead here.
 * - <mc-tier-progress> imports four functions of @floating-ui/dom: it gets a module exporting just
 *   those. (The launcher places its panel with CSS and imports none.)
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
    return `export { ${FLOATING_UI_USED} } from ${JSON.stringify(real.id)};`;
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

/**
 * ky's progress streams and hooks: the client never passes `onDownloadProgress`,
 * `onUploadProgress` or `hooks` (its one `ky.create()` in packages/client/src/http.ts sets none,
 * and no call adds them), so their branches, the stream wrappers and the hook loops are dead here.
 * Read as absent, the minifier drops them.
 */
const trimKy = (): Plugin => ({
  name: 'member-center:trim-ky',
  transform(code, id) {
    if (!/[\\/]ky[\\/]distribution[\\/]core[\\/]Ky\.js$/.test(id)) return null;
    const out = code
      .replace(/\b(ky|this)\.#options\.on(Download|Upload)Progress\b/g, 'undefined')
      .replace(/for \(const hook of (ky|this)\.#options\.hooks\.\w+\)/g, 'if (false) for (const hook of [])');
    if (out === code) {
      this.warn('ky no longer reads #options.onDownloadProgress/onUploadProgress: the embed ships its progress code');
      return null;
    }
    return { code: out, map: null };
  },
});

/**
 * The `runtime` chunk: the loader's runtime (it creates the page's client), the client (ky, the
 * zod/mini contract), Lit, and the elements' base (client context and default client, element
 * base, store controller, theme, strings, formatting, events, the clipboard helper: the wallet, the
 * bazaar and <mc-points-discount> share it, which keeps the last one's chunk off the panel's).
 */
const RUNTIME = [
  /embed[\\/]src[\\/](runtime|tags[\\/]define)\.ts$/,
  /[\\/]packages[\\/](client|contract)[\\/]src[\\/]/,
  /[\\/]node_modules[\\/](ky|zod|lit|lit-html|lit-element|@lit[\\/]reactive-element)[\\/]/,
  /elements[\\/]src[\\/](internal[\\/](client|element-base|store-controller|view-controller|i18n|theme|format|clipboard)|events)\.ts$/,
  /@lit[\\/]context[\\/]lib[\\/](create-context|context-request-event|controllers[\\/]context-consumer)\.js$/,
];
/** The `panel` chunk: every element and tag but those of OWN_CHUNK, their helpers, and floating-ui. */
const PANEL = /elements[\\/]src[\\/]|embed[\\/]src[\\/]tags[\\/]|@floating-ui[\\/]|^\0floating-ui$/;
const OWN_CHUNK = /(elements[\\/]src|embed[\\/]src[\\/]tags)[\\/](points-balance|provider|points-discount|lottery)\b/;

/**
 * Writes `.vite/sources.json`: which chunk holds each of the embed's own modules (the loader, the
 * runtime, the stand-in, each tag) and the elements' @floating-ui/dom. Vite's manifest names only
 * the chunks that hold an entry of their own: a tag merged into the panel's chunk is not among
 * them, and scripts/size.mjs and the tests need to know where it went.
 */
const sourcesMap = (): Plugin => ({
  name: 'member-center:sources-map',
  generateBundle(_options, bundle) {
    const sources: Record<string, string> = {};
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      for (const id of chunk.moduleIds) {
        // The stand-in module that re-exports floating-ui may be merged away: its files count too.
        const floating = id === FLOATING_UI || /[\\/]@floating-ui[\\/]dom[\\/]/.test(id);
        const source = floating ? '@floating-ui/dom' : relative(HERE, id).replaceAll('\\', '/');
        if (source === '@floating-ui/dom' || /^src\/.+\.ts$/.test(source)) sources[source] = chunk.fileName;
      }
    }
    this.emitFile({ type: 'asset', fileName: '.vite/sources.json', source: `${JSON.stringify(sources, null, 2)}\n` });
  },
});

export default defineConfig({
  // Chunks are found next to embed.js wherever it is served from (a CDN, /embed/ on the shop).
  base: './',
  // The workspace's packages (elements, client, contract) from their TypeScript sources: no build first.
  resolve: { conditions: ['@member-center/source', ...defaultClientConditions] },
  define: { __VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  plugins: [
    classicEntry(),
    noGlobals(),
    trimElements(),
    trimKy(),
    minifyTemplates(/[\\/]elements[\\/]src[\\/].*\.ts$/),
    sourcesMap(),
    terser(),
  ],
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
      // Our terser pass is most of the build's time by design; on a busy machine Rolldown's
      // [PLUGIN_TIMINGS] note about it is printed as a warning by `pnpm start`'s build.
      checks: { bundlerTimings: false },
      output: {
        // Library mode keeps whitespace for es output; the sizes we promise are of minified files.
        minify: true,
        // No comments, as before (no legal ones either), and no `/* @__PURE__ */` marks: they are for a
        // bundler that comes after, and nothing bundles these files again.
        comments: false,
        // Fewer, larger chunks: brotli compresses one chunk of Lit elements far better than several
        // (the same markup, CSS and strings recur) and every file is a request. Measured with
        // scripts/size.mjs: the whole member center 55.4 → 48.6 KB (see docs/embed.md#size).
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            // What every tag waits for anyway (the loader loads it with each tag's chunk): one file.
            { name: 'runtime', priority: 1, test: (id) => RUNTIME.some((pattern) => pattern.test(id)) },
            // The launcher, the panel and its elements with their helpers: the launcher fetches the
            // panel as soon as the page is idle, and a page rarely shows one of these elements without
            // the others. <mc-points-balance> (a page budget of its own) and <mc-provider> keep theirs.
            { name: 'panel', test: (id) => PANEL.test(id) && !OWN_CHUNK.test(id) },
          ],
        },
        // Chunks named after their group or tag, without the `_` of virtual ids.
        chunkFileNames: ({ name }) => `chunks/${name.replace(/^_+/, '')}-[hash].js`,
      },
    },
  },
});
