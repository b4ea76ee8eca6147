// Lint rules for the whole tree: typescript-eslint's recommended set, the line limit the
// formatter cannot enforce on comments and strings, and the import graph of src/: no cycle,
// and no import from a stage up to one above it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Pipeline stages of src/, low to high; a stage imports only from the stages below it.
// The root files (defaults.ts, TrailError.ts, TrailConfigError.ts, version.ts) sit below all
// of them; createTrail, its settings and index.ts above; collector and node are tops of their own.
const stages = ['lib', 'events', 'queue', 'delivery', 'capture'];
const topFiles = ['createTrail.ts', 'settings.ts', 'TrailOptions.ts', 'index.ts', 'schema.ts'];
const stageZones = stages.map((stage, i) => ({
  target: `./src/${stage}`,
  from: [
    ...stages.slice(i + 1).map((higher) => `./src/${higher}`),
    ...topFiles.map((file) => `./src/${file}`),
    './src/collector',
    './src/node',
    './src/types',
  ],
  message: `src/${stage} imports only from the stages below it (${stages.slice(0, i).join(', ') || 'none'}).`,
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test/fixtures/', '.data/', 'bench-results/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The rule follows value imports only (it skips `import type`); scripts/import-cycles.ts
    // checks the same graph with type imports included.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these the rule reads no .ts file and finds no cycle at all.
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Resolves the `.js` specifiers of the sources to their `.ts` files.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...stageZones,
            { target: './src/collector', from: ['./src/node', ...topFiles.map((f) => `./src/${f}`)] },
            { target: './src/node', from: ['./src/collector'] },
          ],
        },
      ],
    },
  },
  {
    // Tests read answers and page globals whose shape is what they check, typed loosely on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['demo/**/*.js', 'test/browser/pages/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
);
