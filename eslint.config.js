// Lint for the station: the folder boundaries of the architecture, plus a few correctness rules.
// No style rules: formatting is left to the authors. `npm test` runs this first (scripts/test.mjs).
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { importBoundaries } from './scripts/lint/import-boundaries.mjs'

/** Node-side build tooling that happens to live in renderer/ (the Vite config and its plugins). */
const RENDERER_BUILD_TOOLING = ['renderer/vite.config.ts', 'renderer/build/**']

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', '.data/**', 'test/.tmp/**', 'test/fixtures/**', 'renderer/public/**', '**/*.d.ts', '**/*.d.mts'] },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 'latest',
      sourceType: 'module',
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'react-hooks': reactHooks, boundaries: importBoundaries },
    rules: {
      // correctness: each of these would be a bug wherever it appears
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-dupe-else-if': 'error',
      'no-duplicate-case': 'error',
      'no-self-assign': 'error',
      'no-self-compare': 'error',
      'no-unreachable': 'error',
      'no-unsafe-finally': 'error',
      'no-unsafe-negation': 'error',
      'no-cond-assign': 'error',
      'no-compare-neg-zero': 'error',
      'no-sparse-arrays': 'error',
      'no-async-promise-executor': 'error',
      'no-loss-of-precision': 'error',
      'use-isnan': 'error',
      'valid-typeof': 'error',
      'no-constant-binary-expression': 'error',
      '@typescript-eslint/no-misused-new': 'error',
      '@typescript-eslint/no-unsafe-declaration-merging': 'error',
      '@typescript-eslint/no-duplicate-enum-values': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['main/core/**'],
    rules: {
      'boundaries/core-stays-plain': 'error',
      'boundaries/core-without-preload': 'error',
    },
  },
  {
    files: ['main/host/**', 'main/cli/**', 'main/logging/**'],
    rules: { 'boundaries/host-and-cli-without-electron': 'error' },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['preload/**', 'test/electron/preload.test.ts'],
    rules: { 'boundaries/preload-reached-through-contract': 'error' },
  },
  {
    files: ['common/**'],
    rules: { 'boundaries/common-self-contained': 'error' },
  },
  {
    files: ['renderer/**'],
    ignores: RENDERER_BUILD_TOOLING,
    rules: { 'boundaries/renderer-only-common': 'error' },
  },
)
