import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Store } from '../../main/core/store/store'
import { tempDir, REPO_ROOT } from '../helpers/temp'

/**
 * The two-writer race: CONTENDERS processes, each ready and waiting, are released together (one
 * signal to each, sent back to back) to open the same register. Exactly one may win each round,
 * whether the register is free or holds a lock left by a process that died; every person the
 * winner had acknowledged must be there afterwards.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 30)
const CONTENDERS = Number(process.env.RACE_CONTENDERS ?? 4)
const CHILD = join(REPO_ROOT, 'test/core/children/register-contender.ts')

class Contender {
  private readonly lines: string[] = []
  private waiting: (() => void) | null = null
  readonly process: ChildProcessWithoutNullStreams

  constructor(readonly name: string) {
    this.process = spawn(process.execPath, ['--import', 'tsx', CHILD, name], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    this.process.stderr.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`))
    createInterface({ input: this.process.stdout }).on('line', (line) => {
      this.lines.push(line)
      this.waiting?.()
    })
  }

  send(line: string): void {
    this.process.stdin.write(`${line}\n`)
  }

  /** Waits for a line matching `pattern` (lines before it are kept in `seen`). */
  async next(pattern: RegExp, seen: string[] = []): Promise<string> {
    for (;;) {
      while (this.lines.length) {
        const line = this.lines.shift()!
        if (pattern.test(line)) return line
        seen.push(line)
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${this.name}: no "${pattern}" within 60 s`)), 60_000)
        this.waiting = () => {
          clearTimeout(timer)
          this.waiting = null
          resolve()
        }
      })
    }
  }
}

/** A pid that no process has any more: a lock naming it was left by a program that died. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

test(`${CONTENDERS} processes released together at one register, ${ROUNDS} rounds: exactly one writer each round, no acknowledged person lost`, { timeout: 600_000 }, async () => {
  const dataDir = tempDir()
  mkdirSync(join(dataDir, 'register'), { recursive: true })
  const contenders = Array.from({ length: CONTENDERS }, (_, i) => new Contender(`c${i}`))
  const acked = new Set<string>()
  let staleRounds = 0
  try {
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 3 === 2) {
        // a lock left by a writer that died: taken over, by exactly one
        const owner = { pid: deadPid(), hostname: hostname(), since: new Date().toISOString(), purpose: 'a program that died' }
        writeFileSync(join(dataDir, 'register', 'LOCK'), JSON.stringify(owner))
        staleRounds++
      }
      for (const contender of contenders) contender.send(`arm ${dataDir} ${round}`)
      await Promise.all(contenders.map((contender) => contender.next(/^armed$/)))
      for (const contender of contenders) contender.process.kill('SIGUSR2')
      const outcomes = await Promise.all(contenders.map((contender) => contender.next(/^(won|lost)/)))
      const winners = contenders.filter((_, i) => outcomes[i] === 'won')
      assert.equal(winners.length, 1, `round ${round}: exactly one process holds the register (${outcomes.join(' | ')})`)
      for (const outcome of outcomes.filter((o) => o.startsWith('lost'))) {
        assert.match(outcome, /is in use by contender c\d/, `round ${round}: a loser is told who holds the register`)
      }
      const [winner] = winners
      const lines: string[] = []
      await winner.next(/^written$/, lines)
      for (const line of lines) if (line.startsWith('ack ')) acked.add(line.slice(4))
      winner.send(`release ${round}`)
      await winner.next(/^closed$/)

      const store = await Store.open(dataDir, { readOnly: true, recordCheck: null })
      const missing = [...acked].filter((id) => store.get('persons', id) === undefined)
      assert.deepEqual(missing, [], `round ${round}: every acknowledged person is in the register`)
    }
  } finally {
    for (const contender of contenders) {
      contender.send('exit')
      contender.process.stdin.end()
    }
  }
  const store = await Store.open(dataDir, { recordCheck: null })
  assert.equal(store.count('persons'), acked.size)
  await store.close()
  console.log(`race: ${ROUNDS} rounds (${staleRounds} over a dead writer's lock), ${CONTENDERS} processes each, ${acked.size} acknowledged persons, none lost`)
})

test('an empty or unreadable lock is never taken for stale: the open is refused naming the file, and the lock is left alone', async () => {
  const dataDir = tempDir()
  mkdirSync(join(dataDir, 'register'), { recursive: true })
  const lock = join(dataDir, 'register', 'LOCK')
  for (const content of ['', '{"pid": 12', 'not json at all']) {
    writeFileSync(lock, content)
    await assert.rejects(Store.open(dataDir, { recordCheck: null }), (error: Error) => {
      assert.match(error.message, /register lock .*LOCK cannot be read/)
      assert.match(error.message, /nothing was changed/)
      return true
    })
    assert.equal(readFileSync(lock, 'utf8'), content, 'the lock is untouched')
  }
})

test('a lock from before the machine restarted is stale even when its pid is in use again', async () => {
  const dataDir = tempDir()
  mkdirSync(join(dataDir, 'register'), { recursive: true })
  const lock = join(dataDir, 'register', 'LOCK')
  const owner = { pid: process.ppid, hostname: hostname(), since: '2026-01-01T00:00:00.000Z', purpose: 'the app before the power cut', boot: 'a boot long gone' }
  writeFileSync(lock, JSON.stringify(owner))
  const store = await Store.open(dataDir, { recordCheck: null })
  assert.notEqual(JSON.parse(readFileSync(lock, 'utf8')).boot, owner.boot, 'the lock is this process’s now')
  await store.close()
  // the same pid in this boot is a live owner
  writeFileSync(lock, JSON.stringify({ ...owner, boot: undefined }))
  await assert.rejects(Store.open(dataDir, { recordCheck: null }), /is in use by the app before the power cut/)
})
