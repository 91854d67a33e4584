import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Person } from '../../common/model/person'
import type { SyncState } from '../../main/core/sync/state'
import { startSimulator } from '../simulators'
import { tempDir } from '../helpers/temp'
import { addSimTarget, openTestStation, stateOf, storedPhoto } from './helpers'

/**
 * Empty optional fields through the real queue: a person without phone or e-mail reaches every
 * back end whose simulator refuses an empty value; a phone removed later is cleared only where it
 * was given, and a back end refusing the empty value puts the person in "needs attention".
 */
test('persons without phone or e-mail reach SophonFogSys, ISDP, HYAPI and YCE; a removed phone is cleared where it was given, or refused visibly', async () => {
  const sims = {
    fog: await startSimulator('sophon'),
    isdp: await startSimulator('isdp'),
    hyapi: await startSimulator('hyapi'),
    yce: await startSimulator('yce'),
  }
  const station = await openTestStation(tempDir())
  try {
    const targets = {
      fog: await addSimTarget(station, sims.fog, 'fog'),
      isdp: await addSimTarget(station, sims.isdp, 'isdp'),
      hyapi: await addSimTarget(station, sims.hyapi, 'hyapi'),
      yce: await addSimTarget(station, sims.yce, 'yce'),
    }
    const photo = await storedPhoto(station)
    const bare: Person[] = []
    for (let i = 0; i < 5; i++) bare.push(await station.persons.add({ code: `B${i}`, name: `Bare ${i}`, type: 'employee', photo } as never, 'test'))
    const withPhone = await station.persons.add({ code: 'P1', name: 'Has Phone', type: 'employee', phone: '+8613800138000', email: 'p1@example.com', photo } as never, 'test')
    const existing = [...bare, withPhone].map((p) => ({ remoteId: p.code, personCode: p.code, name: 'old name' }))
    sims.isdp.preload(existing)
    sims.hyapi.preload(existing)
    sims.yce.preload(existing)

    await station.sync.start()
    assert.equal(await station.sync.worker.whenIdle(20_000), true)
    for (const target of station.sync.summary().targets) assert.deepEqual([target.name, target.counts.synced, target.counts.attention], [target.name, 6, 0])
    for (const person of bare) {
      assert.equal('phone' in (sims.isdp.records().find((r) => r.remoteId === person.code)?.raw ?? {}), false, `ISDP ${person.code}: no phone sent`)
      assert.equal('user_phone' in (sims.hyapi.records().find((r) => r.remoteId === person.code)?.raw ?? {}), false, `HYAPI ${person.code}: no phone sent`)
    }
    const filled = station.store.get<SyncState>('sync', `${withPhone.id}:${targets.isdp.id}`)?.syncedFilled
    assert.deepEqual(filled, ['phone', 'email'])

    // the phone is removed at the desk: HYAPI takes "", ISDP's format refuses it and says so
    const current = station.persons.get(withPhone.id)!
    await station.persons.edit(withPhone.id, { phone: null }, current.version, 'test')
    assert.equal(await station.sync.worker.whenIdle(20_000), true)
    assert.equal(sims.hyapi.records().find((r) => r.remoteId === 'P1')?.raw.user_phone, '')
    const refused = stateOf(station, withPhone.id, targets.isdp.id)
    assert.equal(refused.state, 'attention')
    assert.equal(refused.lastError?.kind, 'refused')
    assert.equal(refused.lastError?.remoteMessage, '参数错误: phone 不能为空')
    assert.match(refused.lastError?.message ?? '', /the station was clearing phone/)
    assert.equal(refused.attempts, 0, 'refused, not retried')
    for (const target of [targets.fog, targets.hyapi, targets.yce]) assert.equal(stateOf(station, withPhone.id, target.id).state, 'synced')

    // a person never given a phone there is not "cleared" by a later edit of another field
    const other = station.persons.get(bare[0].id)!
    await station.persons.edit(other.id, { name: 'Bare 0 (edited)' }, other.version, 'test')
    assert.equal(await station.sync.worker.whenIdle(20_000), true)
    assert.equal(stateOf(station, other.id, targets.isdp.id).state, 'synced')
    assert.equal(sims.isdp.records().find((r) => r.remoteId === 'B0')?.name, 'Bare 0 (edited)')
  } finally {
    await station.close()
    for (const sim of Object.values(sims)) await sim.close()
  }
})
