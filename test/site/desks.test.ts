/**
 * Site mode end to end: one CouchDB-compatible hub in this process (express-pouchdb, users
 * required) and three desks as separate processes, each the real station on its own data folder
 * with its own leveldb replicas. Desk B reaches the hub through a link the test can cut.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { after, before, describe, it } from 'node:test'
import type { Person } from '../../common/model/person'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { ensureFaceFixtures } from '../face/helpers'
import { cuttableLink, type CuttableLink } from '../../scripts/cuttable-link'
import { until } from './until'
import { DeskProcess, type DeskRegister } from './desk-process'

const USERS = { 'desk-a': 'secret-a', 'desk-b': 'secret-b', 'desk-c': 'secret-c' }

describe('site mode: three desks, one hub', { timeout: 240_000 }, () => {
  let hub: SiteHub
  let link: CuttableLink
  let a: DeskProcess
  let b: DeskProcess
  let c: DeskProcess
  let fx: Awaited<ReturnType<typeof ensureFaceFixtures>>
  const photo = (path: string) => ({ base64: readFileSync(path).toString('base64'), source: 'file' as const })

  before(async () => {
    fx = await ensureFaceFixtures()
    hub = await startSiteHub({ users: USERS })
    link = await cuttableLink(hub.port)
    a = new DeskProcess('desk-a', tempDir('site-desk-a-'), { face: true })
    b = new DeskProcess('desk-b', tempDir('site-desk-b-'))
    c = new DeskProcess('desk-c', tempDir('site-desk-c-'), { face: true })
    await Promise.all([a.ready, b.ready, c.ready])
  })
  after(async () => {
    await Promise.all([a, b, c].map((desk) => desk?.close().catch(() => desk.kill())))
    await link?.close()
    await hub?.close()
  })

  it('keeps the site databases closed to anyone without a desk user', async () => {
    const anonymous = await fetch(`${hub.url}/enroll-register/_all_docs`)
    assert.equal(anonymous.status, 401)
    await assert.rejects(a.call('site.join', { url: hub.url, user: 'desk-a', password: 'wrong' }), (error: Error & { shape?: { messageCode?: string } }) => {
      assert.equal(error.shape?.messageCode, 'site.refused')
      return true
    })
    assert.equal((await a.call('site.status', {})).mode, 'off')
  })

  it('joins: A uploads its register, B merges its person with the same code, C takes the site register', async () => {
    await a.call('group.add', { id: 'lobby', name: 'Lobby' })
    await a.call('group.add', { id: 'garage', name: 'Garage' })
    await a.call('person.add', { name: 'Wang Fang', type: 'employee', code: 'E1001', groups: ['lobby'] })
    await b.call('group.add', { id: 'lobby', name: 'Lobby' })
    await b.call('person.add', { name: 'Wang Fang', type: 'employee', code: 'E1001', phone: '13800138000' })
    await c.call('person.add', { name: 'Only at C', type: 'visitor' })

    const joinedA = await a.call('site.join', { url: hub.url, user: 'desk-a', password: USERS['desk-a'], desk: 'desk-a', resolver: true })
    assert.equal(joinedA.uploaded, 1)
    const joinedB = await b.call('site.join', { url: link.url, user: 'desk-b', password: USERS['desk-b'], desk: 'desk-b' })
    assert.equal(joinedB.duplicates.length, 1, 'the same code on the desk and on the site is one person')
    assert.equal(joinedB.duplicates[0].code, 'E1001')
    const joinedC = await c.call('site.join', { url: hub.url, user: 'desk-c', password: USERS['desk-c'], desk: 'desk-c', mode: 'replace' })
    assert.equal(joinedC.replaced, 1)

    for (const desk of [a, b, c]) {
      const wang = await until(`E1001 merged at ${desk.name}`, async () => {
        const found = (await desk.call('person.list', { text: 'E1001' })).items
        return found.length === 1 && found[0].phone && found[0].groups.includes('lobby') ? found[0] : null
      })
      assert.equal(wang.phone, '+8613800138000', `${desk.name}: B's phone merged into the site's person`)
    }
    assert.equal((await c.call('person.list', { text: 'Only at C' })).total, 0, 'replace: C now holds the site register')
    const status = await b.call('site.status', {})
    assert.equal(status.mode, 'site')
    assert.equal(status.deskId, 'desk-b')
  })

  it('lists a visitor enrolled at desk A at desk B', async () => {
    const saved = Date.now()
    const visitor = await a.call('person.add', { name: 'Zhang Wei', type: 'visitor', company: 'Acme' })
    const listed = await until('the visitor at desk B', async () => (await b.call('person.list', { text: 'Zhang Wei' })).items[0])
    const ms = Date.now() - saved
    assert.equal(listed.id, visitor.id)
    assert.equal(listed.company, 'Acme')
    console.log(`# figure: desk A save → listed at desk B: ${ms} ms`)
  })

  it('finds a blacklist entry added at desk C in desk A capture lookup (real face photos)', async () => {
    // both desks load their face models first, so the figure is the save, the replication and the lookup
    await Promise.all([a, c].map((desk) => desk.call('face.prepareFile', { base64: readFileSync(fx.faceB).toString('base64') })))
    const saved = Date.now()
    const banned = await c.call('person.add', { name: 'Zhao Lei', type: 'blacklist', reason: 'Threatened the reception staff', photo: photo(fx.faceA) })
    await until('the blacklist entry at desk A', async () => (await a.call('person.list', { text: 'Zhao Lei' })).total > 0)
    const listedMs = Date.now() - saved
    const prepared = await a.call('face.prepareFile', { base64: readFileSync(fx.faceAAgain).toString('base64') })
    const ms = Date.now() - saved
    const alert = prepared.matches.find((match) => match.blacklist)
    assert.ok(alert, 'desk A capture raises the blacklist alert')
    assert.equal(alert.personId, banned.id)
    assert.equal(alert.reason, 'Threatened the reception staff')
    console.log(`# figure: desk C blacklist save (photo processed) → on desk A's register ${listedMs} ms → alert in desk A's capture lookup ${ms} ms`)
  })

  it('converges after desk B was offline while 200 edits were made on both sides, by the site rules', async () => {
    const shared: Person[] = []
    for (let i = 0; i < 20; i++) shared.push(await a.call('person.add', { name: `Shared ${i}`, type: 'visitor', groups: ['lobby'] }))
    await until('the shared persons at B and C', async () => (await b.call('person.list', { text: 'Shared' })).total === 20 && (await c.call('person.list', { text: 'Shared' })).total === 20)
    await Promise.all([a.settle(), b.settle(), c.settle()])

    link.cut()
    await until('desk B says it is offline', async () => (await b.call('site.status', {})).connection === 'offline')
    const edit = async (desk: DeskProcess, person: Person, patch: Record<string, unknown>) => {
      const current = await desk.call('person.show', { id: person.id })
      return desk.call('person.edit', { id: person.id, version: current.version, ...patch })
    }
    const [p0, p1, p2, p3] = shared
    // the four rules, each with edits on both sides of the cut
    await edit(a, p0, { company: 'From A' })
    await edit(b, p0, { department: 'From B' })
    await edit(a, p1, { type: 'vip' })
    await edit(b, p1, { type: 'blacklist', reason: 'Seen with a forged badge' })
    await a.call('person.delete', { id: p2.id })
    await edit(b, p2, { name: 'Shared 2 renamed' })
    await edit(a, p3, { groups: ['lobby', 'garage'] })
    await edit(b, p3, { groups: [] })
    let edits = 8
    // and the rest: notes at A, companies at B, over the other persons, several times each
    const expected = new Map<string, { note: string; company: string }>()
    for (let round = 0; edits < 200; round++) {
      for (const person of shared.slice(4)) {
        if (edits >= 200) break
        await edit(a, person, { note: `A round ${round}` })
        await edit(b, person, { company: `B round ${round}` })
        expected.set(person.id, { note: `A round ${round}`, company: `B round ${round}` })
        edits += 2
      }
    }
    const created = await b.call('person.add', { name: 'Enrolled at B offline', type: 'visitor' })
    await b.settle()

    const reconnected = Date.now()
    link.restore()
    let registers: DeskRegister[] = []
    const deadline = Date.now() + 60_000
    do {
      await new Promise((resolve) => setTimeout(resolve, 200))
      await Promise.all([a.settle(), b.settle(), c.settle()])
      registers = await Promise.all([a.register(), b.register(), c.register()])
    } while (Date.now() < deadline && !(isDeepStrictEqual(registers[0], registers[1]) && isDeepStrictEqual(registers[1], registers[2])))
    const [converged, atB, atC] = registers
    assert.deepEqual(atB, converged, 'desk B holds the register desk A holds')
    assert.deepEqual(atC, converged, 'desk C holds the register desk A holds')
    console.log(`# figure: 200 edits on both sides of a cut link, reconnect → every desk converged: ${Date.now() - reconnected} ms`)
    const byId = (register: DeskRegister, id: string) => register.persons.find((person) => person.id === id)!
    assert.equal(byId(converged, p0.id).company, 'From A', 'latest edit per field: A changed the company')
    assert.equal(byId(converged, p0.id).department, 'From B', 'latest edit per field: B changed the department')
    assert.equal(byId(converged, p1.id).type, 'blacklist', 'blacklist wins over vip')
    assert.equal(byId(converged, p1.id).reason, 'Seen with a forged badge')
    assert.ok(byId(converged, p2.id).deletedAt, 'deleted at A and renamed at B: stays deleted')
    assert.equal(byId(converged, p2.id).name, 'Shared 2 renamed', 'the edit is kept on the record in the bin')
    assert.deepEqual(byId(converged, p3.id).groups, ['garage'], 'group sets merged: garage added at A, lobby removed at B')
    for (const [id, values] of expected) {
      const final = byId(converged, id)
      assert.equal(final.note, values.note, 'the last note written at A is everywhere')
      assert.equal(final.company, values.company, 'the last company written at B is everywhere')
    }
    assert.ok(byId(converged, created.id), 'the person enrolled at B while offline reached every desk')
    await until('no conflicting revisions left', async () => (await Promise.all([a.conflicts(), b.conflicts(), c.conflicts()])).every((ids) => ids.length === 0))
    const history = await a.call('person.history', { id: p2.id })
    assert.ok(history.some((entry) => entry.action === 'conflict-dropped'), 'the resolving desk keeps the edit the delete overrode in its audit trail')
    const siteAudit = await until('the dropped edit in the site audit trail, at desk B', async () => {
      const entries = await b.siteAudit(p2.id)
      return entries.some((entry) => entry.action === 'conflict-dropped') ? entries : null
    })
    const dropped = siteAudit.find((entry) => entry.action === 'conflict-dropped')!
    assert.equal(dropped.actor, 'desk-b', 'the edit was made at desk B')
    assert.deepEqual(dropped.changes.name, ['Shared 2 renamed', null])
    assert.ok(siteAudit.some((entry) => entry.action === 'delete' && entry.desk === 'desk-a'), 'the delete at desk A is in the site audit trail')
    const status = await b.call('site.status', {})
    assert.equal(status.connection, 'online')
    assert.ok(status.lastReplicatedAt && Date.parse(status.lastReplicatedAt) >= reconnected)
  })

  it('leaves the site and keeps the local register', async () => {
    const before = await b.register()
    const left = await b.call('site.leave', {})
    assert.equal(left.kept, before.persons.length)
    assert.equal((await b.call('site.status', {})).mode, 'off')
    const later = await a.call('person.add', { name: 'After B left', type: 'visitor' })
    await until('C gets it', async () => (await c.call('person.list', { text: 'After B left' })).total === 1)
    await a.settle()
    const afterLeave = await b.register()
    assert.deepEqual(afterLeave, before, 'B keeps its copy and hears nothing more')
    assert.equal(afterLeave.persons.some((person) => person.id === later.id), false)
    // the desk works on its own again
    await b.call('person.add', { name: 'Back on its own', type: 'visitor' })
    assert.equal((await b.call('person.list', { text: 'Back on its own' })).total, 1)
  })
})
