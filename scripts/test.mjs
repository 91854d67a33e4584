#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner (tsx compiles TypeScript on the fly),
// after the checks: lint (eslint.config.js: import boundaries and a few correctness rules) and the
// type-check (tsc --noEmit for each tsconfig). A failed check stops the run before any test.
//
// Usage: npm test                       checks, then every test
//        npm test -- <substring>…       only the matching tests, no checks (e.g. `npm test -- store cli`)
//        npm run test:fast              checks, then the Node tests that need no browser and no
//                                       Electron: test/core, contract, connectors, face, host
//                                       (without the two store soak tests)
// SKIP_CHECKS=1 leaves the checks out; CHECKS_ONLY=1 runs the checks alone.
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawn, spawnSync } from 'node:child_process'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const fast = args.includes('--fast')
const filters = args.filter((arg) => arg !== '--fast')
const FAST_FOLDERS = ['test/core/', 'test/contract/', 'test/connectors/', 'test/face/', 'test/host/']
/** Soak tests (processes killed mid-write, hundreds of injected disk faults): minutes each, full run only. */
const SOAK_TESTS = ['test/core/store-kill.test.ts', 'test/core/store-fault-rounds.test.ts']
/** Every tsconfig the type-check covers: the whole tree, and common/ alone without Node types. */
const TSCONFIGS = ['tsconfig.json', 'common/tsconfig.json']

function findTests(dir) {
  const found = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...findTests(path))
    else if (name.endsWith('.test.ts')) found.push(path)
  }
  return found
}

/** Runs a command, keeping its output until it ends so parallel checks do not interleave. */
function runQuietly(label, command, commandArgs) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (status) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.log(`${status === 0 ? '✔' : '✖'} ${label} (${seconds} s)`)
      if (output.trim()) console.log(output.trimEnd())
      resolve(status === 0)
    })
  })
}

/** Lint and type-check side by side (each is mostly one core's work); caches live in node_modules/.cache. */
async function runChecks() {
  const bin = (name) => join(root, 'node_modules', '.bin', name)
  const results = await Promise.all([
    runQuietly('lint', bin('eslint'), ['--cache', '--cache-location', 'node_modules/.cache/eslint/', '.']),
    ...TSCONFIGS.map((tsconfig) =>
      runQuietly(`type-check ${tsconfig}`, bin('tsc'), [
        '--noEmit', '-p', tsconfig, '--incremental', '--tsBuildInfoFile', `node_modules/.cache/tsc/${tsconfig}.tsbuildinfo`,
      ]),
    ),
  ])
  return results.every(Boolean)
}

const checksWanted = filters.length === 0 && !process.env.SKIP_CHECKS
if (checksWanted || process.env.CHECKS_ONLY) {
  if (!(await runChecks())) process.exit(1)
  if (process.env.CHECKS_ONLY) process.exit(0)
}

const files = findTests(join(root, 'test'))
  .map((file) => relative(root, file))
  .filter((file) => !fast || (FAST_FOLDERS.some((folder) => file.startsWith(folder)) && !SOAK_TESTS.includes(file)))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort()

if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`)
  process.exit(1)
}

// Browser tests need the built renderer; build it once here rather than in each test.
if (files.some((file) => file.includes('/browser/')) && !process.env.SKIP_RENDERER_BUILD) {
  const build = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

/**
 * A test file that never ends would hold the whole run until CI's limit cut it off, printing
 * nothing about where it stuck. So each file (and each test) fails after FILE_LIMIT_MS, a file
 * whose tests have ended exits even if something it started still holds its event loop, and past
 * RUN_LIMIT_MS the run prints what is still running and stops.
 */
const FILE_LIMIT_MS = Number(process.env.TEST_FILE_LIMIT_MS ?? 10 * 60_000)
const RUN_LIMIT_MS = Number(process.env.TEST_RUN_LIMIT_MS ?? 80 * 60_000)

const runner = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', '--test-force-exit', `--test-timeout=${FILE_LIMIT_MS}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' }, detached: true },
)
const watchdog = setTimeout(() => {
  console.error(`\n✖ the tests ran past ${RUN_LIMIT_MS / 60_000} min; still running:`)
  spawnSync('ps', ['-eo', 'pid,ppid,etime,args', '--forest'], { stdio: 'inherit' })
  try {
    process.kill(-runner.pid, 'SIGKILL')
  } catch {
    runner.kill('SIGKILL')
  }
}, RUN_LIMIT_MS)
// the runner has its own process group (so the watchdog can stop all it started): pass Ctrl+C on
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    try {
      process.kill(-runner.pid, signal)
    } catch {
      runner.kill(signal)
    }
  })
}
runner.on('exit', (status, signal) => {
  clearTimeout(watchdog)
  process.exit(status ?? (signal ? 1 : 0))
})
