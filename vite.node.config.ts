import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// Main-process code (Electron shell, browser host and their services, workers) for Node/Electron.
// Dependencies stay external: they are installed next to the bundle and native modules load from there.
const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.devDependencies),
];

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out',
    emptyOutDir: false,
    target: 'node22',
    sourcemap: true,
    rollupOptions: {
      input: {
        'main/index': 'main/index.ts',
        'host/index': 'main/host/index.ts',
        // Worker threads, found by name next to the bundles (see resolve-worker-entry / card-service).
        'main/sync-worker': 'main/sync/engine-worker.ts',
        'main/index-worker': 'main/sync/index-worker.ts',
        'main/card-worker': 'main/auth/card/card-worker.ts',
        'chunks/card-worker': 'main/auth/card/card-worker.ts',
        'main/trust-list-worker': 'main/autoconfig/trust-list-worker.ts',
      },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
