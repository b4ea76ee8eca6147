import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Real-browser suites start Chromium processes and local servers; running their files one
// at a time, and alone, keeps timing assertions honest on a 2-core machine.
const BROWSER_TEST_TIMEOUT_MS = 120_000;
// Vitest's 5 s default leaves the fuzz tests no margin on a busy 2-core machine.
const UNIT_TEST_TIMEOUT_MS = 30_000;
// Creating a PGlite database (initdb in WASM) takes a few seconds on a 2-core machine.
const COLLECTOR_TEST_TIMEOUT_MS = 60_000;
// Files at once outside the browser project. Vitest's default, cores − 1, is one on the 2-core
// machines: the unit, Node and collector files then ran one by one in 385 s, two at once in 257 s
// (much of a collector test is waiting on its server).
const MAX_WORKERS = 2;

// The collector's tests run again on a PostgreSQL server when one is given (.ci/run starts a
// throwaway cluster and always gives one); without it that run is left out, and says so.
const postgresUrl = process.env['LABELTRAIL_TEST_DATABASE_URL'];
// The config is read more than once per run; the notice is said once (the variable carries to workers).
if (!postgresUrl && !process.env['LABELTRAIL_POSTGRES_NOTICE'] && process.argv.some((arg) => arg.includes('vitest'))) {
  process.env['LABELTRAIL_POSTGRES_NOTICE'] = 'shown';
  console.warn(
    'collector-postgres: not run, LABELTRAIL_TEST_DATABASE_URL is not set ' +
      '(bash scripts/test-postgres.sh start DIR prints a URL for a throwaway server)',
  );
}
const collectorPostgres: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'collector-postgres',
    environment: 'node',
    include: ['test/collector/**/*.test.ts'],
    env: { LABELTRAIL_TEST_STORE: 'postgres' },
    testTimeout: COLLECTOR_TEST_TIMEOUT_MS,
    hookTimeout: COLLECTOR_TEST_TIMEOUT_MS,
  },
};

// The real-browser suite runs once per engine. Chromium runs every file; Firefox and WebKit
// run the files written against the driver layer (test/browser/engines/), which hold the
// browser-dependent behaviour; adapter tests for other editors stay in Chromium (README, Engines).
const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
const EVERY_ENGINE = [
  'test/browser/engines/**/*.test.ts',
  'test/browser/faults/**/*.test.ts',
  'test/browser/late-storage.test.ts',
  'test/browser/poison.test.ts',
];

function browserProject(engine: (typeof ENGINES)[number], order: number): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: engine === 'chromium' ? 'browser' : `browser-${engine}`,
      environment: 'node',
      include: engine === 'chromium' ? ['test/browser/**/*.test.ts'] : EVERY_ENGINE,
      env: { LABELTRAIL_ENGINE: engine },
      testTimeout: BROWSER_TEST_TIMEOUT_MS,
      hookTimeout: BROWSER_TEST_TIMEOUT_MS,
      fileParallelism: false,
      // After the unit and collector projects, not beside them, and one engine after another:
      // other workers would take the cores the timing assertions measure.
      sequence: { groupOrder: 1 + order },
    },
  };
}

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
        'label-studio': 'src/capture/labelStudio.ts',
        fabric: 'src/capture/fabric.ts',
        video: 'src/capture/watchVideo.ts',
        dom: 'src/capture/domEvents.ts',
        schema: 'src/schema.ts',
        types: 'src/types/index.ts',
        platform: 'src/types/platform/index.ts',
        collector: 'src/collector/index.ts',
        node: 'src/node/index.ts',
      },
      formats: ['es'],
    },
    rollupOptions: { external: [/^node:/, /^@electric-sql\/pglite/] },
  },
  test: {
    maxWorkers: MAX_WORKERS,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          // The fuzz tests check thousands of random events against zod: seconds on a 2-core machine.
          testTimeout: UNIT_TEST_TIMEOUT_MS,
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      ...ENGINES.map(browserProject),
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
          // Tests of the server adapter itself run only where there is a server.
          exclude: ['test/collector/postgres/**'],
          testTimeout: COLLECTOR_TEST_TIMEOUT_MS,
          hookTimeout: COLLECTOR_TEST_TIMEOUT_MS,
        },
      },
      ...(postgresUrl ? [collectorPostgres] : []),
    ],
  },
});
