// The station's logs (main/logging/station-log.ts, electron-log underneath): one line format for
// the desktop app's main.log and `enroll serve`'s serve.log, rotation at a size limit, and the
// served station writing its log where ENROLL_LOG_DIR says.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { createStationLog, defaultLogDir } from '../../main/logging/station-log'
import { cliEnv, ENROLL_BIN } from '../helpers/cli'
import { REPO_ROOT, tempDir } from '../helpers/temp'

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO|WARN|ERROR) /

test('each entry is one line "<ISO time> <LEVEL> <text>", an error with its stack', () => {
  const folder = tempDir()
  const log = createStationLog({ folder, fileName: 'main.log', echo: false })
  log.info('starting')
  log.warn('blocked a request to https://cdn.example/x')
  log.error('the sync queue could not start', new Error('disk full'))
  assert.equal(log.path, join(folder, 'main.log'))
  const lines = readFileSync(log.path, 'utf8').split('\n')
  assert.match(lines[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO starting$/)
  assert.match(lines[1], /Z WARN blocked a request to https:\/\/cdn\.example\/x$/)
  assert.match(lines[2], /Z ERROR the sync queue could not start: Error: disk full$/)
  assert.match(lines[3], /^ {4}at /, 'the stack follows')
})

test('past its size limit the file moves to <name>.old.log and a new one starts; the newest entries stay, in order', () => {
  const folder = tempDir()
  const log = createStationLog({ folder, fileName: 'main.log', echo: false, maxBytes: 1000 })
  for (let i = 0; i < 40; i++) log.info(`entry ${i} ${'x'.repeat(20)}`)
  const current = readFileSync(join(folder, 'main.log'), 'utf8')
  const old = readFileSync(join(folder, 'main.old.log'), 'utf8')
  assert.ok(current.length <= 1000 + 100, `main.log stays near its limit (${current.length} bytes)`)
  const entries = (old + current).split('\n').filter(Boolean).map((line) => Number(/entry (\d+)/.exec(line)![1]))
  assert.deepEqual(entries.slice(-1), [39])
  assert.deepEqual(entries, entries.slice().sort((a, b) => a - b), 'in order across the two files')
  for (const line of current.split('\n').filter(Boolean)) assert.match(line, LINE)
})

test('the default log folder is the one Electron gives the app; ENROLL_LOG_DIR overrides it', () => {
  assert.equal(defaultLogDir({ XDG_CONFIG_HOME: '/home/a/.config' }, 'linux'), '/home/a/.config/Enrollment Station/logs')
  assert.match(defaultLogDir({}, 'darwin'), /\/Library\/Logs\/Enrollment Station$/)
  assert.equal(defaultLogDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32'), join('C:\\Users\\a\\AppData\\Roaming', 'Enrollment Station', 'logs'))
  assert.equal(defaultLogDir({ ENROLL_LOG_DIR: '/var/log/station' }, 'linux'), '/var/log/station')
})

test('enroll serve writes serve.log in the same format, from start to stop', async () => {
  const dataDir = tempDir()
  const logDir = tempDir()
  const child = spawn(process.execPath, [ENROLL_BIN, '--data', dataDir, 'serve', '--port', '0', '--no-sync'], {
    cwd: REPO_ROOT,
    env: cliEnv({ ENROLL_LOG_DIR: logDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  for await (const chunk of child.stdout) {
    stdout += chunk
    if (stdout.includes('\n')) break
  }
  assert.match(stdout, /^http:\/\/127\.0\.0\.1:\d+\//, 'the URL is still the first line on stdout')
  await new Promise((resolve) => setTimeout(resolve, 200))
  child.kill('SIGTERM')
  await once(child, 'close')
  const logPath = join(logDir, 'serve.log')
  assert.ok(existsSync(logPath), stderr)
  const lines = readFileSync(logPath, 'utf8').split('\n').filter(Boolean)
  assert.match(lines[0], new RegExp(`${LINE.source}serving ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at http://127\\.0\\.0\\.1:\\d+`))
  assert.match(lines.at(-1)!, /Z INFO stopping$/)
  assert.match(stderr, /Z INFO serving /, 'and echoes it on stderr')
})
