import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import type { Station } from '../../main/core/station'
import { SitePusher } from '../../main/core/site/lease/site-pusher'
import { HubDatabase } from '../../main/core/site/lease/hub-documents'
import { pushStatePrefix, type PushStateDocument } from '../../main/core/site/lease/push-state'
import { startSimulator, type SimulatorOf } from '../simulators'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { addSimTarget, openTestStation, stateOf, storedPhoto, waitFor } from '../sync/helpers'

const LEASE = { durationMs: 800, renewEveryMs: 200, guardMs: 80 }

let hub: SiteHub
before(async () => {
  hub = await startSiteHub()
})
after(() => hub.close())

interface Desk {
  station: Station
  pusher: SitePusher
  /** Persons this desk's connector sent to the back end, by code. */
  sent: string[]
}

/** A desk: its own copy of the register, its connector calls recorded, its gate the pusher's lease. */
async function openDesk(dataDir: string, deskId: string, database: string): Promise<Desk> {
  const sent: string[] = []
  let pusher: SitePusher | null = null
  const station = await openTestStation(dataDir, {
    sync: { mayPush: (targetId) => pusher?.mayPush(targetId) ?? false },
    connectorOptions: {
      fetch: (input, init) => {
        const code = /"identity_id":"([^"]+)"/.exec(typeof init?.body === 'string' ? init.body : '')?.[1]
        if (code) sent.push(code)
        return fetch(input, init)
      },
    },
  })
  pusher = new SitePusher(station, { pushDatabaseUrl: hub.databaseUrl(database), deskId, lease: LEASE, publishEveryMs: 20 })
  return { station, pusher, sent }
}

/** The same edit at both desks: stands in for the register replicating (the bridge's own tests cover that). */
async function editEverywhere(desks: Desk[], code: string, name: string): Promise<void> {
  for (const desk of desks) {
    const person = desk.station.persons.getByCode(code) as Person
    await desk.station.persons.edit(person.id, { name }, person.version, 'test')
  }
}

test('a desk taking over the lease pushes only what the previous holder had not pushed; every desk shows the push state', async () => {
  const sim: SimulatorOf<'sophon'> = await startSimulator('sophon')
  const root = tempDir()
  const setup = await openTestStation(join(root, 'setup'))
  const target = await addSimTarget(setup, sim, 'fog')
  const photo = await storedPhoto(setup)
  const codes = Array.from({ length: 20 }, (_, i) => `T${String(i).padStart(2, '0')}`)
  for (const code of codes) await setup.persons.add({ code, name: `${code} v1`, type: 'employee', photo } as never, 'test')
  await setup.close()
  cpSync(join(root, 'setup'), join(root, 'a'), { recursive: true })
  cpSync(join(root, 'setup'), join(root, 'b'), { recursive: true })

  const a = await openDesk(join(root, 'a'), 'desk-a', 'takeover-push')
  const b = await openDesk(join(root, 'b'), 'desk-b', 'takeover-push')
  try {
    await a.pusher.start()
    await b.pusher.start()
    await a.station.sync.start()
    await b.station.sync.start()
    await waitFor(() => a.pusher.mayPush(target.id), 5_000)
    assert.ok(!b.pusher.mayPush(target.id), 'desk a took the free lease first')

    await waitFor(() => codes.every((code) => stateOf(a.station, a.station.persons.getByCode(code)!.id, target.id)?.state === 'synced'), 10_000)
    // desk b shows what desk a pushed, from the push states on the hub, having sent nothing itself
    await waitFor(() => codes.every((code) => stateOf(b.station, b.station.persons.getByCode(code)!.id, target.id)?.state === 'synced'), 10_000)
    assert.deepEqual(b.sent, [])
    assert.equal(stateOf(b.station, b.station.persons.getByCode('T03')!.id, target.id)?.remoteId, 'T03')

    for (const code of codes.slice(0, 5)) await editEverywhere([a, b], code, `${code} v2`)
    await waitFor(() => codes.slice(0, 5).every((code) => stateOf(b.station, b.station.persons.getByCode(code)!.id, target.id)?.state === 'synced'), 10_000)

    // desk a dies: it stops without handing the lease back
    await a.station.sync.stop()
    await a.pusher.stop({ release: false })
    for (const code of codes.slice(5, 8)) await editEverywhere([b], code, `${code} v2 at b`)
    await waitFor(() => b.pusher.mayPush(target.id), 5_000)
    await waitFor(() => codes.every((code) => stateOf(b.station, b.station.persons.getByCode(code)!.id, target.id)?.state === 'synced'), 10_000)

    assert.deepEqual(b.sent.sort(), codes.slice(5, 8), 'the new holder pushed only the three edits made after the takeover')
    assert.equal(sim.stats().creates, 20, 'one remote person per person')
    const names = new Map(sim.records().map((r) => [r.personCode, r.name]))
    for (const code of codes) assert.equal(names.get(code), b.station.persons.getByCode(code)!.name)

    // what desk b pushed is on the hub once its pusher stops (it writes what is left first)
    await b.station.sync.stop()
    await b.pusher.stop()
    const docs = await new HubDatabase(hub.databaseUrl('takeover-push')).allWithPrefix<PushStateDocument>(pushStatePrefix(target.id))
    assert.equal(docs.length, 20)
    assert.deepEqual(new Set(docs.filter((d) => codes.slice(5, 8).includes(d.code!)).map((d) => d.desk)), new Set(['desk-b']))
    assert.deepEqual(docs.filter((d) => d.status !== 'synced').map((d) => [d.code, d.status, d.desk, d.term]), [])
  } finally {
    await b.station.sync.stop()
    await b.pusher.stop()
    await a.station.close()
    await b.station.close()
    await sim.close()
  }
})
