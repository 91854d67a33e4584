import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { tempDir, REPO_ROOT } from '../helpers/temp'

const ROUNDS = Number(process.env.KILL_TEST_ROUNDS ?? 25)
const CHILD = join(REPO_ROOT, 'test/core/children/register-writer.ts')

/** Runs the writer until a random instant after it is ready, kills it with SIGKILL, returns what it acknowledged. */
function runAndKill(dataDir: string, killAfterMs: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const acked = new Map<string, number>()
    let buffer = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs)
        const [word, id, version] = line.split(' ')
        if (word === 'ack') acked.set(id, Math.max(acked.get(id) ?? 0, Number(version)))
      }
    })
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself: ${stderr}`))
      else resolve(acked)
    })
  })
}

test(`killing the writer mid-write ${ROUNDS} times never loses an acknowledged edit nor breaks the register`, async () => {
  const dataDir = tempDir()
  const everAcked = new Map<string, number>()
  let totalAcks = 0
  for (let round = 0; round < ROUNDS; round++) {
    const acked = await runAndKill(dataDir, 50 + Math.floor(Math.random() * 400))
    for (const [id, version] of acked) {
      everAcked.set(id, Math.max(everAcked.get(id) ?? 0, version))
      totalAcks++
    }
    // Every reload must be a valid register holding every edit acknowledged so far.
    const station = await openStation({ dataDir })
    try {
      for (const [id, version] of everAcked) {
        const person = station.persons.get(id)
        assert.ok(person, `round ${round}: acknowledged person ${id} is present`)
        assert.ok(person.version >= version, `round ${round}: ${person.code} has version ${person.version}, acknowledged ${version}`)
      }
      const damage = station.store.warnings.filter((w) => /damaged/.test(w))
      assert.deepEqual(damage, [], `round ${round}: no damaged file`)
    } finally {
      // half the rounds leave the journal for the next writer; half compact here
      await station.close({ compact: round % 2 === 0 })
    }
  }
  assert.ok(totalAcks > ROUNDS, `the writer made progress (${totalAcks} acknowledged edits)`)
})
