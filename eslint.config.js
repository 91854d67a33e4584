// Lint for the station: the folder boundaries of the architecture, plus a few correctness rules.
// No style rules: formatting is left to the authors. `npm test` runs this first (scripts/test.mjs).
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { importBoundaries } from './scripts/lint/import-boundaries.mjs'

/**
 * Renderer files that still import from main/ or preload/ (the contract, the person model, face
 * quality and geometry, auto-capture, csv and journal types, …). Each is an exception to
 * 'renderer-only-common' until that code moves to common/; the move empties this list. A renderer
 * file not listed here that imports main/, preload/ or a Node builtin fails lint.
 */
const RENDERER_FILES_STILL_IMPORTING_MAIN = [
  'renderer/blacklist/AddExistingDialog.tsx',
  'renderer/blacklist/BlacklistScreen.tsx',
  'renderer/bridge/http-bridge.ts',
  'renderer/bridge/index.ts',
  'renderer/bridge/ipc-bridge.ts',
  'renderer/capture/CaptureReview.tsx',
  'renderer/capture/CaptureView.tsx',
  'renderer/capture/bench/bench-page.ts',
  'renderer/capture/best-frames.ts',
  'renderer/capture/capture-flow.ts',
  'renderer/capture/engine.ts',
  'renderer/capture/frame-analysis.ts',
  'renderer/capture/index.ts',
  'renderer/capture/live-capture.ts',
  'renderer/capture/messages.ts',
  'renderer/capture/use-face-engine.ts',
  'renderer/enroll/EnrollScreen.tsx',
  'renderer/enroll/RecentEnrollments.tsx',
  'renderer/groups/EditGroupDialog.tsx',
  'renderer/groups/GroupsScreen.tsx',
  'renderer/groups/groups-slice.ts',
  'renderer/person-detail/PersonDetail.tsx',
  'renderer/person-detail/PersonHistory.tsx',
  'renderer/person-detail/PersonSync.tsx',
  'renderer/person-detail/PhotoPanel.tsx',
  'renderer/person-form/PersonFields.tsx',
  'renderer/person-form/form-model.ts',
  'renderer/persons/PersonRow.tsx',
  'renderer/persons/PersonsToolbar.tsx',
  'renderer/persons/person-status.ts',
  'renderer/persons/persons-slice.ts',
  'renderer/settings/BackupSection.tsx',
  'renderer/settings/CsvSection.tsx',
  'renderer/settings/capture-settings.ts',
  'renderer/settings/info-slice.ts',
  'renderer/settings/target-form.ts',
  'renderer/shared/capture-module.ts',
  'renderer/shared/photo-draft.ts',
  'renderer/sync/HistoryChart.tsx',
  'renderer/sync/SyncScreen.tsx',
  'renderer/sync/sync-slice.ts',
]

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
      // The core still imports the contract from preload/contract.ts; switch this on ('error')
      // when the contract moves to common/.
      'boundaries/core-without-preload': 'off',
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
    // applies as soon as common/ exists
    files: ['common/**'],
    rules: { 'boundaries/common-self-contained': 'error' },
  },
  {
    files: ['renderer/**'],
    ignores: [...RENDERER_BUILD_TOOLING, ...RENDERER_FILES_STILL_IMPORTING_MAIN],
    rules: { 'boundaries/renderer-only-common': 'error' },
  },
)
