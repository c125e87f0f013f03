import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  // Chunks are found next to embed.js wherever it is served from (a CDN, /embed/ on the shop).
  base: './',
  define: { __VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  plugins: [classicEntry(), noGlobals()],
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
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
