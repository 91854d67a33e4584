import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openStation, type Station } from '../../main/core/station'
import { isCoreError } from '../../common/errors/core-error'
import { FaultFs, type FaultKind } from '../helpers/fault-fs'
import { tempDir } from '../helpers/temp'

const ACTOR = 'fault-test'

async function stationOn(dataDir: string, fs?: FaultFs): Promise<Station> {
  return openStation({ dataDir, fs, compactAfterBytes: 1 << 30 })
}

function codes(station: Station): string[] {
  return station.persons.list({ limit: 1000 }).items.map((p) => p.code).sort()
}

/** person.add under one fault at its journal write; returns the refusal (or null when it was saved). */
async function addUnder(station: Station, fs: FaultFs, kind: FaultKind, code: string): Promise<Error | null> {
  fs.arm(kind)
  try {
    await station.persons.add({ code, name: `Person ${code}`, type: 'employee' }, ACTOR)
    return null
  } catch (error) {
    return error as Error
  } finally {
    fs.heal()
  }
}

test('a short write is finished, not acknowledged torn: the person is there after a reopen', async () => {
  const dataDir = tempDir()
  const fs = new FaultFs(dataDir)
  const station = await stationOn(dataDir, fs)
  await station.persons.add({ code: 'E1', name: 'Before', type: 'employee' }, ACTOR)
  assert.equal(await addUnder(station, fs, 'short-write', 'E2'), null, 'a short write alone is no failure: the rest is written')
  assert.ok(fs.injected >= 1)
  await station.close({ compact: false })
  const reopened = await stationOn(dataDir)
  assert.deepEqual(codes(reopened), ['E1', 'E2'])
  await reopened.close()
})

for (const kind of ['short-then-enospc', 'enospc', 'eio-write', 'fsync-fail'] as const) {
  test(`${kind} at the journal write refuses person.add: nothing acknowledged, nothing left in memory or on disk, the station keeps working`, async () => {
    const dataDir = tempDir()
    const fs = new FaultFs(dataDir)
    const station = await stationOn(dataDir, fs)
    await station.persons.add({ code: 'E1', name: 'Before', type: 'employee' }, ACTOR)
    const before = { counts: station.persons.counts(), audit: (await station.persons.history(station.persons.require('E1').id)).length }

    const refusal = await addUnder(station, fs, kind, 'E2')
    assert.ok(refusal, `${kind}: person.add must be refused`)
    assert.ok(isCoreError(refusal), `a coded error, not ${refusal}`)
    assert.equal(refusal.code, kind.includes('enospc') ? 'disk_full' : 'storage')
    assert.match(refusal.message, new RegExp(`${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'the message names the data folder')
    assert.match(refusal.message, /not saved/)
    if (kind.includes('enospc')) assert.match(refusal.message, /disk .* is full/)

    assert.equal(station.persons.getByCode('E2'), undefined, 'the refused person is not in memory')
    assert.deepEqual(codes(station), ['E1'], 'nor in the list')
    assert.deepEqual(station.persons.counts(), before.counts, 'nor in the counts')

    await station.persons.add({ code: 'E3', name: 'After', type: 'employee' }, ACTOR)
    assert.deepEqual(codes(station), ['E1', 'E3'], 'the next change is taken (the journal was put back in order)')
    await station.close({ compact: false })

    const reopened = await stationOn(dataDir)
    assert.deepEqual(codes(reopened), ['E1', 'E3'], 'after a reopen: every acknowledged person, never the refused one')
    assert.deepEqual(reopened.store.warnings, [])
    assert.equal((await reopened.persons.history(reopened.persons.require('E1').id)).length, before.audit)
    await reopened.close()
  })
}

test('a refused change is never queued for the back ends', async () => {
  const dataDir = tempDir()
  const fs = new FaultFs(dataDir)
  const station = await stationOn(dataDir, fs)
  await station.targets.add({ name: 'Lobby', kind: 'sophon', baseUrl: 'http://127.0.0.1:9', settings: {} }, {}, ACTOR)
  await station.sync.outbox.settle()
  await station.persons.add({ code: 'E1', name: 'Queued', type: 'employee' }, ACTOR)
  const queued = station.store.count('sync')
  assert.equal(queued, 1)
  assert.ok(await addUnder(station, fs, 'enospc', 'E2'))
  assert.equal(station.store.count('sync'), queued, 'no sync record for the refused person')
  await station.close({ compact: false })
  const reopened = await stationOn(dataDir)
  assert.equal(reopened.store.count('sync'), queued)
  await reopened.close()
})
