// ESLint with typescript-eslint, plus the import boundaries of the process model:
// renderer/ never imports main/ (or Node), main/ never imports renderer/, shared/ imports neither.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'tls', 'crypto', 'http', 'https', 'worker_threads'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', '.sandbox/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '../main/*', 'electron'], message: 'renderer/ talks to main only through window.mss (shared/contract).' },
          { group: ['**/sandbox/**'], message: 'The sandbox operator is test infrastructure.' },
          { group: nodeBuiltins, message: 'No Node APIs in the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/renderer/**'], message: 'main/ never imports renderer code.' },
          { group: ['**/sandbox/**'], message: 'Product code never depends on the sandbox operator.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '**/renderer/**', 'electron'], message: 'shared/ is imported by both sides and imports neither.' },
          { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node APIs.' },
        ],
      }],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'preload/ exposes shared/contract only.' }],
      }],
    },
  },
  {
    files: ['sandbox/**/*.ts', 'scripts/**', 'test/**', 'bench/**', 'main/**/*-cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
