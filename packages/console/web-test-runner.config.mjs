import { fileURLToPath } from 'node:url';
import { chromiumLauncher } from '@member-center/elements/testing/chromium';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { consoleApi } from './real-api.plugin.mjs';

const api = consoleApi();

/**
 * The console's pages in Debian's Chromium against the real API (PGlite), put on the test
 * page's origin by the plugin's proxy, as the console is on its API's origin in production.
 */
export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['@member-center/source', 'browser', 'development'] },
  middleware: [api.proxy],
  plugins: [
    api.plugin,
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('../../tsconfig.base.json', import.meta.url)),
    }),
  ],
  browsers: [chromiumLauncher()],
  concurrency: 1,
  // A loaded machine (2 cores, shared) can take long to open the first page.
  browserStartTimeout: 120_000,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 180_000,
};
