/**
 * A desk that joins a site while its sync worker runs (the app, `enroll serve`) claims its pusher
 * leases at once and pushes as their holder, without a restart; leaving hands them back and the
 * desk pushes as a single desk again.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { HubDatabase } from '../../main/core/site/lease/hub-documents'
import { leaseDocumentId, type LeaseDocument } from '../../main/core/site/lease/pusher-lease'
import { openStation } from '../../main/core/station'
import { startSimulator } from '../simulators'
import { startSiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { addSimTarget, FAST_SYNC, stateOf, storedPhoto, waitFor } from '../sync/helpers'
import { until } from './until'

const LEASE = { durationMs: 3_000, renewEveryMs: 500, guardMs: 200 }

test('joining a site while the worker runs starts the pusher leases; leaving hands them back', { timeout: 60_000 }, async () => {
  const hub = await startSiteHub({ users: { 'desk-run': 'run-secret' } })
  const sim = await startSimulator('sophon')
  const station = await openStation({ dataDir: tempDir(), sync: FAST_SYNC, sitePusher: { lease: LEASE, publishEveryMs: 20 } })
  const push = new HubDatabase(hub.databaseUrl('enroll-push'), { credentials: { user: 'desk-run', password: 'run-secret' } })
  const lease = () => push.get<LeaseDocument>(leaseDocumentId('lobby'))
  try {
    const target = await addSimTarget(station, sim, 'Lobby')
    const photo = await storedPhoto(station)
    await station.sync.start()
    const before = await station.persons.add({ code: 'J1', name: 'Before joining', type: 'employee', photo } as never, 'test')
    await waitFor(() => stateOf(station, before.id, target.id)?.state === 'synced', 10_000)

    await station.site.join({ url: hub.url, user: 'desk-run', password: 'run-secret', mode: 'upload', desk: 'desk-run' })
    await until('the running desk holds the lease', async () => (await lease())?.holder === 'desk-run', 10_000)
    const during = await station.persons.add({ code: 'J2', name: 'While on the site', type: 'employee', photo } as never, 'test')
    await waitFor(() => stateOf(station, during.id, target.id)?.state === 'synced', 10_000)
    assert.deepEqual(sim.records().map((record) => record.name).sort(), ['Before joining', 'While on the site'])
    const status = await station.site.status()
    assert.deepEqual(status.pushers?.map(({ holder, mine }) => ({ holder, mine })), [{ holder: 'desk-run', mine: true }])

    await station.site.leave()
    assert.equal((await lease())?.holder, null, 'leaving hands the lease back at once')
    const after = await station.persons.add({ code: 'J3', name: 'After leaving', type: 'employee', photo } as never, 'test')
    await waitFor(() => stateOf(station, after.id, target.id)?.state === 'synced', 10_000)
  } finally {
    await station.close()
    await sim.close()
    await hub.close()
  }
})
