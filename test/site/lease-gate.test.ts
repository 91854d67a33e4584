import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Person } from '../../common/model/person'
import { startSimulator } from '../simulators'
import { tempDir } from '../helpers/temp'
import { addSimTarget, openTestStation, stateOf, storedPhoto, waitFor } from '../sync/helpers'

test('the sync worker pushes nothing to a target whose gate is shut, and drains it once the gate opens', async () => {
  const gated = await startSimulator('sophon')
  const free = await startSimulator('sophon')
  let open = false
  let gatedId = ''
  const station = await openTestStation(tempDir(), { sync: { mayPush: (targetId) => targetId !== gatedId || open } })
  try {
    const target = await addSimTarget(station, gated, 'fog-gated')
    gatedId = target.id
    const other = await addSimTarget(station, free, 'fog-free')
    const photo = await storedPhoto(station)
    const people: Person[] = []
    for (let i = 0; i < 5; i++) people.push(await station.persons.add({ code: `G${i}`, name: `Gated ${i}`, type: 'employee', photo } as never, 'test'))
    await station.sync.start()
    // the gate is per target: the other one is pushed meanwhile
    await waitFor(() => people.every((p) => stateOf(station, p.id, other.id)?.state === 'synced'), 10_000)
    assert.equal(await station.sync.worker.whenIdle(1_000), true, 'a gated target does not keep the worker busy')
    assert.deepEqual(
      people.map((p) => stateOf(station, p.id, target.id)?.state),
      people.map(() => 'pending'),
    )
    assert.equal(gated.stats().requests, 0, 'nothing was sent to the gated back end')
    assert.equal(free.stats().creates, 5)

    open = true
    station.sync.worker.gateOpened(target.id)
    await waitFor(() => people.every((p) => stateOf(station, p.id, target.id)?.state === 'synced'), 10_000)
    assert.equal(gated.stats().creates, 5)
    assert.deepEqual(gated.records().map((r) => r.name).sort(), people.map((p) => p.name))
  } finally {
    await station.close()
    await gated.close()
    await free.close()
  }
})
