import { defineConfig } from 'vitest/config';

// Real-browser suites start Chromium processes and local servers; running their files one
// at a time, and alone, keeps timing assertions honest on a 2-core machine.
const BROWSER_TEST_TIMEOUT_MS = 120_000;

export default defineConfig({
  build: {
    target: 'es2022',
    // Library mode leaves ES output unminified by default; what ships is what editors load.
    minify: true,
    // The collector is a separate Node-only entry; no browser entry imports it.
    lib: {
      entry: {
        labeltrail: 'src/index.ts',
        annotorious: 'src/capture/annotorious.ts',
        dom: 'src/capture/domEvents.ts',
        schema: 'src/schema.ts',
        types: 'src/types/index.ts',
        platform: 'src/types/platform/index.ts',
        collector: 'src/collector/index.ts',
      },
      formats: ['es'],
    },
    rollupOptions: { external: [/^node:/, /^@electric-sql\/pglite/] },
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
          // After the unit and collector projects, not beside them: their workers would take
          // the cores the timing assertions measure.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // labeltrail/node: the on-disk queue and the Node trail, with processes killed mid-write.
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'collector',
          environment: 'node',
          include: ['test/collector/**/*.test.ts'],
          // Creating a PGlite database (initdb in WASM) takes a few seconds on a 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
