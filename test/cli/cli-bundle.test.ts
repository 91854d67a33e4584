// The bundled `enroll` (scripts/build-cli.mjs → out/cli/enroll.mjs) answers like the sources do,
// photos included (sharp loads on first use, face-api from node_modules), and bin/enroll.js uses a
// bundle only while no source it was built from has changed.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after } from 'node:test'
import { pathToFileURL } from 'node:url'
import type { Person } from '../../common/model/person'
import { buildCli } from '../../scripts/build-cli.mjs'
import { bundleState, BUNDLE_INPUTS_PATH, BUNDLE_PATH } from '../../bin/bundle-state.js'
import { cliEnv, enroll } from '../helpers/cli'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'

/** Inside the repository (test/.tmp is ignored by git), so the bundle finds node_modules as out/cli does. */
function bundleDir(): string {
  mkdirSync(join(REPO_ROOT, 'test/.tmp'), { recursive: true })
  const dir = mkdtempSync(join(REPO_ROOT, 'test/.tmp/cli-bundle-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Runs the bundle's runCli in a child process, as bin/enroll.js does. */
function runBundle(bundle: string, dataDir: string, ...args: string[]) {
  const runner = join(bundle, '..', 'run.mjs')
  writeFileSync(runner, `const { runCli } = await import(${JSON.stringify(pathToFileURL(bundle).href)})\nprocess.exitCode = await runCli(process.argv.slice(2))\n`)
  const result = spawnSync(process.execPath, [runner, '--data', dataDir, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: cliEnv({ ENROLL_ACTOR: 'cli-test' }) })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function fromSource(dataDir: string, ...args: string[]) {
  const previous = process.env.ENROLL_FROM_SOURCE
  process.env.ENROLL_FROM_SOURCE = '1'
  try {
    return enroll(dataDir, ...args)
  } finally {
    if (previous === undefined) delete process.env.ENROLL_FROM_SOURCE
    else process.env.ENROLL_FROM_SOURCE = previous
  }
}

test('the bundle answers --help, person add (with a photo), edit, list and a refusal exactly as the sources do', async () => {
  const out = bundleDir()
  assert.ok((await buildCli(out)) > 50, 'the bundle lists the sources it was built from')
  const bundle = join(out, 'enroll.mjs')
  const faces = await ensureFaceFixtures()

  const help = runBundle(bundle, tempDir(), '--help')
  assert.equal(help.status, 0)
  assert.equal(help.stdout, fromSource(tempDir(), '--help').stdout)

  const bundled = tempDir()
  const added = runBundle(bundle, bundled, 'person', 'add', '--name', '赵六', '--code', 'E42', '--type', 'employee', '--photo', faces.faceA, '--json')
  assert.equal(added.status, 0, added.stderr)
  const person = JSON.parse(added.stdout) as Person
  assert.deepEqual([person.photo?.width, person.photo?.height], [480, 640], 'sharp and the face pipeline ran from the bundle')

  const edited = runBundle(bundle, bundled, 'person', 'edit', 'E42', '--department', 'Sales', '--json')
  assert.equal(edited.status, 0, edited.stderr)
  assert.equal((JSON.parse(edited.stdout) as Person).department, 'Sales')
  const listed = runBundle(bundle, bundled, 'person', 'list', '--json')
  const sourceListed = fromSource(bundled, 'person', 'list', '--json')
  assert.equal(listed.stdout, sourceListed.stdout, 'bundle and sources read the same register the same way')

  const refused = runBundle(bundle, bundled, 'person', 'edit', 'E42', '--type', 'alien')
  const sourceRefused = fromSource(bundled, 'person', 'edit', 'E42', '--type', 'alien')
  assert.equal(refused.status, 2)
  assert.deepEqual([refused.status, refused.stderr], [sourceRefused.status, sourceRefused.stderr])
})

test('a bundle is used only while every source it was built from is older than its build', () => {
  const root = tempDir()
  assert.equal(bundleState(root), 'absent', 'never built')
  mkdirSync(join(root, 'out/cli'), { recursive: true })
  mkdirSync(join(root, 'main'))
  writeFileSync(join(root, 'main/a.ts'), 'export const a = 1\n')
  writeFileSync(join(root, 'main/b.ts'), 'export const b = 2\n')
  const built = Date.now()
  const hourAgo = new Date(built - 3_600_000)
  utimesSync(join(root, 'main/a.ts'), hourAgo, hourAgo)
  utimesSync(join(root, 'main/b.ts'), hourAgo, hourAgo)
  writeFileSync(join(root, BUNDLE_PATH), 'export async function runCli() { return 0 }\n')
  writeFileSync(join(root, BUNDLE_INPUTS_PATH), JSON.stringify({ startedAt: built, inputs: ['main/a.ts', 'main/b.ts'] }))
  assert.equal(bundleState(root), 'fresh')

  const later = new Date(built + 1000)
  utimesSync(join(root, 'main/b.ts'), later, later)
  assert.equal(bundleState(root), 'stale', 'a source saved after the build began')
  utimesSync(join(root, 'main/b.ts'), hourAgo, hourAgo)
  rmSync(join(root, 'main/a.ts'))
  assert.equal(bundleState(root), 'stale', 'a source gone since the build')

  writeFileSync(join(root, BUNDLE_INPUTS_PATH), '{ not json')
  assert.equal(bundleState(root), 'absent', 'an unreadable list of sources')
})
