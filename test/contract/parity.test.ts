import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { CHANNELS, contract } from '../../common/contract'
import { createHandlers } from '../../main/core/api/handlers'
import { openStation } from '../../main/core/station'
import { tempDir, REPO_ROOT } from '../helpers/temp'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : []
  })
}

test('main/core imports nothing from electron (the core runs in plain Node)', () => {
  const offenders = sourceFiles(join(REPO_ROOT, 'main/core')).filter((file) =>
    /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](?:electron|@electron\/[^'"]+)['"]/.test(readFileSync(file, 'utf8')),
  )
  assert.deepEqual(offenders.map((f) => relative(REPO_ROOT, f)), [])
})

test('every contract channel has exactly one handler and an input schema', async () => {
  const station = await openStation({ dataDir: tempDir() })
  const handlers = createHandlers(station, 'test')
  assert.deepEqual(Object.keys(handlers).sort(), [...CHANNELS].sort())
  for (const channel of CHANNELS) assert.equal(typeof contract[channel].input.safeParse, 'function', channel)
  await station.close()
})

test('a channel added to the contract without a handler fails type checking', () => {
  // Compile a probe against the real types: a Handlers object missing one channel must be an error.
  const dir = mkdtempSync(join(tmpdir(), 'parity-'))
  const probe = join(dir, 'probe.ts')
  const handlersPath = join(REPO_ROOT, 'main/core/api/handlers').replaceAll('\\', '/')
  writeFileSync(
    probe,
    `import type { Handlers } from '${handlersPath}'
declare const complete: Handlers
const { 'person.add': _dropped, ...missingOne } = complete
// @ts-expect-error: a handlers map without 'person.add' is not Handlers
export const incomplete: Handlers = missingOne
// @ts-expect-error: an unknown channel cannot be called through the typed bridge
export const unknown: Handlers['person.fly'] = null as never
`,
  )
  // the project's own compiler options (its type roots included), with the probe as the only file
  const config = join(dir, 'tsconfig.json')
  writeFileSync(config, JSON.stringify({ extends: join(REPO_ROOT, 'tsconfig.json'), include: [], files: [probe] }))
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8', cwd: REPO_ROOT })
  assert.equal(result.status, 0, `both @ts-expect-error lines must be real errors:\n${result.stdout}${result.stderr}`)
})
