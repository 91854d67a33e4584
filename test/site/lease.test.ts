import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { HubDatabase } from '../../main/core/site/lease/hub-documents'
import { leaseDocumentId, PusherLease, type LeaseDocument, type PusherLeaseOptions } from '../../main/core/site/lease/pusher-lease'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { waitFor } from '../sync/helpers'

// Short leases so expiry and takeover happen within a second or two; the logic is the same at 30 s.
const SHORT: PusherLeaseOptions = { durationMs: 600, renewEveryMs: 150, guardMs: 60 }

let hub: SiteHub
let database = 0

before(async () => {
  hub = await startSiteHub()
})
after(() => hub.close())

async function freshDatabase(): Promise<HubDatabase> {
  const db = new HubDatabase(hub.databaseUrl(`lease-test-${++database}`))
  await db.ensure()
  return db
}

test('two desks racing for a free lease: exactly one wins, the revision check refuses the other', async () => {
  for (let round = 0; round < 10; round++) {
    const db = await freshDatabase()
    const events: string[] = []
    const desks = ['desk-a', 'desk-b', 'desk-c'].map(
      // a long lease: this is about the race, not expiry (a loaded machine must not make it flap)
      (desk) => new PusherLease(db, 'target-1', desk, { durationMs: 30_000, renewEveryMs: 100 }, { acquired: async (_t, term) => void events.push(`${desk} won term ${term}`) }),
    )
    await Promise.all(desks.map((lease) => lease.start()))
    await waitFor(() => desks.some((lease) => lease.mayPush()), 2_000)
    const holders = desks.filter((lease) => lease.mayPush())
    assert.equal(holders.length, 1, `round ${round}: one holder (${events.join(', ')})`)
    assert.deepEqual(events, [`${holders[0].deskId} won term 1`])
    const doc = await db.get<LeaseDocument>(leaseDocumentId('target-1'))
    assert.equal(doc?.holder, holders[0].deskId)
    for (const lease of desks) await lease.stop()
  }
})

test('many claims on the same revision: the hub accepts one and answers 409 to the rest', async () => {
  const db = await freshDatabase()
  const first = await db.put({ _id: leaseDocumentId('t'), holder: 'desk-old', term: 1 })
  assert.ok(first.ok)
  const claims = await Promise.all(
    Array.from({ length: 8 }, (_, i) => db.put({ _id: leaseDocumentId('t'), _rev: first.rev, holder: `desk-${i}`, term: 2 })),
  )
  assert.equal(claims.filter((claim) => claim.ok).length, 1)
  assert.equal(claims.filter((claim) => !claim.ok && claim.conflict).length, 7)
})

test('renewing keeps the lease for many times its duration; the other desk never takes it', async () => {
  const db = await freshDatabase()
  // renewed ten times per duration, so a busy machine's pauses do not cost it the lease
  const steady: PusherLeaseOptions = { durationMs: 1_000, renewEveryMs: 100, guardMs: 60 }
  const a = new PusherLease(db, 'target-1', 'desk-a', steady)
  await a.start()
  assert.ok(a.mayPush(), 'a free lease is taken at the first look')
  const b = new PusherLease(db, 'target-1', 'desk-b', steady)
  await b.start()
  let bEverHeld = false
  let aDropped = false
  const watch = setInterval(() => {
    bEverHeld ||= b.mayPush()
    aDropped ||= !a.mayPush()
  }, 10)
  await new Promise((resolve) => setTimeout(resolve, steady.durationMs! * 3))
  clearInterval(watch)
  assert.equal(bEverHeld, false, 'desk b never held it')
  assert.equal(aDropped, false, 'desk a held it throughout')
  const doc = await db.get<LeaseDocument>(leaseDocumentId('target-1'))
  assert.equal(doc?.term, 1, 'still the first term')
  assert.ok(Number(doc?._rev?.split('-')[0]) > 6, `renewed on its beat (revision ${doc?._rev})`)
  await a.stop()
  await b.stop()
})

test('a lease that is not renewed expires and another desk takes it, with the next term', async () => {
  const db = await freshDatabase()
  const lost: string[] = []
  const a = new PusherLease(db, 'target-1', 'desk-a', SHORT, { lost: (_t, reason) => void lost.push(reason) })
  await a.start()
  assert.ok(a.mayPush())
  const b = new PusherLease(db, 'target-1', 'desk-b', SHORT)
  await b.start()
  assert.ok(!b.mayPush())
  // desk a dies: it stops renewing without handing the lease back
  await a.stop({ release: false })
  const stoppedAt = performance.now()
  await waitFor(() => b.mayPush(), 5_000)
  const waited = performance.now() - stoppedAt
  assert.ok(waited >= SHORT.durationMs! - SHORT.renewEveryMs!, `b waited for the lease to expire (${Math.round(waited)} ms)`)
  const doc = await db.get<LeaseDocument>(leaseDocumentId('target-1'))
  assert.equal(doc?.holder, 'desk-b')
  assert.equal(doc?.term, 2)
  await b.stop()
})

test('a lease handed back on a clean stop is taken at once, long before it would expire', async () => {
  const db = await freshDatabase()
  const long: PusherLeaseOptions = { durationMs: 60_000, renewEveryMs: 100, guardMs: 100 }
  const a = new PusherLease(db, 'target-1', 'desk-a', long)
  await a.start()
  const b = new PusherLease(db, 'target-1', 'desk-b', long)
  await b.start()
  assert.ok(a.mayPush() && !b.mayPush())
  await a.stop({ release: true })
  await waitFor(() => b.mayPush(), 3_000)
  assert.equal((await db.get<LeaseDocument>(leaseDocumentId('target-1')))?.term, 2)
  await b.stop()
})

test('a holder that cannot reach the hub stops pushing before another desk may take over', async () => {
  const db = await freshDatabase()
  let cutOff = false
  const cuttable = new HubDatabase(db.url, {
    timeoutMs: 100,
    fetch: (input, init) => (cutOff ? Promise.reject(new Error('network unreachable')) : fetch(input, init)),
  })
  const lost: string[] = []
  const a = new PusherLease(cuttable, 'target-1', 'desk-a', SHORT, { lost: (_t, reason) => void lost.push(reason) })
  await a.start()
  const b = new PusherLease(db, 'target-1', 'desk-b', SHORT)
  await b.start()
  assert.ok(a.mayPush())
  cutOff = true
  let overlap = false
  const watch = setInterval(() => (overlap ||= a.mayPush() && b.mayPush()), 5)
  await waitFor(() => b.mayPush(), 5_000)
  clearInterval(watch)
  assert.equal(overlap, false, 'never both at once')
  assert.equal(a.mayPush(), false)
  assert.deepEqual(lost, ['it could not be renewed in time'])
  await a.stop()
  await b.stop()
})

test('the gate stays shut until the takeover has finished', async () => {
  const db = await freshDatabase()
  let finish!: () => void
  const takeover = new Promise<void>((resolve) => (finish = resolve))
  const a = new PusherLease(db, 'target-1', 'desk-a', SHORT, { acquired: () => takeover })
  await a.start()
  const doc = await db.get<LeaseDocument>(leaseDocumentId('target-1'))
  assert.equal(doc?.holder, 'desk-a')
  assert.equal(a.mayPush(), false, 'won, but still taking over')
  finish()
  await waitFor(() => a.mayPush(), 1_000)
  await a.stop()
})
