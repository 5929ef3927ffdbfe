import { defineConfig } from '@playwright/test';

// e2e against the browser host in Debian's Chromium (no browser download); Electron smoke test in
// test/electron runs only where an Electron binary exists.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  outputDir: 'test-results/artifacts',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 90_000,
  workers: 1,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1360, height: 820 },
    launchOptions: { executablePath: process.env.MSS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    locale: 'fr-FR',
  },
});
