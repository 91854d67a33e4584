import { spawn } from 'node:child_process'
import { REPO_ROOT } from './temp'

export interface AckingChildRun {
  /** Highest version acknowledged per person id ("ack <id> <version>" lines). */
  acked: Map<string, number>
  output: string
}

/**
 * Runs a child that prints "ready" once open and "ack <id> <version>" after each durable edit.
 * With `killAfterMs` it is killed with SIGKILL that long after "ready" and must not exit by
 * itself; without, it must exit 0.
 */
export function runAckingChild(args: string[], options: { killAfterMs?: number } = {}): Promise<AckingChildRun> {
  const killing = options.killAfterMs !== undefined
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const acked = new Map<string, number>()
    let buffer = ''
    let output = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) {
        output += `${line}\n`
        if (line === 'ready' && killing) setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
        const [word, id, version] = line.split(' ')
        if (word === 'ack') acked.set(id, Math.max(acked.get(id) ?? 0, Number(version)))
      }
    })
    child.on('exit', (code, signal) => {
      if (killing && signal !== 'SIGKILL') reject(new Error(`the child exited by itself (${code}): ${stderr}`))
      else if (!killing && code !== 0) reject(new Error(`the child failed (${code}): ${stderr}`))
      else resolve({ acked, output })
    })
  })
}
