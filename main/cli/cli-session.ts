import { statSync } from 'node:fs'
import { userInfo } from 'node:os'
import type { Station } from '../core/station'
import { createHandlers } from '../core/api/handlers'
import { OperatorSession } from '../core/operators/session'
import { coreError } from '../../common/errors/core-error'
import { contractCall } from './contract-call'

/**
 * Who a CLI run acts as. `--operator NAME` signs in like the desk does (password from
 * ENROLL_OPERATOR_PASSWORD, else asked on the terminal without echo), with the same delays and lock-out.
 * Without it, the run is the machine's own administrator — named `local:<osuser>` in the audit
 * trail — but only for the account that owns the data folder: whoever can read and write those
 * files directly gains nothing by being refused here. Anyone else is refused.
 */
export async function cliSession(station: Station, operator: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<OperatorSession | string> {
  if (operator !== undefined) {
    const password = env.ENROLL_OPERATOR_PASSWORD ?? (await askPassword(`password for ${operator}: `))
    if (password === undefined) throw coreError('unauthorized', 'session.password_needed', { operator }, { field: 'operator' })
    const session = new OperatorSession()
    await contractCall(createHandlers(station, session))('session.signIn', { name: operator, password })
    return session
  }
  const user = osUser()
  if (!ownsFolder(station.dataDir)) throw coreError('unauthorized', 'session.not_data_owner', { user, folder: station.dataDir }, { field: 'operator' })
  return `local:${user}`
}

function osUser(): string {
  try {
    return userInfo().username || String(process.getuid?.() ?? 'unknown')
  } catch {
    return String(process.getuid?.() ?? 'unknown')
  }
}

/** POSIX: the folder's owner is this process's user. Windows has no uid here; its folder permissions decide who reaches the files at all. */
function ownsFolder(folder: string): boolean {
  if (typeof process.getuid !== 'function') return true
  return statSync(folder).uid === process.getuid()
}

/** A password typed on the terminal, not echoed; undefined when there is no terminal or it is abandoned (Ctrl+C, Ctrl+D). */
function askPassword(prompt: string): Promise<string | undefined> {
  const { stdin, stderr } = process
  if (!stdin.isTTY || !stderr.isTTY) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    let typed = ''
    const finish = (value: string | undefined) => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      stderr.write('\n')
      resolve(value)
    }
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString('utf8')) {
        if (character === '\r' || character === '\n') return finish(typed)
        if (character === '\u0003' || character === '\u0004') return finish(undefined)
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1)
        else typed += character
      }
    }
    // echo off before the prompt shows: whatever is typed (or pasted) once it is up is never echoed
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on('data', onData)
    stderr.write(prompt)
  })
}
