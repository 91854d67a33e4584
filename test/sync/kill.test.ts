import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import { openStation } from '../../main/core/station'
import type { SyncState } from '../../main/core/sync'
import type { TargetConfig } from '../../common/targets/target-config'
import { startSimulator, type Faults, type SimRecord } from '../simulators'
import { tempDir } from '../helpers/temp'
import { bundledChild } from '../helpers/child-bundle'
import { runAckingChild, type AckingChildRun } from '../helpers/acking-child'
import { addSimTarget, openTestStation, storedPhoto } from './helpers'

const ROUNDS = Number(process.env.SYNC_KILL_ROUNDS ?? 100)
const CODES = Array.from({ length: 120 }, (_, i) => `K${String(i).padStart(4, '0')}`)
const FAULTS: Faults = { error5xx: 0.1, reset: 0.05, timeout: 0.02, lostReply: 0.05, tokenExpiresEveryCalls: 30 }
const CHILD = bundledChild('test/sync/children/sync-child.ts')

/** Starts the child; in `churn` mode kills it with SIGKILL `killAfterMs` after it is ready. */
function runChild(mode: 'churn' | 'drain', dataDir: string, seed: number, killAfterMs = 0): Promise<AckingChildRun> {
  return runAckingChild([CHILD, mode, dataDir, String(seed)], mode === 'churn' ? { killAfterMs } : {})
}

test(`killing the sync worker at random instants ${ROUNDS} times loses nothing and duplicates nothing remotely`, async () => {
  const fog = await startSimulator('sophon', { faults: FAULTS, seed: 21 })
  const tuya = await startSimulator('tuya', { faults: FAULTS, seed: 22 })
  const isdp = await startSimulator('isdp', { faults: FAULTS, seed: 23 })
  isdp.preload(CODES.map((code) => ({ remoteId: code, personCode: code, name: 'before the test' })))
  const root = tempDir()
  const dataDir = join(root, 'data')
  mkdirSync(dataDir)
  try {
    const setup = await openTestStation(dataDir)
    const targets: Record<'fog' | 'tuya' | 'isdp', TargetConfig> = {
      fog: await addSimTarget(setup, fog, 'fog', { settings: { syncConcurrency: 6 } }),
      tuya: await addSimTarget(setup, tuya, 'tuya', { settings: { syncConcurrency: 6 } }),
      isdp: await addSimTarget(setup, isdp, 'isdp', { settings: { syncConcurrency: 6 } }),
    }
    const photo = await storedPhoto(setup)
    writeFileSync(join(root, 'photo.json'), JSON.stringify(photo))
    // half the codes exist before the first start, so pushes begin at once
    for (const code of CODES.slice(0, CODES.length / 2)) await setup.persons.add({ code, name: `${code} at setup`, type: 'employee', photo } as never, 'test')
    writeFileSync(join(root, 'codes.json'), JSON.stringify(CODES))
    await setup.close()

    const everAcked = new Map<string, number>()
    let totalAcks = 0
    let killedInFlight = 0
    for (let round = 0; round < ROUNDS; round++) {
      const { acked } = await runChild('churn', dataDir, round + 1, Math.floor(Math.random() * 300))
      totalAcks += acked.size
      for (const [id, version] of acked) everAcked.set(id, Math.max(everAcked.get(id) ?? 0, version))
      // The register loads after every kill, holding every acknowledged edit and its outbox record.
      const station = await openStation({ dataDir })
      try {
        assert.deepEqual(station.store.warnings.filter((w) => /damaged/.test(w)), [], `round ${round}: no damaged file`)
        killedInFlight += [...station.store.values<SyncState>('sync')].filter((s) => s.inFlight !== null).length
        for (const [id, version] of everAcked) {
          const person = station.persons.get(id)
          assert.ok(person && person.version >= version, `round ${round}: acknowledged version ${version} of ${id} is kept`)
          for (const target of Object.values(targets)) {
            const state = station.store.get<SyncState>('sync', `${id}:${target.id}`)
            assert.ok(state && state.wantVersion >= version, `round ${round}: ${person.code} v${version} is in the outbox for ${target.name}`)
          }
        }
      } finally {
        await station.close({ compact: round % 2 === 0 })
      }
    }
    assert.ok(totalAcks >= ROUNDS, `the children made progress (${totalAcks} acknowledged edits of ${everAcked.size} persons)`)
    assert.ok(killedInFlight > 0, 'some kills hit a push between its in-flight record and its outcome')

    const drain = await runChild('drain', dataDir, 0)
    assert.match(drain.output, /^drained$/m, 'the queue drains after the last restart')

    const station = await openStation({ dataDir })
    try {
      const persons = [...station.store.values<Person>('persons')]
      const live = persons.filter((p) => !p.deletedAt)
      const deleted = persons.filter((p) => p.deletedAt)
      assert.ok(live.length > 10 && persons.length >= everAcked.size)

      // SophonFogSys: exactly the live persons, with their latest names
      assert.deepEqual(names(fog.records(), (r) => !r.deleted), nameMap(live))
      // Tuya: never two records for one code; the live persons with their latest names; the deleted in its recycle bin
      const perCode = countBy(tuya.records().map((r) => r.personCode ?? ''))
      assert.deepEqual([...perCode].filter(([, n]) => n > 1), [], 'no Tuya duplicates')
      assert.equal(tuya.stats().creates, perCode.size, 'every Tuya add made a different person')
      assert.deepEqual(names(tuya.records(), (r) => !r.deleted), nameMap(live))
      // ISDP: updated with the latest names (it has no delete: those wait in "needs attention")
      const isdpNames = names(isdp.records(), () => true)
      for (const person of live) assert.equal(isdpNames.get(person.code), person.name, `ISDP ${person.code}`)

      const states = [...station.store.values<SyncState>('sync')]
      const unsettled = states.filter((s) => s.status !== 'synced')
      for (const state of unsettled) {
        assert.equal(state.status, 'attention', `${state.personId} on ${state.targetId} is not left pending`)
        assert.equal(state.targetId, targets.isdp.id)
        assert.match(state.lastError?.message ?? '', /no way to delete/)
      }
      assert.equal(unsettled.length, deleted.length)
      assert.equal(states.filter((s) => s.inFlight !== null).length, 0, 'no attempt left in flight')
    } finally {
      await station.close()
    }
  } finally {
    await fog.close()
    await tuya.close()
    await isdp.close()
  }
})

function names(records: SimRecord[], keep: (record: SimRecord) => boolean): Map<string, string | null> {
  return new Map(records.filter(keep).map((r) => [r.personCode ?? r.remoteId, r.name]))
}

function nameMap(persons: Person[]): Map<string, string | null> {
  return new Map(persons.map((p) => [p.code, p.name]))
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return counts
}
