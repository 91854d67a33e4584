// The folder boundaries in eslint.config.js bite: the project's own lint config, run through
// ESLint's API on source placed (by path) in each folder, reports the imports each boundary forbids
// and lets the allowed ones through.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const root = fileURLToPath(new URL('../..', import.meta.url))
const eslint = new ESLint({ cwd: root })

/** The boundary rules (without their 'boundaries/' prefix) that fire on `source` as `filePath`. */
async function brokenBoundaries(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${filePath}` })
  assert.ok(result, `no lint result for ${filePath}`)
  const fatal = result.messages.filter((message) => message.fatal)
  assert.deepEqual(fatal, [], `${filePath} did not parse`)
  return result.messages
    .filter((message) => message.ruleId?.startsWith('boundaries/'))
    .map((message) => message.ruleId!.slice('boundaries/'.length))
}

test('main/core importing electron, the Electron shell, the host, the CLI or the renderer fails lint', async () => {
  const file = 'main/core/persons/lint-fixture.ts'
  assert.deepEqual(await brokenBoundaries(file, "import { app } from 'electron'\nexport const a = app\n"), ['core-stays-plain'])
  assert.deepEqual(await brokenBoundaries(file, "export { writeLog } from '../../electron/log'\n"), ['core-stays-plain'])
  assert.deepEqual(await brokenBoundaries(file, "const host = await import('../../host/loopback-host')\nexport { host }\n"), ['core-stays-plain'])
  assert.deepEqual(await brokenBoundaries(file, "import type { X } from '../../cli/command'\nexport type Y = X\n"), ['core-stays-plain'])
  assert.deepEqual(await brokenBoundaries(file, "import '../../../renderer/app/App'\n"), ['core-stays-plain'])
})

test('main/core may import its own folders, common/ and packages (electron-log is not electron)', async () => {
  const file = 'main/core/persons/lint-fixture.ts'
  const source = "import { z } from 'zod'\nimport log from 'electron-log/node'\nimport { readFile } from 'node:fs/promises'\nimport { PersonSchema } from '../../../common/model/person'\nexport { z, log, readFile, PersonSchema }\n"
  assert.deepEqual(await brokenBoundaries(file, source), [])
})

test('main/core never imports preload/; it takes the contract from common/', async () => {
  const file = 'main/core/api/lint-fixture.ts'
  assert.deepEqual(await brokenBoundaries(file, "import { CHANNELS } from '../../../preload/index'\nexport { CHANNELS }\n"), ['core-without-preload', 'preload-reached-through-contract'])
  assert.deepEqual(await brokenBoundaries(file, "import { CHANNELS } from '../../../common/contract'\nexport { CHANNELS }\n"), [])
})

test('the host and the CLI never import electron or the Electron shell', async () => {
  assert.deepEqual(await brokenBoundaries('main/host/lint-fixture.ts', "import { shell } from 'electron'\nexport { shell }\n"), ['host-and-cli-without-electron'])
  assert.deepEqual(await brokenBoundaries('main/cli/commands/lint-fixture.ts', "import { setupLog } from '../../electron/log'\nexport { setupLog }\n"), ['host-and-cli-without-electron'])
})

test('nothing imports preload/: the preload runs only in Electron', async () => {
  assert.deepEqual(await brokenBoundaries('main/host/lint-fixture.ts', "import '../../preload/index'\n"), ['preload-reached-through-contract'])
  assert.deepEqual(await brokenBoundaries('main/host/lint-fixture.ts', "import { CHANNELS } from '../../common/contract'\nexport { CHANNELS }\n"), [])
})

test('a renderer file importing main/, preload/ or Node fails lint, wherever it is; common/ and its own folders pass', async () => {
  for (const file of ['renderer/new-feature/NewFeature.tsx', 'renderer/sync/sync-slice.ts', 'renderer/capture/live-capture.ts']) {
    const up = '../'.repeat(file.split('/').length - 1)
    assert.deepEqual(await brokenBoundaries(file, `import { PersonSchema } from '${up}main/core/model/person'\nexport { PersonSchema }\n`), ['renderer-only-common'], file)
    assert.deepEqual(await brokenBoundaries(file, `import { AutoCapture } from '${up}main/core/face/auto-capture'\nexport { AutoCapture }\n`), ['renderer-only-common'], file)
    assert.deepEqual(await brokenBoundaries(file, `import type { X } from '${up}main/electron/ipc'\nexport type Y = X\n`), ['renderer-only-common'], file)
    assert.deepEqual(await brokenBoundaries(file, `import '${up}preload/index'\n`), ['preload-reached-through-contract', 'renderer-only-common'], file)
    assert.deepEqual(await brokenBoundaries(file, "import { readFileSync } from 'node:fs'\nexport { readFileSync }\n"), ['renderer-only-common'], file)
    assert.deepEqual(await brokenBoundaries(file, `import { create } from 'zustand'\nimport { useT } from '../i18n'\nimport { contract } from '${up}common/contract'\nexport { create, useT, contract }\n`), [], file)
  }
})

test('common/ imports only itself: not main/, renderer/, preload/ or Node', async () => {
  const file = 'common/persons/lint-fixture.ts'
  assert.deepEqual(await brokenBoundaries(file, "import { z } from 'zod'\nimport { CODES } from '../errors/codes'\nexport { z, CODES }\n"), [])
  assert.deepEqual(await brokenBoundaries(file, "import { PersonSchema } from '../../main/core/model/person'\nexport { PersonSchema }\n"), ['common-self-contained'])
  assert.deepEqual(await brokenBoundaries(file, "import type { Station } from '../../main/core/station'\nexport type S = Station\n"), ['common-self-contained'])
  assert.deepEqual(await brokenBoundaries(file, "import { CONTENT_SECURITY_POLICY } from '../../main/security/content-security-policy'\nexport { CONTENT_SECURITY_POLICY }\n"), ['common-self-contained'])
  assert.deepEqual(await brokenBoundaries(file, "import type { Bridge } from '../../preload/index'\nexport type B = Bridge\n"), ['preload-reached-through-contract', 'common-self-contained'])
  assert.deepEqual(await brokenBoundaries(file, "import { t } from '../../renderer/i18n'\nexport { t }\n"), ['common-self-contained'])
  assert.deepEqual(await brokenBoundaries(file, "import { join } from 'node:path'\nexport { join }\n"), ['common-self-contained'])
})
