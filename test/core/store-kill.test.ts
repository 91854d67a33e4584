import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { tempDir, REPO_ROOT } from '../helpers/temp'
import { runAckingChild } from '../helpers/acking-child'

const ROUNDS = Number(process.env.KILL_TEST_ROUNDS ?? 25)
const CHILD = join(REPO_ROOT, 'test/core/children/register-writer.ts')

/** Runs the writer until a random instant after it is ready, kills it with SIGKILL, returns what it acknowledged. */
async function runAndKill(dataDir: string, killAfterMs: number): Promise<Map<string, number>> {
  return (await runAckingChild(['--import', 'tsx', CHILD, dataDir], { killAfterMs })).acked
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
