import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import type { Person } from '../../common/model/person'
import type { Station } from '../../main/core/station'
import type { SimRecord } from '../simulators'
import { startSimulator, type Faults } from '../simulators'
import { tempDir } from '../helpers/temp'
import { addSimTarget, openTestStation, storedPhoto, truncatedPhoto } from './helpers'

const PERSONS = Number(process.env.SYNC_FAULT_PERSONS ?? 1000)
const TUYA_PERSONS = Number(process.env.SYNC_FAULT_TUYA_PERSONS ?? 200)
const REFUSED = 10
const FAULTS: Faults = { error5xx: 0.3, timeout: 0.1, reset: 0.1, rateLimit: 0.2, retryAfterSeconds: 1, tokenExpiresEveryCalls: 50 }
const code = (i: number) => `F${String(i).padStart(5, '0')}`

test(`with 30% 5xx, 10% timeouts, 10% resets, 20% 429 and tokens expiring every 50 calls, ${PERSONS} persons × 3 targets all arrive once, with their latest fields`, async () => {
  const fog = await startSimulator('sophon', { faults: FAULTS, seed: 11 })
  const isdp = await startSimulator('isdp', { faults: FAULTS, seed: 13 })
  const yce = await startSimulator('yce', { faults: FAULTS, seed: 14 })
  const station = await openTestStation(tempDir(), { sync: { unreachableAfter: 8 } })
  try {
    // Timeouts only hold a slot while waiting, so a high concurrency is cheap here.
    const targets = {
      fog: await addSimTarget(station, fog, 'fog', { settings: { syncConcurrency: 24 } }),
      isdp: await addSimTarget(station, isdp, 'isdp', { settings: { syncConcurrency: 24 } }),
      yce: await addSimTarget(station, yce, 'yce', { settings: { syncConcurrency: 24 } }),
    }
    const good = await storedPhoto(station)
    const broken = await truncatedPhoto(station)
    const persons: Person[] = []
    for (let i = 0; i < PERSONS; i++) {
      const photo = i < REFUSED ? broken : good
      persons.push(await station.persons.add({ code: code(i), name: `Person ${i}`, type: i % 7 === 0 ? 'visitor' : 'employee', photo } as never, 'test'))
    }
    // ISDP and YCE only update: their persons exist there already, except the refused ones
    const existing = persons.slice(REFUSED).map((p) => ({ remoteId: p.code, personCode: p.code, name: 'old name' }))
    isdp.preload(existing)
    yce.preload(existing)

    const latest = await runWhileEditing(station, persons)
    assertAllSyncedButRefused(station, PERSONS)
    assertOnePerCode('SophonFogSys', fog.records(), new Map([...latest].map(([c, p]) => [c, p.name])))
    assert.equal(fog.stats().creates, PERSONS - REFUSED, 'SophonFogSys: one create per person')
    for (const record of isdp.records()) assert.equal(record.name, latest.get(record.remoteId)?.name ?? 'old name', `ISDP ${record.remoteId}`)
    for (const record of yce.records()) {
      const person = latest.get(record.remoteId)
      if (!person) continue
      // YCE keys users by name and has no name field: the latest state shows in the permission bits
      assert.equal(record.raw.type, person.enabled ? (person.type === 'visitor' ? '0' : '1') : '0', `YCE ${record.remoteId}`)
    }
    assert.ok(yce.stats().updates >= PERSONS - REFUSED, `YCE: every user updated (${yce.stats().updates} updates)`)
    assert.ok(isdp.stats().logins > 1 && yce.stats().logins > 1, 'expired tokens and sessions were renewed')

    // the refused ones, with each back end's own words
    assertRefused(station, targets.fog.id, persons.slice(0, REFUSED), /reg_photo: the image cannot be decoded/)
    assertRefused(station, targets.isdp.id, persons.slice(0, REFUSED), /人员不存在/)
    assertRefused(station, targets.yce.id, persons.slice(0, REFUSED), /用户不存在/)
  } finally {
    await station.close()
    await fog.close()
    await isdp.close()
    await yce.close()
  }
})

test(`Tuya under the same faults: ${TUYA_PERSONS} persons added once each, faces uploaded, latest fields`, async () => {
  // A Tuya add is four calls (look up the code, the recycle bin, add, look up the new id): at 70%
  // failures per call a person needs ~70 requests, hence fewer persons here, and Retry-After: 0 so
  // the hint does not stretch a 200-attempt tail (the 1 s hint is exercised by the test above).
  const tuya = await startSimulator('tuya', { faults: { ...FAULTS, retryAfterSeconds: 0 }, seed: 12 })
  // The integrator's upload is content-addressed: the same face bytes are uploaded once.
  const uploads = new Map<string, Promise<string>>()
  const uploadTuyaFace = (jpeg: Buffer) => {
    const key = createHash('sha256').update(jpeg).digest('hex')
    const known = uploads.get(key)
    if (known) return known
    const upload = tuya.uploadFace(jpeg)
    uploads.set(key, upload)
    upload.catch(() => uploads.delete(key))
    return upload
  }
  const station = await openTestStation(tempDir(), { connectorOptions: { uploadTuyaFace }, sync: { unreachableAfter: 8, backoff: { baseMs: 10, capMs: 100 } } })
  try {
    const target = await addSimTarget(station, tuya, 'tuya', { settings: { syncConcurrency: 32 } })
    const good = await storedPhoto(station)
    const broken = await truncatedPhoto(station)
    const persons: Person[] = []
    for (let i = 0; i < TUYA_PERSONS; i++) {
      persons.push(await station.persons.add({ code: code(i), name: `Person ${i}`, type: 'employee', photo: i < REFUSED ? broken : good } as never, 'test'))
    }
    const latest = await runWhileEditing(station, persons)
    assertAllSyncedButRefused(station, TUYA_PERSONS)
    assertOnePerCode('Tuya', tuya.records(), new Map([...latest].map(([c, p]) => [c, p.name])))
    assert.equal(tuya.stats().creates, TUYA_PERSONS - REFUSED, 'Tuya: one add per person')
    for (const record of tuya.records()) {
      assert.equal(record.enabled, latest.get(record.personCode ?? '')?.enabled, `Tuya ${record.personCode} enabled`)
      assert.match(String(record.raw.image_path), /^saas\/building\/building_faceImg\//, 'the face was uploaded')
    }
    assert.ok(tuya.stats().logins > 1, 'expired tokens were renewed')
    assertRefused(station, target.id, persons.slice(0, REFUSED), /Tuya face upload refused: the image cannot be decoded/)
  } finally {
    await station.close()
    await tuya.close()
  }
})

/**
 * Starts the queue and edits every fifth person (name, and every tenth disabled) while it runs;
 * waits until it drains. Returns the persons that must be on the back ends, by code, as they are now.
 */
async function runWhileEditing(station: Station, persons: Person[]): Promise<Map<string, Person>> {
  await station.sync.start()
  for (const [i, person] of persons.entries()) {
    if (i < REFUSED || i % 5 !== 0) continue
    const current = station.persons.get(person.id)!
    await station.persons.edit(person.id, { name: `${current.name} (edited)`, enabled: i % 10 !== 0 }, current.version, 'test')
  }
  assert.equal(await station.sync.worker.whenIdle(300_000), true, `drained: ${JSON.stringify(station.sync.summary().totals)}`)
  return new Map(persons.slice(REFUSED).map((p) => [p.code, station.persons.get(p.id)!]))
}

function assertAllSyncedButRefused(station: Station, persons: number): void {
  for (const target of station.sync.summary().targets) {
    assert.deepEqual(
      { pending: target.counts.pending, attention: target.counts.attention, synced: target.counts.synced },
      { pending: 0, attention: REFUSED, synced: persons - REFUSED },
      `${target.name}: everything synced but the refused ones`,
    )
    assert.ok(target.failed > persons / 2, `${target.name} saw the faults (${target.failed} failed attempts)`)
  }
}

function assertRefused(station: Station, targetId: string, refused: Person[], message: RegExp): void {
  const rows = station.sync.status({ target: targetId, state: 'attention' }).items
  assert.deepEqual(rows.map((row) => row.code).sort(), refused.map((p) => p.code))
  for (const row of rows) {
    assert.equal(row.lastError?.kind, 'refused')
    assert.match(row.lastError?.remoteMessage ?? '', message)
  }
}

function assertOnePerCode(label: string, records: SimRecord[], latest: Map<string, string>): void {
  const byCode = new Map<string, SimRecord[]>()
  for (const record of records) byCode.set(record.personCode ?? '', [...(byCode.get(record.personCode ?? '') ?? []), record])
  const duplicated = [...byCode].filter(([, list]) => list.length > 1).map(([code]) => code)
  assert.deepEqual(duplicated, [], `${label}: no code twice`)
  assert.equal(byCode.size, latest.size, `${label}: one record per person`)
  for (const [code, name] of latest) assert.equal(byCode.get(code)?.[0].name, name, `${label}: ${code} has the latest name`)
}
