/**
 * A removal applied from the site whose rewrite of the register's older copies fails (here: a
 * failed rename, as on a full or failing disk) is noted as owed in the transaction that applies it,
 * and the desk's next start finishes it: no byte of the visitor is left in its data folder, the
 * files of its leveldb site databases included (scrubbed as they open: level-scrub.ts). Two
 * stations in this process and the in-process hub; the second desk's register runs on a file
 * system that fails on demand. A running desk scrubs its site databases a while after a removal
 * (siteScrubDelayMs, shortened here) and goes on replicating both ways.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Person } from '../../common/model/person'
import { openStation } from '../../main/core/station'
import { owedErasures } from '../../main/core/store/erase-traces'
import { scrubOwed } from '../../main/core/site/level-scrub'
import { FaultFs } from '../helpers/fault-fs'
import { filesHolding } from '../helpers/files-holding'
import { tempDir } from '../helpers/temp'
import { until } from './until'
import { hubAndStations } from './hub-and-stations'
import { DeskProcess } from './desk-process'

const USERS = { 'desk-a': 'secret-a', 'desk-b': 'secret-b' }
const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString()
const VISITOR = { code: 'V-OWED', name: 'Owedvisit Liuyang', phone: '+8613977778888', certificate: { type: 'passport' as const, number: 'RX3141592' } }
const SECRETS = [VISITOR.name, '13977778888', VISITOR.certificate.number]

/** Where the visitor's values still lie in a data folder. */
function leftovers(dataDir: string): string[] {
  return SECRETS.flatMap((secret) => filesHolding(dataDir, secret).map((file) => `${secret} in ${file}`))
}

const inSiteDatabases = (found: string) => found.includes(` in ${join('site', 'db')}/`)

describe('site mode: a removal applied from the site is erased here, and a failed erasure is finished at the next start', { timeout: 60_000 }, () => {
  const site = hubAndStations(USERS)
  const { stations } = site

  it('notes the erasure as owed when the rewrite fails, and the next start finishes it', async () => {
    const dirB = tempDir('site-owed-b-')
    mkdirSync(dirB, { recursive: true })
    const faults = new FaultFs(dirB)
    const warnings: string[] = []
    const a = await site.joinedStation('desk-a', { dataDir: tempDir('site-owed-a-'), resolver: true })
    const b = await site.joinedStation('desk-b', { dataDir: dirB, fs: faults, onWarning: (message) => warnings.push(message) })

    const visitor = await a.persons.add({ ...VISITOR, type: 'visitor', validFrom: daysAgo(41), validUntil: daysAgo(40) }, 'desk-a')
    await a.site.settle()
    await until('the visitor at B', async () => {
      await b.site.settle()
      return b.store.get<Person>('persons', visitor.id) !== undefined
    })
    assert.ok(leftovers(dirB).length > 0, 'the visitor is in B’s register files')

    // the next rename of B's register fails: the removal's own journal line needs none, its rewrite does
    faults.arm('eio-meta')
    const run = await a.retention.run({ actor: 'desk-a' })
    assert.deepEqual(
      run.visitors.map((entry) => entry.code),
      ['V-OWED'],
    )
    await a.site.settle()
    await until('the removal at B', async () => {
      await b.site.settle()
      return b.store.get<Person>('persons', visitor.id) === undefined
    })
    assert.ok(faults.injected > 0, 'the rewrite at B failed')
    assert.deepEqual(owedErasures(b.store), [{ collection: 'persons', id: visitor.id }], 'the removal noted its erasure as owed, in the same transaction')
    assert.ok(
      warnings.some((message) => message.includes('not all erased yet')),
      warnings.join('\n'),
    )

    faults.heal()
    await b.site.compacted()
    await b.close()
    stations.splice(stations.indexOf(b), 1)
    assert.ok(leftovers(dirB).filter((found) => !inSiteDatabases(found)).length > 0, 'the visitor’s values are still in B’s register files')
    assert.ok(leftovers(dirB).some(inSiteDatabases), 'and in the files of its site databases, compacted by PouchDB but not by leveldb')
    // the next start, as its own process (as the app starts)
    const restarted = new DeskProcess('desk-b', dirB)
    try {
      await restarted.ready
      assert.deepEqual(leftovers(dirB), [], 'the next start finished it: no byte of the visitor in B’s data folder, its site databases included')
    } finally {
      await restarted.close().catch(() => restarted.kill())
    }
  })

  it('a running desk scrubs its site databases a while after a removal, and keeps replicating', async () => {
    const dirB = tempDir('site-scrub-live-b-')
    const warnings: string[] = []
    const a = await site.joinedStation('desk-a', { dataDir: tempDir('site-scrub-live-a-'), resolver: true })
    const b = await site.joinedStation('desk-b', { dataDir: dirB, siteScrubDelayMs: 300, onWarning: (message) => warnings.push(message) })
    const visitor = await a.persons.add({ ...VISITOR, code: 'V-LIVE', type: 'visitor', validFrom: daysAgo(41), validUntil: daysAgo(40) }, 'desk-a')
    await a.site.settle()
    await until('the visitor at B', async () => {
      await b.site.settle()
      return b.persons.get(visitor.id) !== undefined
    })

    await a.retention.run({ actor: 'desk-a' })
    await a.site.settle()
    await until('the removal at B', async () => {
      await b.site.settle()
      return b.persons.get(visitor.id) === undefined
    })
    await b.site.compacted()
    await until('B scrubbed its site databases', async () => !scrubOwed(dirB), 20_000)
    await b.site.settle()
    assert.deepEqual(leftovers(dirB), [], 'no byte of the visitor in B’s data folder, while B runs')
    assert.equal(b.site.active, true, 'site mode stayed on')

    // replication goes on after the databases opened again, both ways
    const later = await a.persons.add({ name: 'After Scrub', code: 'E-AFTER', type: 'employee' }, 'desk-a')
    await a.site.settle()
    await until('A’s new person at B', async () => {
      await b.site.settle()
      return b.persons.get(later.id) !== undefined
    })
    const fromB = await b.persons.add({ name: 'From B', code: 'E-FROM-B', type: 'employee' }, 'desk-b')
    await b.site.settle()
    await until('B’s new person at A', async () => {
      await a.site.settle()
      return a.persons.get(fromB.id) !== undefined
    })
    assert.deepEqual(warnings.filter((message) => message.includes('scrub')), [])
  })
})
