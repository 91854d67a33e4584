import { spawnSync, spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from './temp'

export const ENROLL_BIN = join(REPO_ROOT, 'bin/enroll.js')

/**
 * The environment for a spawned CLI: the CLI words its error lines in the system's language
 * (LC_ALL, LC_MESSAGES, LANG), so the machine's locale is replaced by a neutral one; `extra`
 * (a test's own locale, for one) goes on top.
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' }
  delete env.LC_ALL
  delete env.LC_MESSAGES
  return { ...env, ...extra }
}

export interface CliResult {
  status: number
  stdout: string
  stderr: string
  json<T = unknown>(): T
}

/** Longest a command may take before the test calls it hung (the slowest, a sync run, waits 30 s at most). */
const CLI_LIMIT_MS = 180_000

/** Runs the real `enroll` command in a child process, as a user or script would. */
export function enroll(dataDir: string, ...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [ENROLL_BIN, '--data', dataDir, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: cliEnv({ ENROLL_ACTOR: 'cli-test' }), timeout: CLI_LIMIT_MS, killSignal: 'SIGKILL' })
  return {
    status: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.error ? `${result.stderr}\nenroll ${args.join(' ')}: ${result.error.message}` : result.stderr,
    json: <T>() => JSON.parse(result.stdout) as T,
  }
}

/**
 * Like `enroll`, without blocking this process: needed when a simulator in this process must answer.
 * A command still running after CLI_LIMIT_MS is killed and fails the test, naming the command and
 * what it printed, rather than holding the test file until the run's own limit.
 */
export function enrollAsync(dataDir: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENROLL_BIN, '--data', dataDir, ...args], { cwd: REPO_ROOT, env: cliEnv({ ENROLL_ACTOR: 'cli-test' }) })
    let stdout = ''
    let stderr = ''
    const hung = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`enroll ${args.join(' ')} did not end within ${CLI_LIMIT_MS / 1000} s\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, CLI_LIMIT_MS)
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', (error) => {
      clearTimeout(hung)
      reject(error)
    })
    child.on('close', (status) => {
      clearTimeout(hung)
      resolve({ status: status ?? -1, stdout, stderr, json: <T>() => JSON.parse(stdout) as T })
    })
  })
}

export interface ServedStation {
  url: string
  token: string
  origin: string
  child: ChildProcess
  stop(): Promise<void>
}

/** The administrator `startServe` signs in as: created on a register with no operator yet. */
export const TEST_ADMINISTRATOR = { name: 'test-admin', password: 'test-admin-password' }

/**
 * Starts `enroll serve` and signs its session in over HTTP with the token, as TEST_ADMINISTRATOR
 * (set up first when the register has no operator): the page opened on the URL is then signed in.
 */
export async function startServe(dataDir: string, ...args: string[]): Promise<ServedStation> {
  const served = await startServeSignedOut(dataDir, ...args)
  try {
    await signInServed(served, TEST_ADMINISTRATOR)
  } catch (error) {
    await served.stop()
    throw error
  }
  return served
}

/** Signs the served session in (or sets up the first administrator on a register without operators). */
export async function signInServed(served: Pick<ServedStation, 'origin' | 'token'>, who: { name: string; password: string }): Promise<void> {
  const call = async (channel: string, input: unknown) => {
    const response = await fetch(`${served.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
      body: JSON.stringify(input),
    })
    const body = (await response.json()) as { ok: boolean; result: unknown; error?: { message: string } }
    if (!body.ok) throw new Error(`${channel} as ${who.name}: ${body.error?.message}`)
    return body.result
  }
  const status = (await call('session.status', {})) as { needsFirstAdministrator: boolean }
  await call(status.needsFirstAdministrator ? 'session.setUp' : 'session.signIn', who)
}

/** Starts `enroll serve` and resolves with the URL it prints first; nobody is signed in. */
export function startServeSignedOut(dataDir: string, ...args: string[]): Promise<ServedStation> {
  const child = spawn(process.execPath, [ENROLL_BIN, '--data', dataDir, 'serve', '--port', '0', ...args], { cwd: REPO_ROOT, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (chunk) => (err += chunk))
    child.stdout!.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n')[0]
      if (out.includes('\n')) {
        const url = new URL(line)
        resolve({
          url: line,
          token: new URLSearchParams(url.hash.slice(1)).get('token')!,
          origin: url.origin,
          child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done()
              child.once('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`enroll serve exited (${code}): ${err}`)))
  })
}
