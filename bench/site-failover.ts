import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Person } from '../common/model/person'
import { openStation } from '../main/core/station'
import { HubDatabase } from '../main/core/site/lease/hub-documents'
import { personFingerprint, pushStateId, type PushStateDocument } from '../main/core/site/lease/push-state'
import { PusherLease, type PusherLeaseOptions } from '../main/core/site/lease/pusher-lease'
import { SitePusher } from '../main/core/site/lease/site-pusher'
import { seedSyntheticRegister } from '../test/helpers/synthetic-people'
import { startSiteHub } from '../test/helpers/site-hub'
import { startSimulator } from '../test/simulators'
import { ms, table } from './stats'

const SIZES = (process.env.BENCH_FAILOVER_PERSONS ?? '1000,20000').split(',').map(Number)
const LEASE: PusherLeaseOptions = { durationMs: 2_000, renewEveryMs: 500, guardMs: 200 }

async function until(probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/**
 * Failover of the pusher lease: desk A holds a back end's lease and dies (stops renewing); desk B
 * waits for the lease to expire, claims it, applies the push states A left on the hub (one per
 * person, all already pushed) to its outbox, and pushes the one person edited since. Timed from
 * the moment A stops renewing: to B's claim, to B's gate opening, to B's first call to the back end.
 */
export async function benchSiteFailover(): Promise<void> {
  console.log(`\n## site failover: lease ${LEASE.durationMs} ms (renewed every ${LEASE.renewEveryMs} ms), push states of N persons left by the dead holder (BENCH_FAILOVER_PERSONS)`)
  const rows: Array<Array<string | number>> = []
  for (const size of SIZES) rows.push(await failoverOnce(size))
  console.log(table(['persons', 'holder dies → claimed', 'claimed → gate open (takeover)', 'gate open → first push', 'holder dies → first push'], rows))
}

async function failoverOnce(size: number): Promise<Array<string | number>> {
  const hub = await startSiteHub()
  const sim = await startSimulator('sophon')
  const dir = mkdtempSync(join(tmpdir(), 'bench-failover-'))
  const database = hub.databaseUrl('bench-push')
  const push = new HubDatabase(database)
  await push.ensure()
  let firstCallAt = 0
  let claimedAt = 0
  let readyAt = 0
  const station = await openStation({
    dataDir: dir,
    sync: { callTimeoutMs: 2_000 },
    connectorOptions: {
      fetch: (input, init) => {
        firstCallAt ||= performance.now()
        return fetch(input, init)
      },
    },
  })
  try {
    const credentials = sim.credentials
    const target = await station.targets.add(
      { name: 'fog', kind: 'sophon', baseUrl: credentials.baseUrl, settings: { ...credentials.settings, syncRatePerSecond: 2000 } },
      credentials.secrets,
      'bench',
    )
    await seedSyntheticRegister(station.store, size, null)
    await station.sync.outbox.enqueueAll()
    const persons = [...station.store.values<Person>('persons')]
    // what the dead holder pushed: every person as they are now
    for (let start = 0; start < persons.length; start += 5_000) {
      await push.bulk(
        persons.slice(start, start + 5_000).map(
          (person): PushStateDocument => ({
            _id: pushStateId(target.id, person.id),
            type: 'push-state',
            targetId: target.id,
            personId: person.id,
            code: person.code,
            remoteId: person.code,
            op: 'upsert',
            fingerprint: personFingerprint(person),
            status: 'synced',
            attention: null,
            pushedAt: new Date().toISOString(),
            term: 1,
            desk: 'desk-a',
          }),
        ),
      )
    }
    const holder = new PusherLease(push, target.id, 'desk-a', LEASE)
    await holder.start()
    const pusher = new SitePusher(station, { pushDatabaseUrl: database, deskId: 'desk-b', lease: LEASE })
    station.sync.useGate({
      mayPush: (targetId) => pusher.mayPush(targetId),
      start: () => pusher.start(),
      stop: () => pusher.stop(),
    })
    await station.sync.start()
    // one person edited after the holder's last push: the only one the new holder must send
    const edited = persons[Math.floor(size / 2)]
    await station.persons.edit(edited.id, { name: `${edited.name} (edited)` }, edited.version, 'bench')

    // desk B has been up a while: its outbox already shows what A pushed
    await until(() => station.sync.summary().targets[0].counts.synced >= size - 1, 300_000)
    await holder.stop({ release: false })
    const diedAt = performance.now()
    await until(() => {
      const view = pusher.leaseViews()[0]
      if (!claimedAt && view?.holder === 'desk-b') claimedAt = performance.now()
      if (!readyAt && view?.held) readyAt = performance.now()
      return firstCallAt > 0
    }, 120_000)
    claimedAt ||= readyAt
    return [size.toLocaleString(), ms(claimedAt - diedAt), ms(readyAt - claimedAt), ms(firstCallAt - readyAt), ms(firstCallAt - diedAt)]
  } finally {
    await station.close()
    await sim.close()
    await hub.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
