import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import type { Station } from '../../main/core/station'
import { syncKey, type SyncState } from '../../main/core/sync'
import type { ChannelResult } from '../../common/contract'
import { addSimTarget, stateOf, storedPhoto, truncatedPhoto, waitFor, withSim } from './helpers'

/** target.test as the Settings screen calls it: through the channel handlers. */
async function testTarget(station: Station, id: string): Promise<ChannelResult<'target.test'>> {
  const outcome = await dispatch(createHandlers(station, 'desk'), 'target.test', { id })
  if (!outcome.ok) assert.fail(`target.test: ${outcome.error.message}`)
  return outcome.result as ChannelResult<'target.test'>
}

function healthOf(station: Station, targetId: string) {
  const row = station.sync.summary().targets.find((target) => target.targetId === targetId)!
  return { health: row.health, reachable: row.reachable, message: row.healthMessage }
}

test('a new target at a closed port is "unchecked", unreachable once target.test met no answer, reachable after its first push', async () => {
  await withSim('sophon', async (sim, station) => {
    await station.sync.start()
    await sim.stop()
    const target = await addSimTarget(station, sim, 'Dead address')
    assert.deepEqual(healthOf(station, target.id), { health: 'unchecked', reachable: null, message: null }, 'nothing has asked the closed port yet')

    const failed = await testTarget(station, target.id)
    assert.deepEqual(failed.ok ? null : [failed.problem, failed.reachable], ['unreachable', false])
    const down = healthOf(station, target.id)
    assert.deepEqual([down.health, down.reachable], ['unreachable', false])
    assert.equal(down.message, failed.ok ? null : failed.message, 'the summary says what the test met')

    await sim.start()
    await station.persons.add({ code: 'H1', name: 'First push', type: 'employee', photo: await storedPhoto(station) } as never, 'test')
    assert.equal(await station.sync.worker.whenIdle(10_000), true)
    assert.equal(sim.records().length, 1)
    assert.deepEqual(healthOf(station, target.id), { health: 'ok', reachable: true, message: null })
  })
})

test('a test that gets an answer lifts an unreachable hold at once', async () => {
  await withSim('sophon', async (sim, station) => {
    const target = await addSimTarget(station, sim, 'Lobby')
    await station.sync.start()
    await sim.stop()
    assert.equal((await testTarget(station, target.id)).ok, false)
    assert.equal(healthOf(station, target.id).health, 'unreachable')
    await sim.start()
    assert.equal((await testTarget(station, target.id)).ok, true)
    assert.deepEqual(healthOf(station, target.id), { health: 'ok', reachable: true, message: null })
  })
})

test('a test that answers does not lift a target held for refused credentials', async () => {
  await withSim('yce', async (sim, station) => {
    sim.preload([{ remoteId: 'Y1' }])
    const { baseUrl, settings } = sim.credentials
    const target = await station.targets.add({ name: 'yce', kind: 'yce', baseUrl, settings: { ...settings, syncRatePerSecond: 1000 } }, { password: 'wrong' }, 'test')
    await station.sync.outbox.settle()
    await station.persons.add({ code: 'Y1', name: 'Y1', type: 'employee' } as never, 'test')
    await station.sync.start()
    await waitFor(() => healthOf(station, target.id).health === 'refusing') // held for its credentials
    const refused = await testTarget(station, target.id)
    assert.deepEqual(refused.ok ? null : refused.problem, 'credentials')
    assert.equal(healthOf(station, target.id).health, 'refusing')
  })
})

test('a refusal from the back end is news of its health even when the person was edited during the push', async () => {
  await withSim(
    'sophon',
    async (sim, station) => {
      const target = await addSimTarget(station, sim, 'Slow lobby')
      // a photo that does not decode: the simulator answers 400, as the real back end does
      const person = await station.persons.add({ code: 'E1', name: 'Edited meanwhile', type: 'employee', photo: await truncatedPhoto(station) } as never, 'test')
      await station.sync.start()
      // the attempt has stamped its push as in flight: from here an edit no longer makes it step aside
      await waitFor(() => station.store.get<SyncState>('sync', syncKey(person.id, target.id))?.inFlight != null)
      // the newer version waits behind a pause, so only the refused push can speak for the back end
      await station.sync.pause(target.id, true, 'test')
      await station.persons.edit(person.id, { name: 'Edited meanwhile, again' }, person.version, 'test')
      // a paused target counts as idle at once: wait for the push itself
      await waitFor(() => !station.sync.worker.isPushing(target.id, person.id))
      assert.ok(sim.stats().requests > 0, 'the back end was asked')
      assert.equal(stateOf(station, person.id, target.id)?.state, 'paused', 'the edited version waits, not refused')
      assert.deepEqual(healthOf(station, target.id), { health: 'ok', reachable: true, message: null })
    },
    { sim: { faults: { slow: 1, slowMs: 300 } }, station: { sync: { callTimeoutMs: 5_000 } } },
  )
})
