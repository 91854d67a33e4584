import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'

test('enroll --help lists the commands', () => {
  const result = enroll(tempDir(), '--help')
  assert.equal(result.status, 0)
  for (const command of ['person', 'group', 'import', 'export', 'serve']) assert.match(result.stdout, new RegExp(`\\n  ${command} `))
})

test('person add/edit/show/list/delete/restore/purge end to end, with --json', async () => {
  const faces = await ensureFaceFixtures()
  const data = tempDir()
  assert.equal(enroll(data, 'group', 'add', '--name', 'Lobby doors').status, 0)
  const added = enroll(data, 'person', 'add', '--name', '赵六', '--code', 'E42', '--type', 'employee', '--phone', '+86 138 0013 8000', '--group', 'lobby-doors', '--photo', faces.faceA, '--json')
  assert.equal(added.status, 0, added.stderr)
  const person = added.json<Person>()
  assert.equal(person.code, 'E42')
  assert.equal(person.phone, '+8613800138000')
  assert.deepEqual(person.groups, ['lobby-doors'])
  assert.deepEqual([person.photo?.width, person.photo?.height], [480, 640], 'the stored photo is the standard portrait crop')
  assert.ok(person.photo!.quality! >= 50, 'with its quality score')

  const edited = enroll(data, 'person', 'edit', 'E42', '--department', 'R&D', '--json').json<Person>()
  assert.equal(edited.department, 'R&D')
  assert.equal(edited.version, 2)
  const stale = enroll(data, 'person', 'edit', 'E42', '--version', '1', '--department', 'Ops')
  assert.equal(stale.status, 2)
  assert.match(stale.stderr, /^enroll: version: /)

  const shown = enroll(data, 'person', 'show', 'E42', '--history', '--json').json<Person & { history: Array<{ action: string }> }>()
  assert.deepEqual(shown.history.map((h) => h.action), ['create', 'update'])

  assert.equal(enroll(data, 'person', 'list', '--search', '赵', '--json').json<Person[]>().length, 1)
  assert.equal(enroll(data, 'person', 'delete', 'E42').status, 0)
  assert.equal(enroll(data, 'person', 'list', '--json').json<Person[]>().length, 0)
  assert.equal(enroll(data, 'person', 'list', '--deleted', '--json').json<Person[]>().length, 1)
  assert.equal(enroll(data, 'person', 'restore', 'E42').status, 0)
  assert.equal(enroll(data, 'person', 'purge', 'E42').status, 0)
  assert.equal(enroll(data, 'person', 'show', 'E42').status, 2)
})

test('bad input exits non-zero with one line naming the field, and stores nothing', () => {
  const data = tempDir()
  const cases: Array<[string[], RegExp]> = [
    [['person', 'add', '--name', ''], /^enroll: name: is required\n$/],
    [['person', 'add', '--name', 'A', '--phone', 'abc'], /^enroll: phone: /],
    [['person', 'add', '--name', 'A', '--type', 'robot'], /^enroll: type: /],
    [['person', 'add', '--name', 'A', '--group', 'missing'], /^enroll: groups: unknown group missing/],
    [['person', 'add', '--name', 'A', '--photo', '/nonexistent.jpg'], /^enroll: photo: cannot read/],
    [['person', 'add', '--name', 'A', '--bogus', 'x'], /^enroll: --bogus: unknown option/],
    [['person', 'add', '--name', 'A', '--cert-number', '123'], /^enroll: certificate\.number: /],
  ]
  for (const [args, message] of cases) {
    const result = enroll(data, ...args)
    assert.equal(result.status, 2, `${args.join(' ')} → ${result.stderr}`)
    assert.match(result.stderr, message)
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line')
  }
  assert.equal(enroll(data, 'person', 'list', '--json').json<Person[]>().length, 0)
})

test('import and export CSV, with a bad row reported by line and exit code 3', () => {
  const data = tempDir()
  const csv = join(data, '..', `in-${process.pid}.csv`)
  writeFileSync(csv, '\ufeffcode,name,type\nE1,One,employee\nE2,,employee\nE3,Three,employee\n')
  const result = enroll(data, 'import', csv, '--json')
  assert.equal(result.status, 3)
  const report = result.json<{ created: number; failed: Array<{ line: number; field: string }> }>()
  assert.equal(report.created, 2)
  assert.deepEqual(report.failed.map((f) => [f.line, f.field]), [[3, 'name']])
  const out = join(data, 'out.csv')
  assert.equal(enroll(data, 'export', out).status, 0)
  const text = readFileSync(out, 'utf8')
  assert.match(text, /^\ufeffcode,name,type/)
  assert.equal(text.trim().split('\n').length, 3)
})

test('ENROLL_DATA_DIR chooses the register when --data is absent', async () => {
  const data = tempDir()
  const { spawnSync } = await import('node:child_process')
  const { ENROLL_BIN, cliEnv } = await import('../helpers/cli')
  const run = (args: string[]) => spawnSync(process.execPath, [ENROLL_BIN, ...args], { encoding: 'utf8', env: cliEnv({ ENROLL_DATA_DIR: data }) })
  assert.equal(run(['group', 'add', '--name', 'Env']).status, 0)
  assert.equal(enroll(data, 'group', 'list', '--json').json<unknown[]>().length, 1)
})
