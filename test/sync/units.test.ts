import { test } from 'node:test'
import assert from 'node:assert/strict'
import { backoffDelay } from '../../main/core/sync/backoff'
import { DueQueue } from '../../main/core/sync/due-queue'
import { syncLimitsOf } from '../../main/core/sync/settings'
import { effectiveOp, evolve, isSettled, type SyncState } from '../../main/core/sync/state'
import { makePerson } from '../connectors/fixtures'

const NOW = '2026-03-01T08:00:00.000Z'
const target = { id: 't1', expiryAction: 'disable' as const }

test('evolve: state per person × target, coalescing every edit into the latest version', () => {
  const created = evolve(undefined, { person: makePerson({ version: 1 }), purged: false }, target, true, NOW)!
  assert.deepEqual([created.status, created.want, created.wantVersion, created.remoteMayExist], ['pending', 'upsert', 1, false])
  let state: SyncState = created
  for (let version = 2; version <= 10; version++) state = evolve(state, { person: makePerson({ version }), purged: false }, target, true, NOW)!
  assert.deepEqual([state.status, state.want, state.wantVersion, state.syncedOp], ['pending', 'upsert', 10, null], 'one record asking for version 10')

  // deleted before anything was sent: nothing to push
  const deleted = evolve(state, { person: makePerson({ version: 11, deletedAt: NOW }), purged: false }, target, true, NOW)!
  assert.equal(deleted.status, 'synced')
  assert.match(deleted.detail ?? '', /deleted before it was sent/)
  // purged before anything was sent: no record at all
  assert.equal(evolve(state, { person: makePerson({ version: 10 }), purged: true }, target, true, NOW), null)
  // a brand-new person that is already deleted needs no record
  assert.equal(evolve(undefined, { person: makePerson({ deletedAt: NOW }), purged: false }, target, true, NOW), null)
})

test('evolve: once a push may have reached the remote, a delete must be pushed', () => {
  const sent: SyncState = { ...evolve(undefined, { person: makePerson({ version: 3 }), purged: false }, target, true, NOW)!, remoteMayExist: true, syncedOp: 'upsert', syncedVersion: 3, status: 'synced' }
  const deleted = evolve(sent, { person: makePerson({ version: 4, deletedAt: NOW }), purged: false }, target, true, NOW)!
  assert.deepEqual([deleted.status, deleted.want], ['pending', 'delete'])
  const purged = evolve(deleted, { person: makePerson({ version: 4, deletedAt: NOW }), purged: true }, target, true, NOW)!
  assert.equal(purged.tombstone?.code, 'E1001', 'the delete keeps what it needs of the purged person')
  // update-only back ends hold their records whether we pushed or not
  const neverSent = evolve(undefined, { person: makePerson({ version: 1 }), purged: false }, target, false, NOW)!
  assert.equal(evolve(neverSent, { person: makePerson({ version: 2, deletedAt: NOW }), purged: false }, target, false, NOW)!.status, 'pending')
})

test('evolve: expiry follows the target, an edit after a refusal tries again, a backoff survives an edit', () => {
  const visitor = makePerson({ type: 'visitor', validUntil: '2026-03-01T07:00:00.000Z', version: 2 })
  const sent: SyncState = { ...evolve(undefined, { person: makePerson({ version: 1 }), purged: false }, target, true, NOW)!, remoteMayExist: true, syncedOp: 'upsert', syncedVersion: 1, status: 'synced' }
  assert.equal(evolve(sent, { person: visitor, purged: false }, target, true, NOW)!.want, 'disable')
  assert.equal(evolve(sent, { person: visitor, purged: false }, { ...target, expiryAction: 'delete' }, true, NOW)!.want, 'delete')

  const refused: SyncState = { ...sent, status: 'attention', syncedVersion: 0, attempts: 3, lastError: { kind: 'refused', message: 'no', at: NOW } }
  const edited = evolve(refused, { person: makePerson({ version: 2 }), purged: false }, target, true, NOW)!
  assert.deepEqual([edited.status, edited.attempts], ['pending', 0])
  const backingOff: SyncState = { ...sent, syncedVersion: 0, status: 'pending', attempts: 4, nextAttemptAt: '2026-03-01T08:05:00.000Z' }
  const editedWhileDown = evolve(backingOff, { person: makePerson({ version: 2 }), purged: false }, target, true, NOW)!
  assert.deepEqual([editedWhileDown.attempts, editedWhileDown.nextAttemptAt], [4, '2026-03-01T08:05:00.000Z'])
})

test('a back end that cannot delete but can disable gets a disable; one that can do neither keeps the delete', () => {
  assert.equal(effectiveOp('delete', { delete: false, disable: true }), 'disable')
  assert.equal(effectiveOp('delete', { delete: false, disable: false }), 'delete')
  assert.equal(effectiveOp('delete', { delete: true, disable: true }), 'delete')
  assert.equal(isSettled({ want: 'disable', wantVersion: 2, syncedOp: null, syncedVersion: 0, remoteMayExist: false }, true), true)
  assert.equal(isSettled({ want: 'disable', wantVersion: 2, syncedOp: null, syncedVersion: 0, remoteMayExist: false }, false), false)
})

test('backoff: exponential with full jitter, capped, never sooner than the back end asked', () => {
  const policy = { baseMs: 100, capMs: 5_000 }
  assert.deepEqual([0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, policy, 0, () => 0.999999)), [99, 199, 399, 799, 4999])
  assert.equal(backoffDelay(5, policy, 0, () => 0), 0, 'full jitter reaches zero')
  assert.equal(backoffDelay(0, policy, 2_000, () => 0.5), 2_000, 'the retry hint is a floor')
  assert.equal(backoffDelay(40, policy, 0, () => 0.5), 2_500)
})

test('due queue: earliest first, first scheduled first on ties, rescheduling replaces, advanceAll keeps the order', () => {
  const queue = new DueQueue()
  queue.schedule('b', 20)
  queue.schedule('a', 10)
  queue.schedule('c', 10)
  queue.schedule('d', 99)
  queue.schedule('b', 5)
  assert.equal(queue.size, 4)
  assert.equal(queue.nextDueAt(), 5)
  assert.deepEqual([queue.takeDue(15), queue.takeDue(15), queue.takeDue(15), queue.takeDue(15)], ['b', 'a', 'c', undefined])
  queue.scheduleNoLaterThan('d', 200)
  assert.equal(queue.nextDueAt(), 99)
  queue.schedule('e', 50)
  queue.advanceAll(0)
  assert.deepEqual([queue.takeDue(0), queue.takeDue(0), queue.takeDue(0)], ['e', 'd', undefined])
  queue.schedule('f', 1)
  queue.remove('f')
  assert.equal(queue.takeDue(Infinity), undefined)
  assert.equal(queue.size, 0)
})

test('sync limits: per-kind defaults (Tuya 5 calls/s), overridden by the target settings', () => {
  assert.deepEqual(syncLimitsOf({ kind: 'tuya', settings: {} }), { ratePerSecond: 5, concurrency: 2 })
  assert.deepEqual(syncLimitsOf({ kind: 'sophon', settings: { syncRatePerSecond: 50, syncConcurrency: 16 } }), { ratePerSecond: 50, concurrency: 16 })
  assert.deepEqual(syncLimitsOf({ kind: 'isdp', settings: { syncRatePerSecond: -1 } }), { ratePerSecond: 10, concurrency: 4 }, 'invalid values fall back to the default')
})
