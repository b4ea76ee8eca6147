import { defineConfig } from 'vitest/config';

// Real-browser suites start Chromium processes and local servers; running their files one
// at a time keeps timing assertions honest on a 2-core machine.
const BROWSER_TEST_TIMEOUT_MS = 120_000;

export default defineConfig({
  build: {
    target: 'es2022',
    lib: {
      entry: {
        labeltrail: 'src/index.ts',
        annotorious: 'src/capture/annotorious.ts',
        dom: 'src/capture/domEvents.ts',
      },
      formats: ['es'],
    },
    rollupOptions: { external: [/^node:/] },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: BROWSER_TEST_TIMEOUT_MS,
          hookTimeout: BROWSER_TEST_TIMEOUT_MS,
          fileParallelism: false,
        },
      },
    ],
  },
});
