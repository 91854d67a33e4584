import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import type { SyncState } from '../../main/core/sync'
import type { TargetSyncSummary } from '../../common/sync/sync-status'
import { heldReasonText } from '../../common/sync/sync-error-text'
import { translatorFor } from '../../common/i18n/translator'
import type { Language } from '../../common/i18n/languages'
import { startSimulator } from '../simulators'
import { tempDir } from '../helpers/temp'
import { addSimTarget, openTestStation, stateOf, storedPhoto, truncatedPhoto, waitFor, withSim } from './helpers'

test('an acknowledged edit is in the outbox after a crash: it is written in the same journal line', async () => {
  const sim = await startSimulator('sophon')
  const dir = tempDir()
  const station = await openTestStation(dir)
  try {
    const target = await addSimTarget(station, sim, 'fog')
    const person = await station.persons.add({ code: 'E1', name: 'Before', type: 'employee', photo: await storedPhoto(station) } as never, 'test')
    const edited = await station.persons.edit(person.id, { name: 'After' }, person.version, 'test')
    // the edit resolved: copy the data folder as a power cut would leave it (no close, no compaction)
    const crashed = join(tempDir(), 'copy')
    cpSync(dir, crashed, { recursive: true })
    // the copy's register lock names this (living) process; after a real power cut its owner is gone
    rmSync(join(crashed, 'register', 'LOCK'), { force: true })
    const reopened = await openTestStation(crashed)
    try {
      const state = reopened.store.get<SyncState>('sync', `${person.id}:${target.id}`)
      assert.ok(state, 'the outbox record survived')
      assert.equal(state.status, 'pending')
      assert.equal(state.want, 'upsert')
      assert.equal(state.wantVersion, edited.version)
    } finally {
      await reopened.close()
    }
  } finally {
    await station.close()
    await sim.close()
  }
})

test('ten edits while the back end is down become one push of the latest version; a new person becomes one create', async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'fog')
    await sim.stop()
    await station.sync.start()
    const created = await station.persons.add({ code: 'E1', name: 'v1', type: 'employee', photo: await storedPhoto(station) } as never, 'test')
    let person = created
    for (let i = 2; i <= 10; i++) person = await station.persons.edit(person.id, { name: `v${i}` }, person.version, 'test')
    // the worker keeps failing to connect meanwhile; nothing reached the back end
    await waitFor(() => (stateOf(station, person.id, target.id)?.attempts ?? 0) > 0)
    assert.equal(sim.stats().requests, 0)

    await sim.start()
    station.sync.now()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.deepEqual(pick(sim.stats(), 'creates', 'updates', 'requests'), { creates: 1, updates: 0, requests: 1 }, 'one create with the latest fields, nothing else')
    assert.equal(sim.records()[0].name, 'v10')
    assert.equal(stateOf(station, person.id, target.id).state, 'synced')
    assert.equal(stateOf(station, person.id, target.id).remoteId, 'E1')

    // offline again: ten more edits, one update
    await sim.stop()
    for (let i = 11; i <= 20; i++) person = await station.persons.edit(person.id, { name: `v${i}` }, person.version, 'test')
    await sim.start()
    station.sync.now()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.deepEqual(pick(sim.stats(), 'creates', 'updates', 'requests'), { creates: 1, updates: 1, requests: 2 })
    assert.equal(sim.records()[0].name, 'v20')
  })
})

test('a person deleted before it was sent pushes nothing; one deleted after is removed remotely', async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'fog', { paused: true })
    await station.sync.start()
    const photo = await storedPhoto(station)
    const never = await station.persons.add({ code: 'N1', name: 'Never sent', type: 'employee', photo } as never, 'test')
    await station.persons.delete(never.id, 'test')
    const sent = await station.persons.add({ code: 'S1', name: 'Sent', type: 'employee', photo } as never, 'test')
    await station.sync.pause(target.id, false, 'test')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.deepEqual(pick(sim.stats(), 'creates', 'requests'), { creates: 1, requests: 1 })
    const neverState = stateOf(station, never.id, target.id)
    assert.equal(neverState.state, 'synced')
    assert.match(neverState.detail ?? '', /deleted before it was sent/)

    await station.persons.delete(sent.id, 'test')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(sim.stats().deletes, 1)
    assert.deepEqual(sim.records(), [])
    // purging afterwards needs no further push and leaves no outbox record behind
    await station.retention.erasePerson(sent.id, 'test')
    assert.equal(station.store.get('sync', `${sent.id}:${target.id}`), undefined)
    assert.equal(sim.stats().requests, 2)
  })
})

test('a person purged before its delete was pushed is still removed remotely', async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'fog')
    await station.sync.start()
    const person = await station.persons.add({ code: 'G1', name: 'Gone', type: 'employee', photo: await storedPhoto(station) } as never, 'test')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(sim.records().length, 1)
    await station.sync.pause(target.id, true, 'test')
    await station.persons.delete(person.id, 'test')
    await station.retention.erasePerson(person.id, 'test')
    assert.equal(stateOf(station, person.id, target.id)?.want, 'delete', 'the outbox still asks for the delete')
    await station.sync.pause(target.id, false, 'test')
    await waitFor(() => sim.records().length === 0)
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(station.store.get('sync', `${person.id}:${target.id}`), undefined, 'nothing left once removed remotely')
  })
})

test('a paused target keeps its queue and pushes nothing until resumed', async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'fog')
    const photo = await storedPhoto(station)
    await station.sync.pause(target.id, true, 'test')
    await station.sync.start()
    for (let i = 0; i < 5; i++) await station.persons.add({ code: `P${i}`, name: `Paused ${i}`, type: 'employee', photo } as never, 'test')
    // idle means "nothing more this worker can do": paused work does not count
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    const paused = station.sync.summary().targets[0]
    assert.equal(paused.paused, true)
    assert.equal(paused.counts.pending, 5)
    assert.equal(station.sync.status({ state: 'paused' }).total, 5)
    assert.equal(sim.stats().requests, 0)

    await station.sync.pause(target.id, false, 'test')
    await waitFor(() => station.sync.summary().targets[0].counts.synced === 5)
    assert.equal(sim.records().length, 5)
  })
})

test('a refused push waits in "needs attention" with the back end\'s message, does not block others, and goes again after a fix or a retry', async () => {
  const fog = await startSimulator('sophon')
  const isdp = await startSimulator('isdp')
  const station = await openTestStation(tempDir())
  try {
    const fogTarget = await addSimTarget(station, fog, 'fog')
    const isdpTarget = await addSimTarget(station, isdp, 'isdp')
    const good = await storedPhoto(station)
    const broken = await station.persons.add({ code: 'BAD1', name: 'Broken photo', type: 'employee', photo: await truncatedPhoto(station) } as never, 'test')
    for (let i = 0; i < 4; i++) await station.persons.add({ code: `OK${i}`, name: `Fine ${i}`, type: 'employee', photo: good } as never, 'test')
    isdp.preload(['OK0', 'OK1', 'OK2', 'OK3'].map((code) => ({ remoteId: code, personCode: code })))
    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)

    const onFog = stateOf(station, broken.id, fogTarget.id)
    assert.equal(onFog.state, 'attention')
    assert.equal(onFog.lastError?.kind, 'refused')
    assert.match(onFog.lastError?.remoteMessage ?? '', /reg_photo: the image cannot be decoded/)
    const onIsdp = stateOf(station, broken.id, isdpTarget.id)
    assert.equal(onIsdp.state, 'attention')
    assert.match(onIsdp.lastError?.remoteMessage ?? '', /人员不存在/)
    assert.equal(fog.records().length, 4, 'the others went through')
    assert.equal(station.sync.summary().totals.attention, 2)
    assert.deepEqual(station.sync.counts(), { pending: 0, failed: 2, running: false })

    // fixing the person (a new photo) queues it again by itself
    await station.persons.setPhoto(broken.id, good, 'test')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(stateOf(station, broken.id, fogTarget.id).state, 'synced')
    assert.equal(fog.records().length, 5)
    // ISDP still lacks the person: fixed on its side, then "retry"
    assert.equal(stateOf(station, broken.id, isdpTarget.id).state, 'attention')
    isdp.preload([{ remoteId: 'BAD1', personCode: 'BAD1' }])
    assert.equal(await station.sync.retry('BAD1'), 1)
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(stateOf(station, broken.id, isdpTarget.id).state, 'synced')
    assert.equal(isdp.records().find((r) => r.remoteId === 'BAD1')?.name, 'Broken photo')
  } finally {
    await station.close()
    await fog.close()
    await isdp.close()
  }
})

test('a target that stops answering is marked unreachable and everything arrives once it is back', async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'fog', { settings: { syncConcurrency: 2 } })
    const photo = await storedPhoto(station)
    await station.sync.start()
    await sim.stop()
    for (let i = 0; i < 20; i++) await station.persons.add({ code: `U${i}`, name: `Offline ${i}`, type: 'employee', photo } as never, 'test')
    await waitFor(() => station.sync.summary().targets[0].reachable === false)
    const down = station.sync.summary().targets[0]
    assert.equal(down.health, 'unreachable')
    assert.match(down.healthMessage ?? '', /cannot reach|ECONNREFUSED/)
    assert.ok(down.healthCode, 'the reason has a message code, for the page and the CLI to word')
    assert.match(heldWords(down, 'zh-CN'), /[\u4e00-\u9fff]/, 'worded in Chinese for a Chinese desk')
    assert.equal(down.counts.attention, 0, 'a network outage never needs attention')

    await sim.start()
    // probes notice the back end is back without anyone pressing "sync now"
    assert.equal(await station.sync.worker.whenIdle(15_000), true)
    const up = station.sync.summary().targets[0]
    assert.equal(up.reachable, true)
    assert.equal(up.counts.synced, 20)
    assert.equal(sim.records().length, 20)
    assert.equal(sim.stats().creates, 20)
    assert.ok(station.sync.historySeries(1, target.id).some((bucket) => bucket.pushed === 20 && bucket.failed > 0))
  }, { station: { sync: { unreachableAfter: 3 } } })
})

test('wrong credentials hold the target (persons stay pending, not refused) until they are corrected', async () => {
  await withSim('yce', async (sim, station) => {
    sim.preload([{ remoteId: 'Y1' }, { remoteId: 'Y2' }])
    const credentials = sim.credentials
    const target = await station.targets.add(
      { name: 'yce', kind: 'yce', baseUrl: credentials.baseUrl, settings: { ...credentials.settings, syncRatePerSecond: 1000 } },
      { password: 'wrong' },
      'test',
    )
    await station.sync.outbox.settle()
    for (const code of ['Y1', 'Y2']) await station.persons.add({ code, name: code, type: 'employee' } as never, 'test')
    await station.sync.start()
    await waitFor(() => station.sync.summary().targets[0].health === 'refusing')
    const held = station.sync.summary().targets[0]
    assert.match(held.healthMessage ?? '', /用户名或密码错误/)
    assert.equal(held.healthCode, 'connector.credentials_refused')
    assert.match(heldWords(held, 'en'), /^YCE refused the credentials: 用户名或密码错误/)
    assert.equal(held.counts.attention, 0)
    assert.equal(held.counts.pending, 2)

    await station.targets.update(target.id, {}, 'test', { password: credentials.secrets.password })
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(station.sync.summary().targets[0].counts.synced, 2)
    assert.equal(station.sync.summary().targets[0].health, 'ok')
  })
})

test('a back end that refuses even a fresh sign-in holds the target instead of spinning', async () => {
  // tokenExpiresEveryCalls 0: sign-in works, but no token is ever accepted for a call
  await withSim('isdp', async (sim, station) => {
    sim.preload([{ remoteId: 'T1' }, { remoteId: 'T2' }])
    await addSimTarget(station, sim, 'isdp')
    for (const code of ['T1', 'T2']) await station.persons.add({ code, name: code, type: 'employee' } as never, 'test')
    await station.sync.start()
    await waitFor(() => station.sync.summary().targets[0].health === 'refusing')
    const held = station.sync.summary().targets[0]
    assert.match(held.healthMessage ?? '', /Access token expired.*fresh sign-in was refused 3 times/)
    assert.equal(held.healthCode, 'sync.sign_ins_refused')
    assert.match(heldWords(held, 'zh-CN'), /连续 3 次拒绝重新登录：.*Access token expired/)
    assert.deepEqual([held.counts.pending, held.counts.attention], [2, 0])
    sim.setFaults({})
    station.sync.now()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(station.sync.summary().targets[0].counts.synced, 2)
  }, { sim: { faults: { tokenExpiresEveryCalls: 0 } } })
})

test('visitors are disabled or deleted remotely when validUntil passes, per target setting', async () => {
  const tuya = await startSimulator('tuya')
  const fog = await startSimulator('sophon')
  const station = await openTestStation(tempDir(), { connectorOptions: { uploadTuyaFace: (jpeg) => tuya.uploadFace(jpeg) } })
  try {
    const tuyaTarget = await addSimTarget(station, tuya, 'tuya', { expiryAction: 'disable' })
    const fogTarget = await addSimTarget(station, fog, 'fog', { expiryAction: 'delete' })
    const photo = await storedPhoto(station)
    const soon = new Date(Date.now() + 1_500).toISOString()
    const visitor = await station.persons.add({ code: 'V1', name: 'Visitor', type: 'visitor', validUntil: soon, photo } as never, 'test')
    await station.persons.add({ code: 'V2', name: 'Stays', type: 'visitor', validUntil: new Date(Date.now() + 3_600_000).toISOString(), photo } as never, 'test')
    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(tuya.records().find((r) => r.personCode === 'V1')?.enabled, true)
    assert.equal(fog.records().length, 2)

    await waitFor(() => stateOf(station, visitor.id, tuyaTarget.id).want === 'disable' && stateOf(station, visitor.id, fogTarget.id).want === 'delete', 10_000)
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(tuya.records().find((r) => r.personCode === 'V1')?.enabled, false, 'disabled on Tuya')
    assert.equal(tuya.records().find((r) => r.personCode === 'V2')?.enabled, true)
    assert.deepEqual(
      fog.records().map((r) => r.personCode),
      ['V2'],
      'deleted from SophonFogSys',
    )
    assert.equal(stateOf(station, visitor.id, tuyaTarget.id).state, 'synced')

    // extending the visit brings the person back
    const current = station.persons.require('V1')
    await station.persons.edit(current.id, { validUntil: new Date(Date.now() + 3_600_000).toISOString() }, current.version, 'test')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(tuya.records().find((r) => r.personCode === 'V1')?.enabled, true)
    assert.equal(fog.records().length, 2)
    assert.equal(tuya.records().filter((r) => r.personCode === 'V1').length, 1)
  } finally {
    await station.close()
    await tuya.close()
    await fog.close()
  }
})

test('a push whose answer was lost, or that was in flight at a crash, is pushed again without a second remote person', async () => {
  const fog = await startSimulator('sophon', { faults: { lostReply: 1 } })
  const tuya = await startSimulator('tuya', { faults: { lostReply: 0.5 }, seed: 7 })
  const dir = tempDir()
  let station = await openTestStation(dir, { connectorOptions: { uploadTuyaFace: (jpeg) => tuya.uploadFace(jpeg) } })
  try {
    const fogTarget = await addSimTarget(station, fog, 'fog')
    await addSimTarget(station, tuya, 'tuya')
    const photo = await storedPhoto(station)
    const people: Person[] = []
    for (let i = 0; i < 10; i++) people.push(await station.persons.add({ code: `L${i}`, name: `Lost ${i}`, type: 'employee', photo } as never, 'test'))
    await station.sync.start()
    // every SophonFogSys answer is lost: the persons are created there, but the station never hears it
    await waitFor(() => fog.stats().creates === 10)
    await station.close()

    // a crash with an attempt recorded in flight: the record says so, and the next start pushes again
    station = await openTestStation(dir, { connectorOptions: { uploadTuyaFace: (jpeg) => tuya.uploadFace(jpeg) } })
    await station.store.transact((tx) => {
      const key = `${people[0].id}:${fogTarget.id}`
      const state = tx.get<SyncState>('sync', key)!
      tx.put('sync', key, { ...state, status: 'pending', inFlight: { attemptId: 'crashed', op: 'upsert', version: 1, startedAt: new Date().toISOString() } })
    })
    assert.equal(stateOf(station, people[0].id, fogTarget.id).interrupted, true)
    fog.setFaults({})
    tuya.setFaults({})
    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(15_000), true)
    assert.equal(station.sync.summary().totals.synced, 20)
    assert.equal(fog.stats().creates, 10, 'no second create: "already exists" became an update')
    assert.equal(fog.records().length, 10)
    const tuyaCodes = tuya.records().map((r) => r.personCode)
    assert.equal(tuyaCodes.length, 10, `one Tuya person per code (got ${tuyaCodes.join(', ')})`)
    assert.equal(new Set(tuyaCodes).size, 10)
  } finally {
    await station.close()
    await fog.close()
    await tuya.close()
  }
})

test('stopping parks pushes that do not finish in time; they go again at the next start', async () => {
  const sim = await startSimulator('sophon', { faults: { timeout: 1 } })
  const dir = tempDir()
  let station = await openTestStation(dir, { sync: { callTimeoutMs: 60_000 } })
  try {
    const target = await addSimTarget(station, sim, 'fog', { settings: { syncConcurrency: 3 } })
    const photo = await storedPhoto(station)
    for (let i = 0; i < 3; i++) await station.persons.add({ code: `H${i}`, name: `Hung ${i}`, type: 'employee', photo } as never, 'test')
    await station.sync.start()
    await waitFor(() => station.sync.summary().targets[0].running === 3)
    await station.sync.stop({ timeoutMs: 100 })
    for (const row of station.sync.status({ target: target.id }).items) {
      assert.equal(row.state, 'pending')
      assert.equal(row.interrupted, false, 'the in-flight record was cleared when parked')
    }
    await station.close()

    sim.setFaults({})
    station = await openTestStation(dir)
    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(sim.records().length, 3)
  } finally {
    await station.close()
    await sim.close()
  }
})

test('a target added later receives every live person; removing it drops its queue', async () => {
  await withSim('sophon', async (sim, station) => {
    const photo = await storedPhoto(station)
    for (let i = 0; i < 6; i++) await station.persons.add({ code: `T${i}`, name: `Later ${i}`, type: 'employee', photo } as never, 'test')
    const gone = station.persons.require('T5')
    await station.persons.delete(gone.id, 'test')
    const target = await addSimTarget(station, sim, 'fog')
    assert.equal(station.sync.summary().targets[0].counts.pending, 5, 'the deleted person is not queued for a new target')
    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(sim.records().length, 5)

    // "sync all" sends everyone again (e.g. the back end was reset)
    assert.equal(await station.sync.syncAll(target.id), 5)
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(sim.stats().updates, 5)

    await station.targets.remove(target.id, 'test')
    assert.equal([...station.store.values<SyncState>('sync')].length, 0)
  })
})

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>
}

/** A held target's reason as the sync screen and `enroll sync` word it. */
function heldWords(summary: TargetSyncSummary, language: Language): string {
  return heldReasonText(summary, translatorFor(language))
}
