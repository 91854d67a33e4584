import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import { openStation, type Station } from '../main/core/station'
import { noteScrubOwed, scrubIfOwed, scrubOwed } from '../main/core/site/level-scrub'
import { seedSyntheticRegister } from '../test/helpers/synthetic-people'
import { startSiteHub } from '../test/helpers/site-hub'
import { ms, percentile, table } from './stats'

const PERSONS = Number(process.env.BENCH_SITE_PERSONS ?? 100_000)
const EDITS = 100

async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Site mode on one machine: desk A holds a register of PERSONS (sharing one photo) and joins a hub
 * (express-pouchdb, in memory); desk B joins it with an empty register and takes the site's
 * (persons first, the photo after); then the steady-state lag of single edits from A to B.
 */
export async function benchSite(): Promise<void> {
  console.log(`\n## site: ${PERSONS.toLocaleString()} persons, join a new desk, then ${EDITS} edits one by one (BENCH_SITE_PERSONS)`)
  const hub = await startSiteHub({ users: { a: 'a-secret', b: 'b-secret' } })
  const dirs = [mkdtempSync(join(tmpdir(), 'bench-site-a-')), mkdtempSync(join(tmpdir(), 'bench-site-b-'))]
  const stations: Station[] = []
  try {
    const a = await openStation({ dataDir: dirs[0] })
    stations.push(a)
    const jpeg = await sharp({ create: { width: 360, height: 450, channels: 3, background: { r: 200, g: 180, b: 160 } } }).jpeg().toBuffer()
    const photo = await a.photos.fromFile(jpeg, 'file')
    await seedSyntheticRegister(a.store, PERSONS, photo)

    let started = performance.now()
    await a.site.join({ url: hub.url, user: 'a', password: 'a-secret', mode: 'upload', desk: 'bench-a', resolver: true })
    const exported = performance.now() - started
    await until(async () => (await (await fetch(hub.databaseUrl('enroll-register'), { headers: { authorization: `Basic ${Buffer.from('a:a-secret').toString('base64')}` } })).json() as { doc_count: number }).doc_count >= PERSONS, 30 * 60_000)
    const uploaded = performance.now() - started

    const b = await openStation({ dataDir: dirs[1] })
    stations.push(b)
    started = performance.now()
    await b.site.join({ url: hub.url, user: 'b', password: 'b-secret', mode: 'replace', desk: 'bench-b' })
    await until(() => b.store.count('persons') >= PERSONS, 30 * 60_000)
    const personsArrived = performance.now() - started
    await until(() => b.photos.read(photo.hash).then(() => true, () => false), 60_000)
    const photoArrived = performance.now() - started

    const lags: number[] = []
    const ids = [...a.store.values<{ id: string; version: number }>('persons')].slice(0, EDITS)
    for (const [n, person] of ids.entries()) {
      const current = a.persons.get(person.id)!
      const note = `bench edit ${n}`
      const saved = performance.now()
      await a.persons.edit(person.id, { note }, current.version, 'bench')
      await until(() => b.persons.get(person.id)?.note === note, 60_000)
      lags.push(performance.now() - saved)
    }

    // a purge at A: B applies the removal, then closes its site databases, scrubs and reopens them
    const purged = ids[EDITS - 1].id
    await a.retention.erasePerson(purged, 'bench')
    await until(() => b.persons.get(purged) === undefined && scrubOwed(dirs[1]), 60_000)
    await b.site.compacted()
    started = performance.now()
    await b.site.scrubbed()
    const reopened = performance.now() - started
    const note = 'after the scrub'
    const first = ids[0].id
    started = performance.now()
    await a.persons.edit(first, { note }, a.persons.get(first)!.version, 'bench')
    await until(() => b.persons.get(first)?.note === note, 60_000)
    const lagAfter = performance.now() - started

    // the same scrub offline, as a desk's next start does it
    await b.close()
    stations.splice(stations.indexOf(b), 1)
    await noteScrubOwed(dirs[1], ['register', 'audit', 'photos'])
    started = performance.now()
    const folders = await scrubIfOwed(dirs[1])
    const scrubbed = performance.now() - started
    console.log(
      table(
        ['what', 'ms'],
        [
          [`desk A: ${PERSONS.toLocaleString()} persons written to its site replicas (join, upload)`, ms(exported)],
          ['desk A: … and all of them on the hub', ms(uploaded)],
          ['desk B (new): join, every person in its register', ms(personsArrived)],
          ['desk B: the photo file arrived', ms(photoArrived)],
          [`steady-state lag A → B, one edit (p50 of ${EDITS})`, ms(percentile(lags, 50))],
          [`steady-state lag A → B, one edit (p95 of ${EDITS})`, ms(percentile(lags, 95))],
          ['desk B, running: after a removal, site databases closed, scrubbed and open again (replication paused)', ms(reopened)],
          ['desk B: … then one edit A → B', ms(lagAfter)],
          [`desk B, stopped: scrub of its ${folders} site database folders (as at its next start)`, ms(scrubbed)],
        ],
      ),
    )
  } finally {
    for (const station of stations) await station.close().catch(() => {})
    await hub.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}
