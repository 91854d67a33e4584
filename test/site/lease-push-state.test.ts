import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Person } from '../../common/model/person'
import type { TargetConfig } from '../../common/targets/target-config'
import { applyPushState, personFingerprint, pushStateId, type PushStateDocument } from '../../main/core/site/lease/push-state'
import type { Station } from '../../main/core/station'
import type { SyncState } from '../../main/core/sync'
import { startSimulator, type Simulator } from '../simulators'
import { tempDir } from '../helpers/temp'
import { addSimTarget, openTestStation, stateOf, storedPhoto } from '../sync/helpers'

let sim: Simulator
let station: Station
let target: TargetConfig

before(async () => {
  sim = await startSimulator('sophon')
  station = await openTestStation(tempDir())
  target = await addSimTarget(station, sim, 'fog')
})
after(async () => {
  await station.close()
  await sim.close()
})

/** What another desk, holding the lease, wrote after pushing `person` as it is now. */
function pushedBy(person: Person, overrides: Partial<PushStateDocument> = {}): PushStateDocument {
  return {
    _id: pushStateId(target.id, person.id),
    _rev: '1-x',
    type: 'push-state',
    targetId: target.id,
    personId: person.id,
    code: person.code,
    remoteId: `remote-${person.code}`,
    op: 'upsert',
    fingerprint: personFingerprint(person),
    status: 'synced',
    attention: null,
    pushedAt: '2026-12-03T10:00:00.000Z',
    term: 3,
    desk: 'desk-other',
    ...overrides,
  }
}

async function apply(doc: PushStateDocument): Promise<void> {
  await station.store.transact((tx) => {
    applyPushState(tx, doc, { target, createsRemote: true, nowIso: new Date().toISOString(), actor: 'test' })
  })
}

function outbox(person: Person): SyncState {
  return station.store.get<SyncState>('sync', `${person.id}:${target.id}`)!
}

async function addPerson(code: string): Promise<Person> {
  return station.persons.add({ code, name: `${code} v1`, type: 'employee', photo: await storedPhoto(station) } as never, 'test')
}

test('the version another desk pushed (same content, whatever the local version number) is synced here, with its remote id', async () => {
  const person = await addPerson('PS1')
  assert.equal(outbox(person).status, 'pending')
  await apply(pushedBy(person))
  const row = stateOf(station, person.id, target.id)
  assert.equal(row?.state, 'synced')
  assert.equal(row?.remoteId, 'remote-PS1')
  assert.equal(outbox(person).syncedVersion, person.version)
})

test('a person edited here since that push stays pending, and is known to be on the back end', async () => {
  const person = await addPerson('PS2')
  const pushed = pushedBy(person)
  const edited = await station.persons.edit(person.id, { name: 'PS2 v2' }, person.version, 'test')
  await apply(pushed)
  const state = outbox(edited)
  assert.equal(state.status, 'pending')
  assert.equal(state.remoteMayExist, true)
  assert.equal(state.syncedVersion, 0, 'no local version is taken as pushed')
})

test('a person deleted here before this desk ever pushed it is still deleted remotely when another desk had pushed it', async () => {
  const person = await addPerson('PS3')
  const pushed = pushedBy(person)
  const deleted = await station.persons.delete(person.id, 'test')
  // on its own this desk would think there is nothing to remove
  assert.equal(outbox(deleted).status, 'synced')
  assert.match(outbox(deleted).detail ?? '', /before it was sent/)
  await apply(pushed)
  const state = outbox(deleted)
  assert.equal(state.status, 'pending', 'the delete goes out')
  assert.equal(state.want, 'delete')
  assert.equal(state.remoteMayExist, true)
})

test('a refusal of the same version shows here as needs attention, with the back end\'s words', async () => {
  const person = await addPerson('PS4')
  await apply(pushedBy(person, { op: null, status: 'attention', attention: { message: 'SophonFogSys: photo refused', remoteCode: 400 }, remoteId: null }))
  const state = outbox(person)
  assert.equal(state.status, 'attention')
  assert.equal(state.lastError?.message, 'SophonFogSys: photo refused')
  assert.equal(state.lastError?.remoteCode, 400)
})

test('a fingerprint ignores the local version and bookkeeping stamps, not what a back end receives', () => {
  const person = { ...station.persons.getByCode('PS1')! }
  assert.equal(personFingerprint({ ...person, version: 99, updatedAt: '2030-01-01T00:00:00.000Z', updatedBy: 'someone' }), personFingerprint(person))
  assert.notEqual(personFingerprint({ ...person, name: 'Other' }), personFingerprint(person))
  assert.notEqual(personFingerprint({ ...person, deletedAt: '2030-01-01T00:00:00.000Z' }), personFingerprint(person))
})
