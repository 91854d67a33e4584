/**
 * Signing in at the desk, through the contract: the first administrator, wrong passwords (a
 * delay that grows, a lock-out after the set number of tries, each in the audit trail without the
 * password), the idle lock, a quick switch of operator, the last administrator, and the scrypt
 * hashes that never leave the core.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { scryptSync } from 'node:crypto'
import { openStation, type Station } from '../../main/core/station'
import { createHandlers, dispatch, type DispatchResult } from '../../main/core/api/handlers'
import { failureDelayMs, LOCKOUT_SECONDS } from '../../main/core/operators/operator-service'
import type { AuditListEntry, OperatorView, SessionStatus } from '../../common/operators/operator-types'
import { tempDir } from '../helpers/temp'
import { OPERATORS, addOperators, sessionCaller, signedInAs } from '../helpers/operators'

let station: Station
// made here, not in before(): a tempDir made in a hook is removed when the hook ends
const dataDir = tempDir('enroll-sign-in-')
const owner = () => createHandlers(station, 'local:owner')
const ok = <T>(outcome: DispatchResult): T => {
  assert.ok(outcome.ok, !outcome.ok ? outcome.error.message : '')
  return outcome.result as T
}
const audit = async (filter: Record<string, unknown> = {}) => ok<AuditListEntry[]>(await dispatch(owner(), 'audit.list', filter))

/** Every byte of the data folder, as text: to prove a password is in none of its files. */
function everythingOnDisk(dir: string): string {
  let text = ''
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    text += statSync(path).isDirectory() ? everythingOnDisk(path) : readFileSync(path).toString('latin1') + readFileSync(path, 'utf8')
  }
  return text
}

before(async () => {
  station = await openStation({ dataDir })
})
after(() => station.close())

test('first start: session.setUp creates the administrator and signs in; once only', async () => {
  const desk = sessionCaller(station)
  const status = ok<SessionStatus>(await desk.call('session.status'))
  assert.deepEqual([status.operator, status.needsFirstAdministrator, status.locked], [null, true, false])
  const { operator } = ok<{ operator: { name: string; role: string } }>(await desk.call('session.setUp', OPERATORS.administrator))
  assert.deepEqual([operator.name, operator.role], [OPERATORS.administrator.name, 'administrator'])
  assert.equal(ok<SessionStatus>(await desk.call('session.status')).needsFirstAdministrator, false)
  const again = await sessionCaller(station).call('session.setUp', { name: 'Mallory', password: 'mallory-pass' })
  assert.equal(!again.ok && again.error.code, 'conflict')
  assert.equal(!again.ok && again.error.messageCode, 'session.already_set_up')
  // the rest of the operators, by the administrator just made
  for (const role of ['reception', 'security'] as const) ok(await desk.call('operator.add', { ...OPERATORS[role], role }))
  const taken = await desk.call('operator.add', { name: 'SAM GUARD', role: 'reception', password: 'other-pass' })
  assert.equal(!taken.ok && taken.error.messageCode, 'operator.name_taken', 'names are unique whatever their case')
})

test('wrong passwords: each answered later than the one before, a lock-out after the set number, all audited without the password', async () => {
  ok(await dispatch(owner(), 'settings.set', { security: { maxFailedAttempts: 3 } }))
  const desk = sessionCaller(station)
  const wrong = 'not-the-password-9137'
  const waits: number[] = []
  for (let attempt = 1; attempt <= 2; attempt++) {
    const started = performance.now()
    const outcome = await desk.call('session.signIn', { name: OPERATORS.reception.name, password: wrong })
    waits.push(performance.now() - started)
    assert.equal(!outcome.ok && outcome.error.code, 'unauthorized')
    assert.equal(!outcome.ok && outcome.error.messageCode, 'session.wrong_password')
    assert.deepEqual(!outcome.ok && outcome.error.params, { remaining: 3 - attempt })
    // the answer came no sooner than the delay for this many failures in a row
    assert.ok(waits[attempt - 1] >= failureDelayMs(attempt), `attempt ${attempt} answered after ${waits[attempt - 1]} ms`)
  }
  assert.ok(failureDelayMs(2) > failureDelayMs(1) && failureDelayMs(3) > failureDelayMs(2), 'the delay grows')
  const third = await desk.call('session.signIn', { name: OPERATORS.reception.name, password: wrong })
  assert.equal(!third.ok && third.error.messageCode, 'session.locked_out')
  assert.deepEqual(!third.ok && third.error.params, { retryAfterSeconds: LOCKOUT_SECONDS })
  // locked out: even the right password is refused until an administrator lifts it
  const right = await desk.call('session.signIn', OPERATORS.reception)
  assert.equal(!right.ok && right.error.messageCode, 'session.locked_out')
  assert.equal(ok<SessionStatus>(await desk.call('session.status')).operator, null)

  const rita = ok<OperatorView[]>(await dispatch(owner(), 'operator.list', {})).find((o) => o.name === OPERATORS.reception.name)!
  const trail = (await audit({ operator: OPERATORS.reception.name })).filter((entry) => entry.entityId === rita.id)
  assert.deepEqual(trail.slice(0, 4).map((entry) => entry.action), ['sign_in_refused', 'locked_out', 'sign_in_failed', 'sign_in_failed'])
  for (const entry of trail) assert.equal(entry.operator, OPERATORS.reception.name)

  ok(await dispatch(owner(), 'operator.edit', { id: rita.id, disabled: false }))
  ok(await desk.call('session.signIn', OPERATORS.reception))
  // an unknown name is answered like a wrong password, and audited under the name typed
  const unknown = await sessionCaller(station).call('session.signIn', { name: 'Nobody Here', password: wrong })
  assert.equal(!unknown.ok && unknown.error.messageCode, 'session.wrong_password')
  assert.equal((await audit({ operator: 'nobody here' }))[0]?.action, 'sign_in_failed')
  ok(await dispatch(owner(), 'settings.set', { security: { maxFailedAttempts: 5 } }))

  await station.store.compact()
  const disk = everythingOnDisk(dataDir)
  for (const password of [wrong, ...Object.values(OPERATORS).map((o) => o.password)]) assert.ok(!disk.includes(password), `"${password}" is written nowhere`)
})

test('idle lock: after the set minutes without a call the session is locked until the operator signs in again', async () => {
  ok(await dispatch(owner(), 'settings.set', { security: { idleLockMinutes: 2 } }))
  let now = Date.now()
  const desk = await signedInAs(station, 'reception', () => now)
  ok(await desk.call('person.list'))
  now += 119_000
  // a call within the time keeps the session open, and starts its idle time again
  ok(await desk.call('person.list'))
  now += 121_000
  const locked = await desk.call('person.list')
  assert.equal(!locked.ok && locked.error.code, 'unauthorized')
  assert.equal(!locked.ok && locked.error.messageCode, 'session.locked')
  const status = ok<SessionStatus>(await desk.call('session.status'))
  assert.deepEqual([status.locked, status.operator?.name, status.idleLockMinutes], [true, OPERATORS.reception.name, 2])
  const wrongOne = await desk.call('session.signIn', { name: OPERATORS.reception.name, password: 'guess' })
  assert.equal(wrongOne.ok, false)
  assert.equal(ok<SessionStatus>(await desk.call('session.status')).locked, true, 'a wrong password leaves it locked')
  ok(await desk.call('session.signIn', OPERATORS.reception))
  ok(await desk.call('person.list'))
  assert.ok((await audit({ operator: OPERATORS.reception.name })).some((entry) => entry.action === 'idle_lock'))

  ok(await desk.call('session.lock'))
  const byHand = await desk.call('person.list')
  assert.equal(!byHand.ok && byHand.error.messageCode, 'session.locked')
  ok(await dispatch(owner(), 'settings.set', { security: { idleLockMinutes: 10 } }))
})

test('quick switch: signing in as another operator on the same session; the audit names whoever is at the desk', async () => {
  const desk = await signedInAs(station, 'reception')
  const visitor = ok<{ id: string; version: number }>(await desk.call('person.add', { name: '访客 王五' }))
  const refused = await desk.call('person.add', { name: 'Banned', type: 'blacklist', reason: 'seen' })
  assert.equal(!refused.ok && refused.error.code, 'forbidden')
  ok(await desk.call('session.signIn', OPERATORS.security))
  assert.equal(ok<SessionStatus>(await desk.call('session.status')).operator?.role, 'security')
  ok(await desk.call('person.add', { name: 'Banned', type: 'blacklist', reason: 'seen' }))
  ok(await desk.call('person.edit', { id: visitor.id, version: visitor.version, note: 'escorted' }))
  const history = await audit({ person: visitor.id })
  assert.deepEqual(history.map((entry) => [entry.action, entry.operator]), [
    ['update', OPERATORS.security.name],
    ['create', OPERATORS.reception.name],
  ])
  ok(await desk.call('session.signOut'))
  const out = await desk.call('person.list')
  assert.equal(!out.ok && out.error.messageCode, 'session.signed_out')
})

test('the last enabled administrator can be neither disabled nor demoted; a disabled operator is signed out and cannot sign in', async () => {
  const admin = await signedInAs(station, 'administrator')
  const operators = ok<OperatorView[]>(await admin.call('operator.list'))
  const ada = operators.find((o) => o.role === 'administrator')!
  for (const change of [{ disabled: true }, { role: 'security' }]) {
    const refused = await admin.call('operator.edit', { id: ada.id, ...change })
    assert.equal(!refused.ok && refused.error.code, 'conflict')
    assert.equal(!refused.ok && refused.error.messageCode, 'operator.last_administrator')
  }
  const second = ok<OperatorView>(await admin.call('operator.add', { name: 'Second Admin', role: 'administrator', password: 'second-pass' }))
  const sam = operators.find((o) => o.role === 'security')!
  const samAtDesk = await signedInAs(station, 'security')
  ok(await admin.call('operator.edit', { id: sam.id, disabled: true }))
  const afterDisable = await samAtDesk.call('person.list')
  assert.equal(!afterDisable.ok && afterDisable.error.messageCode, 'session.signed_out', 'the disabled operator is signed out at the next call')
  const signIn = await sessionCaller(station).call('session.signIn', OPERATORS.security)
  assert.equal(!signIn.ok && signIn.error.messageCode, 'session.operator_disabled')
  ok(await admin.call('operator.edit', { id: sam.id, disabled: false }))
  // with a second administrator, the first may step down
  ok(await admin.call('operator.edit', { id: ada.id, role: 'security' }))
  const demoted = await admin.call('operator.list')
  assert.equal(!demoted.ok && demoted.error.code, 'forbidden', 'the session follows the account: no longer an administrator')
  ok(await dispatch(owner(), 'operator.edit', { id: ada.id, role: 'administrator' }))
  ok(await dispatch(owner(), 'operator.edit', { id: second.id, disabled: true }))
})

test('passwords are kept as scrypt hashes (salt per operator, parameters beside them) and no channel returns them', async () => {
  const admin = await signedInAs(station, 'administrator')
  const sharedPassword = 'same-password'
  const one = ok<OperatorView>(await admin.call('operator.add', { name: 'Twin One', role: 'reception', password: sharedPassword }))
  const two = ok<OperatorView>(await admin.call('operator.add', { name: 'Twin Two', role: 'reception', password: sharedPassword }))
  const results = JSON.stringify([one, two, ok(await admin.call('operator.list')), ok(await admin.call('operator.edit', { id: one.id, role: 'security' })), ok(await admin.call('audit.list', {}))])
  assert.ok(!/scrypt|"salt"|"hash"|password"\s*:\s*\{/.test(results), 'no hash, salt or algorithm in any result')

  await station.store.compact()
  const shard = JSON.parse(readFileSync(join(dataDir, 'register', 'operators', '0.json'), 'utf8')) as { records: Record<string, { password: { algorithm: string; N: number; r: number; p: number; keyLength: number; salt: string; hash: string } }> }
  const [a, b] = [shard.records[one.id].password, shard.records[two.id].password]
  assert.equal(a.algorithm, 'scrypt')
  assert.ok(a.N >= 2 ** 17 && a.r >= 8, `memory-hard parameters: N=${a.N} r=${a.r}`)
  assert.notEqual(a.salt, b.salt, 'a salt of its own per operator')
  assert.notEqual(a.hash, b.hash, 'the same password gives different hashes')
  const recomputed = scryptSync(sharedPassword, Buffer.from(a.salt, 'base64'), a.keyLength, { N: a.N, r: a.r, p: a.p, maxmem: 256 * a.N * a.r })
  assert.equal(recomputed.toString('base64'), a.hash, 'the stored hash is scrypt of the password with the stored parameters')
})

test('a register of the version before operators (schema 2) opens, migrates to 3, and keeps its persons', async () => {
  const dir = tempDir('enroll-migrate-003-')
  const first = await openStation({ dataDir: dir })
  await first.persons.add({ name: 'Kept Person', code: 'K1' }, 'seed')
  await first.close({ compact: true })
  const metaPath = join(dir, 'register', 'meta.json')
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'))
  assert.equal(meta.schemaVersion, 3)
  const { writeFileSync, rmSync } = await import('node:fs')
  writeFileSync(metaPath, JSON.stringify({ ...meta, schemaVersion: 2 }))
  rmSync(`${metaPath}.bak`, { force: true })
  const reopened = await openStation({ dataDir: dir })
  try {
    assert.equal(JSON.parse(readFileSync(metaPath, 'utf8')).schemaVersion, 3)
    assert.equal(reopened.persons.find('K1')?.name, 'Kept Person')
    assert.equal(reopened.operators.count(), 0)
    assert.equal(ok<SessionStatus>(await sessionCaller(reopened).call('session.status')).needsFirstAdministrator, true)
  } finally {
    await reopened.close()
  }
})
