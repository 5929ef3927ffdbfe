import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The React renderer, served by app:// under Electron and by the browser host.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});
