/**
 * The CLI's operators, as real `enroll` processes: `--operator NAME` with ENROLL_OPERATOR_PASSWORD gets its
 * role's rights and no more (exit 4, the channel named), the owner of the data folder is its
 * local administrator, anyone else is refused; `enroll operator` and `enroll audit`.
 */
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { userInfo } from 'node:os'
import { parse } from 'csv-parse/sync'
import { openStation } from '../../main/core/station'
import type { OperatorView, AuditListEntry } from '../../common/operators/operator-types'
import { cliEnv, ENROLL_BIN } from '../helpers/cli'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { addOperators, OPERATORS } from '../helpers/operators'

const dataDir = tempDir('enroll-cli-operators-')

function run(args: string[], env: NodeJS.ProcessEnv = {}, dir = dataDir) {
  const result = spawnSync(process.execPath, [ENROLL_BIN, '--data', dir, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: cliEnv(env) })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}
const asRita = (...args: string[]) => run(['--operator', OPERATORS.reception.name, ...args], { ENROLL_OPERATOR_PASSWORD: OPERATORS.reception.password })

before(async () => {
  const station = await openStation({ dataDir })
  await addOperators(station)
  await station.close()
})

test('--operator NAME: reception may enroll a visitor, and is refused (exit 4, channel named) a group and a blacklist entry', () => {
  const added = asRita('person', 'add', '--name', '访客 王芳', '--code', 'V1', '--json')
  assert.equal(added.status, 0, added.stderr)
  assert.equal(JSON.parse(added.stdout).createdBy, OPERATORS.reception.name)
  const group = asRita('group', 'add', '--name', 'Lobby')
  assert.equal(group.status, 4)
  assert.match(group.stderr, /group\.add/)
  const banned = asRita('person', 'add', '--name', 'Banned', '--type', 'blacklist', '--reason', 'seen', '--json')
  assert.equal(banned.status, 4)
  assert.equal(JSON.parse(banned.stderr).error.code, 'forbidden')
  const backup = asRita('backup', '--to', tempDir('enroll-cli-backup-'))
  assert.equal(backup.status, 4, 'a backup to a folder of ones own goes through the same rule')
})

test('--operator NAME: a wrong or missing password is refused with exit 4', () => {
  const wrong = run(['--operator', OPERATORS.reception.name, 'person', 'list'], { ENROLL_OPERATOR_PASSWORD: 'wrong-one' })
  assert.equal(wrong.status, 4)
  assert.match(wrong.stderr, /wrong name or password/)
  const missing = run(['--operator', OPERATORS.reception.name, 'person', 'list'], { ENROLL_OPERATOR_PASSWORD: undefined })
  assert.equal(missing.status, 4)
  assert.match(missing.stderr, /ENROLL_OPERATOR_PASSWORD/)
})

test('--operator NAME on a terminal: the password is asked for and not echoed', { skip: !existsSync('/usr/bin/script') && 'needs script(1) for a pseudo-terminal' }, async () => {
  const command = [process.execPath, ENROLL_BIN, '--data', dataDir, '--operator', `'${OPERATORS.reception.name}'`, 'person', 'list'].join(' ')
  const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, env: cliEnv({ ENROLL_OPERATOR_PASSWORD: undefined }) })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
    // typed only once the prompt is up, so the terminal is already in raw mode
    if (output.includes('password for') && !output.includes('(typed)')) {
      output += '(typed)'
      child.stdin.write(`${OPERATORS.reception.password}\r`)
    }
  })
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
  assert.equal(status, 0, output)
  assert.match(output, /password for Rita 前台/)
  assert.match(output, /访客 王芳/, "signed in: the visitor added above is listed")
  assert.ok(!output.includes(OPERATORS.reception.password), 'the password is not echoed')
})

test('the owner of the data folder is its local administrator: enroll operator add|list|edit, enroll audit list|export', () => {
  const user = userInfo().username
  const added = run(['operator', 'add', '--name', '保安 老李', '--role', 'security', '--json'], { ENROLL_NEW_PASSWORD: 'lao-li-pass' })
  assert.equal(added.status, 0, added.stderr)
  const listed = JSON.parse(run(['operator', 'list', '--json']).stdout) as OperatorView[]
  assert.deepEqual(listed.map((o) => o.name).sort(), [...Object.values(OPERATORS).map((o) => o.name), '保安 老李'].sort())
  assert.ok(!JSON.stringify(listed).includes('scrypt'))
  const edited = run(['operator', 'edit', '保安 老李', '--disable', '--json'])
  assert.equal(edited.status, 0, edited.stderr)
  assert.equal((JSON.parse(edited.stdout) as OperatorView).disabled, true)

  const trail = JSON.parse(run(['audit', 'list', '--by', `local:${user}`, '--json']).stdout) as AuditListEntry[]
  assert.deepEqual(trail.map((entry) => entry.action), ['update', 'create'])
  const file = join(tempDir('enroll-cli-audit-'), 'audit.csv')
  const exported = run(['audit', 'export', file, '--by', OPERATORS.reception.name])
  assert.equal(exported.status, 0, exported.stderr)
  const bytes = readFileSync(file)
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Array<Record<string, string>>
  assert.ok(rows.some((row) => row.subject.startsWith('访客 王芳') && row.action === 'create'))
  assert.ok(rows.every((row) => row.operator === OPERATORS.reception.name))
})

test('an account that does not own the data folder is refused without --operator', { skip: process.getuid?.() !== 0 && 'needs root to give the folder to another account' }, () => {
  const foreign = tempDir('enroll-cli-foreign-')
  chownSync(foreign, 65534, 65534)
  const refused = run(['person', 'list', '--json'], {}, foreign)
  assert.equal(refused.status, 4)
  assert.equal(JSON.parse(refused.stderr).error.messageCode, 'session.not_data_owner')
})
