import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/main', include: ['test/integration/secrets/*.test.ts'], testTimeout: 60000 } });
