import { fileURLToPath } from 'node:url';
import { chromiumLauncher } from '@member-center/elements/testing/chromium';
// The elements' plugin: the real loyalty API (PGlite) beside the dev server, allowing this page's origin.
import { realApiPlugin } from '@member-center/elements/testing/real-api';
import { esbuildPlugin } from '@web/dev-server-esbuild';

/** The strict policy of a careful merchant's page, served with test/fixtures/csp*.html. */
const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self' http://127.0.0.1:1",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html member-center',
].join('; ');

/**
 * Unit tests of the loader's parts run from source; the script-tag tests load the BUILT
 * dist/embed.js into iframes (run `vite build` first: `pnpm test` does), as a merchant's page would.
 */
export default {
  files: ['test/**/*.test.ts'],
  // The workspace's packages from their TypeScript sources (the `@member-center/source` export condition).
  nodeResolve: { exportConditions: ['@member-center/source', 'browser', 'production'] },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('../../tsconfig.base.json', import.meta.url)),
    }),
    realApiPlugin(),
  ],
  middleware: [
    // A merchant's token endpoint for a signed-in shopper: answers the token it is given.
    (context, next) => {
      if (context.path !== '/test/echo-token') return next();
      context.type = 'json';
      context.body = JSON.stringify({ token: context.query.token });
    },
    // A merchant's token endpoint that is slow to say "guest" (the shopper logs in meanwhile).
    async (context, next) => {
      if (context.path !== '/test/slow-guest-token') return next();
      await new Promise((resolve) => setTimeout(resolve, 800));
      context.type = 'json';
      context.body = '{"token":null}';
    },
    (context, next) => {
      if (/^\/test\/fixtures\/csp(-launcher)?\.html$/.test(context.path)) {
        context.set('Content-Security-Policy', STRICT_CSP);
      }
      return next();
    },
  ],
  browsers: [chromiumLauncher()],
  concurrency: 1,
  testFramework: { config: { timeout: 8000 } },
  testsFinishTimeout: 180_000,
};
