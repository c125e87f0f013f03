import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Inside this repository only: the @member-center/* packages from their sources (no build
  // first). An app that installs them from npm needs none of this.
  resolve: { conditions: ['@member-center/source', ...defaultClientConditions] },
});
