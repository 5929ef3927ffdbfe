// Builds every bundle: renderer, main + browser host, Electron preload, browser-host bridge.
import { rmSync } from 'node:fs';
import { build } from 'vite';

rmSync('out', { recursive: true, force: true });
await build({ configFile: 'vite.renderer.config.ts', logLevel: 'warn' });
await build({ configFile: 'vite.node.config.ts', logLevel: 'warn' });
process.env.MSS_PRELOAD_TARGET = 'electron';
await build({ configFile: 'vite.preload.config.ts', logLevel: 'warn' });
process.env.MSS_PRELOAD_TARGET = 'host';
await build({ configFile: 'vite.preload.config.ts', logLevel: 'warn' });
console.log('build: out/renderer, out/main, out/host, out/preload');
