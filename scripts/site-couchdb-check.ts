/**
 * Site mode against a real CouchDB 3 (`npm run site:couchdb-check`): the scenario of
 * test/site/desks.test.ts, on two desks in this process, with the server's own users and
 * database security instead of the test hub.
 *
 *   COUCHDB_URL=http://admin:password@127.0.0.1:5984 npm run site:couchdb-check
 *   (e.g. docker run -d -p 5984:5984 -e COUCHDB_USER=admin -e COUCHDB_PASSWORD=password couchdb:3)
 *
 * It creates two desk users and four databases under a fresh prefix, checks that the databases
 * refuse anonymous reads, joins two desks, enrolls at one and finds the person at the other,
 * cuts one desk off while both edit, reconnects, compares the registers, prints the figures, and
 * removes what it created. Without COUCHDB_URL it says it skipped and exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { openStation, type Station } from '../main/core/station'
import { SITE_DATABASES } from '../main/core/site/site-config'
import type { Person } from '../common/model/person'
import { cuttableLink } from './cuttable-link'

const serverText = process.env.COUCHDB_URL
if (!serverText) {
  console.log('site:couchdb-check skipped: COUCHDB_URL is not set (e.g. COUCHDB_URL=http://admin:password@127.0.0.1:5984)')
  process.exit(0)
}

const server = new URL(serverText)
const adminAuth = `Basic ${Buffer.from(`${decodeURIComponent(server.username)}:${decodeURIComponent(server.password)}`).toString('base64')}`
server.username = ''
server.password = ''
const base = server.href.replace(/\/+$/, '')
const prefix = `enroll-check-${Date.now().toString(36)}`
const desks = { a: `${prefix}-desk-a`, b: `${prefix}-desk-b` }
const passwords = { a: `pw-${Math.random().toString(36).slice(2)}`, b: `pw-${Math.random().toString(36).slice(2)}` }

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: adminAuth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok && response.status !== 412) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
  return response
}

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function register(station: Station): unknown {
  return [...station.store.values<Person>('persons')]
    .map(({ version: _version, ...person }) => ({ ...person, groups: [...person.groups].sort() }))
    .sort((x, y) => x.id.localeCompare(y.id))
}

const folders: string[] = []
const stations: Station[] = []
const link = await cuttableLink(Number(server.port || (server.protocol === 'https:' ? 443 : 80)), server.hostname)
try {
  console.log(`CouchDB ${(await (await admin('GET', '/')).json() as { version: string }).version} at ${base}; prefix ${prefix}`)
  for (const key of ['a', 'b'] as const) {
    await admin('PUT', `/_users/org.couchdb.user:${desks[key]}`, { name: desks[key], password: passwords[key], roles: [], type: 'user' })
  }
  for (const name of SITE_DATABASES) {
    await admin('PUT', `/${prefix}-${name}`)
    await admin('PUT', `/${prefix}-${name}/_security`, { admins: { names: [], roles: [] }, members: { names: [desks.a, desks.b], roles: [] } })
  }
  const anonymous = await fetch(`${base}/${prefix}-register/_all_docs`)
  if (anonymous.status !== 401) throw new Error(`an anonymous read of the register answered HTTP ${anonymous.status}, not 401`)
  console.log('ok   anonymous reads refused (401)')

  const open = async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'site-check-'))
    folders.push(dataDir)
    const station = await openStation({ dataDir })
    stations.push(station)
    return station
  }
  const [a, b] = [await open(), await open()]
  await a.site.join({ url: base, user: desks.a, password: passwords.a, mode: 'upload', desk: 'check-a', resolver: true, prefix })
  // desk B reaches the server through a relay this script can cut (plain http only)
  const bUrl = server.protocol === 'http:' ? link.url : base
  await b.site.join({ url: bUrl, user: desks.b, password: passwords.b, mode: 'upload', desk: 'check-b', prefix })
  console.log('ok   two desks joined with their own users')

  let saved = Date.now()
  const visitor = await a.persons.add({ name: 'Check Visitor', type: 'visitor' }, 'check')
  await until('the visitor at desk B', () => b.persons.get(visitor.id))
  console.log(`ok   enrolled at A, listed at B after ${Date.now() - saved} ms`)
  saved = Date.now()
  const banned = await b.persons.add({ name: 'Check Banned', type: 'blacklist', reason: 'compatibility check' }, 'check')
  await until('the blacklist entry at desk A', () => a.persons.get(banned.id)?.type === 'blacklist')
  console.log(`ok   blacklisted at B, on A's blacklist after ${Date.now() - saved} ms`)

  if (server.protocol === 'http:') {
    const shared = [] as Person[]
    for (let i = 0; i < 10; i++) shared.push(await a.persons.add({ name: `Check Shared ${i}`, type: 'visitor' }, 'check'))
    await until('the shared persons at B', () => shared.every((person) => b.persons.get(person.id)))
    link.cut()
    let edits = 0
    for (let round = 0; edits < 200; round++) {
      for (const person of shared) {
        await a.persons.edit(person.id, { note: `A ${round}` }, a.persons.get(person.id)!.version, 'check')
        await b.persons.edit(person.id, { company: `B ${round}` }, b.persons.get(person.id)!.version, 'check')
        edits += 2
      }
    }
    await Promise.all([a.site.settle(), b.site.settle()])
    const reconnected = Date.now()
    link.restore()
    await until('both desks hold the same register', () => isDeepStrictEqual(register(a), register(b)), 120_000)
    console.log(`ok   ${edits} edits on both sides of a cut link converged ${Date.now() - reconnected} ms after reconnecting`)
  } else {
    console.log('skip the offline round (it cuts a plain-http relay; the server is https)')
  }
  // a purge: members may not compact, so the desk says the hub keeps the visitor until an admin compacts
  await a.retention.erasePerson(visitor.id, 'check')
  await a.site.settle()
  await a.site.compacted()
  const owed = (await a.site.status()).hubCompaction
  if (!owed?.databases.includes('register')) throw new Error(`after a purge by a member desk the status says ${JSON.stringify(owed)}, not that the hub keeps the register's earlier revisions`)
  const adminUser = decodeURIComponent(new URL(serverText).username)
  const adminPassword = decodeURIComponent(new URL(serverText).password)
  const report = await a.site.compactHub({ user: adminUser, password: adminPassword })
  if (report.stillHeld) throw new Error(`compacted with the server admin, the hub still keeps ${JSON.stringify(report.stillHeld)}`)
  const revisions = (await (await admin('GET', `/${prefix}-register/${encodeURIComponent(`person:${visitor.id}`)}?revs_info=true`)).json()) as { _revs_info: Array<{ status: string }> }
  if (revisions._revs_info.slice(1).some((info) => info.status === 'available')) throw new Error('the hub still gives an earlier revision of the purged visitor')
  console.log(`ok   purge: the desk said the hub kept the visitor (${owed.databases.join(', ')}); compacted with the server admin, it keeps none`)
  console.log('site:couchdb-check passed')
} catch (error) {
  console.error(`site:couchdb-check FAILED: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  for (const station of stations) await station.close().catch(() => {})
  await link.close()
  for (const name of SITE_DATABASES) await admin('DELETE', `/${prefix}-${name}`).catch(() => {})
  for (const key of ['a', 'b'] as const) {
    const user = await fetch(`${base}/_users/org.couchdb.user:${desks[key]}`, { headers: { authorization: adminAuth } })
    if (user.ok) await admin('DELETE', `/_users/org.couchdb.user:${desks[key]}?rev=${((await user.json()) as { _rev: string })._rev}`).catch(() => {})
  }
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
}
