/**
 * Site mode, operators and retention: two desks as processes and one hub. Operator accounts are
 * the site's (an account added, re-roled or disabled at desk A holds at desk B, through the same
 * access rules); a visitor purged by retention at desk A leaves no name, phone or certificate in
 * the hub's latest revisions nor in any file of desk B's data folder (its leveldb site databases
 * aside: B scrubs them a minute later, purge-erases.test.ts), and B erases the visitor's photo file and face descriptor as
 * A's own purge does (a photo file an employee shares stays).
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ensureFaceFixtures } from '../face/helpers'
import { photoPath } from '../../main/core/photos/photo-files'
import { DESCRIPTOR_FILE } from '../../main/core/face/face-store'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { filesHolding } from '../helpers/files-holding'
import { until } from './until'
import { DeskProcess } from './desk-process'

const USERS = { 'desk-a': 'secret-a', 'desk-b': 'secret-b' }
const AUTH = `Basic ${Buffer.from(`desk-a:${USERS['desk-a']}`).toString('base64')}`
const RITA = { name: 'Rita 前台', password: 'rita-pass' }

function refusal(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (error: Error & { shape?: { messageCode?: string } }) => error.shape?.messageCode ?? error.message,
  )
}

async function hubGet(hub: SiteHub, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${hub.url}/${path}`, { headers: { authorization: AUTH } })
  return (await response.json()) as Record<string, unknown>
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString()
}

describe('site mode: operators are site-wide, a purge leaves nothing personal on the site', { timeout: 120_000 }, () => {
  let hub: SiteHub
  let a: DeskProcess
  let b: DeskProcess
  // made here, not in `before`: a folder's removal then waits for the whole suite
  const dirA = tempDir('site-ops-a-')
  const dirB = tempDir('site-ops-b-')

  before(async () => {
    hub = await startSiteHub({ users: USERS })
    a = new DeskProcess('desk-a', dirA, { face: true })
    b = new DeskProcess('desk-b', dirB)
    await Promise.all([a.ready, b.ready])
    await a.call('site.join', { url: hub.url, user: 'desk-a', password: USERS['desk-a'], desk: 'desk-a', resolver: true })
    await b.call('site.join', { url: hub.url, user: 'desk-b', password: USERS['desk-b'], desk: 'desk-b' })
  })
  after(async () => {
    await Promise.all([a, b].map((desk) => desk?.close().catch(() => desk.kill())))
    await hub?.close()
  })

  it('an operator added at A signs in at B; a role change at A applies at B; a disable at A signs B’s session out', async () => {
    await a.call('operator.add', { name: 'Ada Admin', password: 'ada-pass', role: 'administrator' })
    const rita = (await a.call('operator.add', { ...RITA, role: 'reception' })) as { id: string }
    await until('Rita can sign in at B', async () => (await refusal(b.asSession('rita', 'session.signIn', RITA))) === null)
    const status = async () => (await b.asSession('rita', 'session.status')) as { operator: { role: string } | null }
    assert.equal((await status()).operator?.role, 'reception')
    assert.equal(await refusal(b.asSession('rita', 'operator.list')), 'session.forbidden', 'the same rule checks at B: reception may not list operators')

    // wrong passwords at B stay at B: the count is desk-local, the account is the site's
    assert.equal(await refusal(b.asSession('guesser', 'session.signIn', { name: RITA.name, password: 'wrong' })), 'session.wrong_password')
    await b.settle()
    const hubDoc = (await hubGet(hub, `enroll-register/${encodeURIComponent(`operator:${rita.id}`)}`)) as { record: Record<string, unknown> }
    assert.equal(hubDoc.record.name, RITA.name)
    assert.ok(hubDoc.record.password, 'the password hash (with its parameters) is the site’s')
    assert.equal('failedAttempts' in hubDoc.record || 'lockedUntil' in hubDoc.record, false, 'lock-out counters stay on the desk')

    await a.call('operator.edit', { id: rita.id, role: 'administrator' })
    await until('the new role at B', async () => (await status()).operator?.role === 'administrator')
    assert.ok(Array.isArray(await b.asSession('rita', 'operator.list')), 'the new role’s rights at B')

    await a.call('operator.edit', { id: rita.id, disabled: true })
    const signedOut = await until('B’s session signed out', async () => {
      const code = await refusal(b.asSession('rita', 'operator.list'))
      return code === 'session.signed_out' && code
    })
    assert.equal(signedOut, 'session.signed_out')
    assert.equal(await refusal(b.asSession('rita-again', 'session.signIn', RITA)), 'session.operator_disabled')
  })

  it('a retention purge at A leaves the visitor’s fields neither on the hub (latest revisions, audit) nor anywhere in B’s data folder (photo, descriptor, register, journal, audit)', async () => {
    const fx = await ensureFaceFixtures()
    const photo = (path: string) => ({ base64: readFileSync(path).toString('base64'), source: 'file' as const })
    const visitor = {
      name: 'Oldvisit Xiaoming',
      type: 'visitor' as const,
      code: 'V-OLD',
      phone: '+8613911112222',
      certificate: { type: 'passport' as const, number: 'RX7654321' },
    }
    // a second expired visitor whose photo file an employee still uses: that file stays
    const sharing = { name: 'Oldvisit Sharing', type: 'visitor' as const, code: 'V-OLD2', phone: '+8613933334444', certificate: { type: 'passport' as const, number: 'RX5550001' } }
    type Added = { id: string; version: number; photo: { hash: string } | null }
    const added = (await a.call('person.add', { ...visitor, photo: photo(fx.faceA) })) as Added
    const other = (await a.call('person.add', { ...sharing, photo: photo(fx.faceB) })) as Added
    const keeper = (await a.call('person.add', { name: 'Keeper Employee', type: 'employee', code: 'E-KEEP', photo: photo(fx.faceB) })) as Added
    assert.ok(added.photo && other.photo && keeper.photo, 'the photos were taken')
    assert.equal(other.photo.hash, keeper.photo.hash, 'the same photo is one file')
    for (const person of [added, other]) await a.call('person.edit', { id: person.id, version: person.version, validFrom: daysAgo(41), validUntil: daysAgo(40) })
    const expiredAtB = (persons: Array<{ code: string; validUntil: string | null }>) => persons.filter((person) => person.code.startsWith('V-OLD') && person.validUntil! < daysAgo(1))
    await until('the visitors, expired, and the employee at B', async () => {
      const { persons } = await b.register()
      return expiredAtB(persons).length === 2 && persons.some((person) => person.id === keeper.id)
    })
    await b.settle()
    // B describes the faces it holds (what a capture's lookup does first)
    await until('B’s face descriptors', async () => ((await b.call('face.status', {})) as { indexed: number; pending: number }).pending === 0)
    const descriptorFile = join(dirB, DESCRIPTOR_FILE)
    assert.ok(existsSync(photoPath(dirB, added.photo.hash)), 'the visitor’s photo file is at B')
    assert.ok(readFileSync(descriptorFile).includes(Buffer.from(added.id)), 'the visitor’s face descriptor is at B')

    const run = (await a.call('retention.purgeExpired', {})) as { visitors: Array<{ code: string }> }
    assert.deepEqual(run.visitors.map((entry) => entry.code).sort(), ['V-OLD', 'V-OLD2'])
    await a.settle()
    await a.compacted()
    await until('the purge at B', async () => !(await b.register()).persons.some((person) => person.id === added.id || person.id === other.id))
    await b.settle()
    await b.compacted()

    const personal = [visitor.name, '13911112222', visitor.certificate.number, sharing.name, '13933334444', sharing.certificate.number]
    const holding = (text: string) => personal.filter((value) => text.includes(value))
    for (const db of ['enroll-register', 'enroll-audit']) {
      const all = JSON.stringify(await hubGet(hub, `${db}/_all_docs?include_docs=true&conflicts=true`))
      assert.deepEqual(holding(all), [], `${db} on the hub`)
    }
    const doc = (await hubGet(hub, `enroll-register/${encodeURIComponent(`person:${added.id}`)}?revs_info=true`)) as {
      removedAt: string | null
      _revs_info: Array<{ rev: string; status: string }>
    }
    assert.ok(doc.removedAt, 'the removal is a stamped document')
    assert.deepEqual(
      doc._revs_info.slice(1).filter((rev) => rev.status === 'available'),
      [],
      'the hub compacted: earlier revisions are gone',
    )
    assert.deepEqual(holding(JSON.stringify(await b.register())), [], 'B’s register')
    assert.deepEqual(holding(JSON.stringify(await b.siteAudit(added.id))), [], 'B’s copy of the site audit')

    // B erased them as A's own purge did: photo file, descriptor, and every older copy of the register
    assert.equal(existsSync(photoPath(dirB, added.photo.hash)), false, 'the visitor’s photo file is gone from B')
    assert.ok(existsSync(photoPath(dirB, keeper.photo.hash)), 'the photo file the employee still uses stays at B')
    const descriptors = readFileSync(descriptorFile)
    assert.deepEqual(
      [added.id, other.id].filter((id) => descriptors.includes(Buffer.from(id))),
      [],
      'no face descriptor of the visitors at B',
    )
    assert.ok(descriptors.includes(Buffer.from(keeper.id)), 'the employee’s descriptor stays at B')
    // B's site databases (leveldb) are left out: compacting them drops the earlier revisions (B's
    // copy of the site audit above), but leveldb keeps their bytes in its log and table files until
    // B scrubs them a minute after the removal (level-scrub.ts, purge-erases.test.ts)
    const leftovers = personal.flatMap((value) => filesHolding(dirB, value).map((file) => `${value} in ${file}`))
    assert.deepEqual(
      leftovers.filter((found) => !found.includes(` in ${join('site', 'db')}/`)),
      [],
      'no byte of the visitors’ names, phones or passports in any other file of B’s data folder',
    )
  })
})
