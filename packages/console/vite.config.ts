import { defineConfig } from 'vite';

/**
 * The console is served by the API at /console (same origin: its requests carry the session
 * cookie, no key). One entry and a chunk per page (dynamic imports); every file in assets/ is
 * named after its content's hash. No inline script or style: the page's policy allows neither.
 */
export default defineConfig({
  base: '/console/',
  resolve: { conditions: ['@member-center/source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    reportCompressedSize: false,
  },
});
