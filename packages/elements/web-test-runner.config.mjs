import { fileURLToPath } from 'node:url';
import { realApiPlugin } from '@member-center/elements/testing/real-api';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromiumLauncher } from './chromium.launcher.mjs';

/**
 * Runs every element test once in Debian's Chromium (nothing downloads a browser). The real API
 * runs beside the dev server for src/integration; it needs Node's tsx loader (`pnpm test` sets it).
 * The port is left to WTR (first free from 8000, so parallel runs coexist); the plugin reads it.
 */
export default {
  files: ['src/**/*.test.ts'],
  // The workspace's packages from their TypeScript sources (the `@member-center/source` export condition).
  nodeResolve: { exportConditions: ['@member-center/source', 'browser', 'development'] },
  // Lit's legacy decorators need experimentalDecorators + useDefineForClassFields: false. The plugin reads
  // the file raw (it does not follow `extends`), so point it at the base config that sets them.
  plugins: [
    realApiPlugin(),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('../../tsconfig.base.json', import.meta.url)),
    }),
  ],
  browsers: [chromiumLauncher()],
  concurrency: 1,
  testFramework: { config: { timeout: 5000 } },
  testsFinishTimeout: 180_000,
};
