/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
  test: {
    root: '.',
    include: [
      'core/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'bench/**/*.test.ts',
      // The one bridge to Playwright: it runs e2e/specs in Chromium and reports each spec here.
      'e2e/playwright.test.ts',
    ],
    exclude: ['node_modules', 'dist', 'e2e/specs/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'threads',
    // Code under test that opens the default secret store uses a key file, never the
    // developer's keychain; *.keychain.test.ts pass their own env and service names.
    env: { SWITCHYARD_SECRET_STORE: 'file' },
  },
});
