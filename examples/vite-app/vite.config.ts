import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  // Inside this repository only: the @member-center/* packages from their sources (no build
  // first). An app that installs them from npm needs no config at all.
  resolve: { conditions: ['@member-center/source', ...defaultClientConditions] },
});
