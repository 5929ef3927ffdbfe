import { defineConfig } from 'vite';

// Two page-side bridges exposing the same `window.mss`: the sandboxed Electron preload (CommonJS,
// everything bundled but `electron`) and its browser-host equivalent (an IIFE served by the host).
const target = process.env.MSS_PRELOAD_TARGET === 'host' ? 'host' : 'electron';

export default defineConfig({
  build: {
    outDir: target === 'host' ? 'out/host' : 'out/preload',
    emptyOutDir: false,
    target: 'chrome130',
    minify: false,
    lib:
      target === 'host'
        ? { entry: 'preload/host-bridge.ts', formats: ['iife'], name: 'mssHostBridge', fileName: () => 'host-bridge.js' }
        : { entry: 'preload/index.ts', formats: ['cjs'], fileName: () => 'index.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
