/**
 * A link that drops while a desk replicates must not end the desk. PouchDB 9's replication asks
 * the source database for its info after each batch, for a progress report, and handles no failure
 * of that request: from the site's side of a pull, a connection dropped right then became an
 * unhandled rejection, which ends a Node process (a desk process crashed so in a CI run). Here the
 * hub drops every request for a database's info once two desks replicate; a person added at B must
 * still reach A, with no unhandled rejection in this process.
 */
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { test } from 'node:test'
import type { Person } from '../../common/model/person'
import { openStation, type Station } from '../../main/core/station'
import { startSiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { until } from './until'

const USERS = { 'desk-a': 'secret-a', 'desk-b': 'secret-b' }

test('a dropped info request during replication leaves the desk running and the person arrives', { timeout: 60_000 }, async () => {
  let dropInfo = false
  const dropped: string[] = []
  // GET /<db>/ is PouchDB's info(); every other request (changes, revs_diff, bulk_get, checkpoints) is answered
  const isInfo = (request: IncomingMessage) => request.method === 'GET' && /^\/enroll-[a-z]+\/?$/.test(request.url ?? '')
  const hub = await startSiteHub({
    users: USERS,
    dropRequest: (request) => {
      if (!dropInfo || !isInfo(request)) return false
      dropped.push(request.url ?? '')
      return true
    },
  })
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  process.on('unhandledRejection', onUnhandled)
  const stations: Station[] = []
  try {
    const a = await openStation({ dataDir: tempDir('link-drop-a-') })
    stations.push(a)
    const b = await openStation({ dataDir: tempDir('link-drop-b-') })
    stations.push(b)
    await a.site.join({ url: hub.url, user: 'desk-a', password: USERS['desk-a'], mode: 'upload', desk: 'desk-a' })
    await b.site.join({ url: hub.url, user: 'desk-b', password: USERS['desk-b'], mode: 'upload', desk: 'desk-b' })
    const first = await b.persons.add({ type: 'employee', code: 'LD-1', name: 'Before The Drop' }, 'desk-b')
    await until('the first person at A', async () => {
      await a.site.settle()
      return Boolean(a.store.get<Person>('persons', first.id))
    })

    dropInfo = true
    const added: Person[] = []
    for (let i = 0; i < 5; i++) {
      added.push(await b.persons.add({ type: 'employee', code: `LD-${i + 2}`, name: `During The Drop ${i}` }, 'desk-b'))
      await b.site.settle()
    }
    await until('the persons added during the drops at A', async () => {
      await a.site.settle()
      return added.every((person) => a.store.get<Person>('persons', person.id))
    }, 30_000)
    assert.ok(dropped.length > 0, 'the hub dropped info requests while the desks replicated')
    assert.deepEqual(unhandled.map((reason) => (reason instanceof Error ? reason.message : String(reason))), [])
  } finally {
    dropInfo = false
    for (const station of stations) await station.close()
    await hub.close()
    process.off('unhandledRejection', onUnhandled)
  }
})
