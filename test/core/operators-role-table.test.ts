/**
 * The role × channel table, through the contract's own dispatch: every channel of the contract,
 * called by a signed-out session and by an operator of each role, is either let through or refused
 * with code `unauthorized` / `forbidden` and a message naming the channel. A channel added to the
 * contract without a rule fails here (and in the type-check, common/operators/roles.ts).
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { openStation, type Station } from '../../main/core/station'
import { createHandlers, dispatch, type DispatchResult } from '../../main/core/api/handlers'
import { CHANNELS } from '../../common/contract'
import { CHANNEL_RULES, ROLES, type Role } from '../../common/operators/roles'
import { PERSON_TYPES, type Person, type PersonType } from '../../common/model/person'
import { tempDir } from '../helpers/temp'
import { addOperators, sessionCaller, signedInAs, type SessionCaller } from '../helpers/operators'

type Caller = Role | 'signed out'
const CALLERS: Caller[] = ['signed out', ...ROLES]

/** The issue's own words, written out here rather than read from roles.ts: who may do what. */
const ISSUE_TABLE: Record<string, 'public' | Role> = {
  'app.info': 'public',
  'session.status': 'public',
  'session.signIn': 'public',
  'person.list': 'reception',
  'person.show': 'reception',
  'face.prepare': 'reception',
  'face.prepareFile': 'reception',
  'sync.summary': 'reception',
  'group.list': 'reception',
  'group.add': 'administrator',
  'group.edit': 'administrator',
  'group.delete': 'administrator',
  'target.add': 'administrator',
  'target.edit': 'administrator',
  'target.remove': 'administrator',
  'settings.set': 'administrator',
  'backup.create': 'administrator',
  'operator.add': 'administrator',
  'operator.edit': 'administrator',
  'operator.list': 'administrator',
  'csv.import': 'administrator',
  'csv.export': 'administrator',
  'sync.pause': 'administrator',
  'sync.limits': 'administrator',
  'audit.export': 'administrator',
}
/** Who may add, edit, delete, restore or purge a person of each type. */
const WRITERS: Record<PersonType, Role[]> = {
  visitor: ['reception', 'security', 'administrator'],
  blacklist: ['security', 'administrator'],
  employee: ['administrator'],
  vip: ['administrator'],
}
const ORDER: Record<Caller, number> = { 'signed out': -1, reception: 0, security: 1, administrator: 2 }
/** Fails every channel's schema (all are strict objects), so a call that gets past the access check changes nothing. */
const PROBE = { '(probe)': true }

let station: Station
// made here, not in before(): a tempDir made in a hook is removed when the hook ends
const dataDir = tempDir('enroll-roles-')
const callers = {} as Record<Caller, SessionCaller>
const owner = () => createHandlers(station, 'local:owner')

before(async () => {
  station = await openStation({ dataDir })
  await addOperators(station)
  callers['signed out'] = sessionCaller(station)
  for (const role of ROLES) callers[role] = await signedInAs(station, role)
})
after(() => station.close())

function assertRefused(outcome: DispatchResult, caller: Caller, channel: string, what: string) {
  assert.equal(outcome.ok, false, `${caller} → ${what}: should be refused`)
  if (outcome.ok) return
  const { code, message, messageCode } = outcome.error
  assert.equal(code, caller === 'signed out' ? 'unauthorized' : 'forbidden', `${caller} → ${what}: ${message}`)
  assert.ok(messageCode?.startsWith('session.'), `${caller} → ${what}: coded refusal (${messageCode})`)
  assert.ok(message.includes(channel), `${caller} → ${what}: the message names the channel: ${message}`)
}

function assertAdmitted(outcome: DispatchResult, caller: Caller, what: string) {
  if (!outcome.ok) assert.ok(!['unauthorized', 'forbidden'].includes(outcome.error.code), `${caller} → ${what}: refused by access: ${outcome.error.message}`)
}

test('every channel of the contract has a rule, and the rules say what the issue says', () => {
  const withoutRule = CHANNELS.filter((channel) => !Object.hasOwn(CHANNEL_RULES, channel))
  assert.deepEqual(withoutRule, [], 'channels with no rule in common/operators/roles.ts')
  for (const [channel, expected] of Object.entries(ISSUE_TABLE)) assert.equal(CHANNEL_RULES[channel as keyof typeof CHANNEL_RULES], expected, channel)
  for (const channel of CHANNELS.filter((c) => c.startsWith('person.') && !['person.list', 'person.show', 'person.history'].includes(c))) {
    assert.equal(CHANNEL_RULES[channel], 'by_person', `${channel} depends on the person's type`)
  }
})

test('every channel × signed out and each role: admitted, or refused naming the channel', async () => {
  let refused = 0
  let admitted = 0
  for (const channel of CHANNELS) {
    const rule = CHANNEL_RULES[channel]
    if (rule === 'by_person') continue
    for (const caller of CALLERS) {
      const outcome = await callers[caller].call(channel, PROBE)
      const allowed = rule === 'public' || ORDER[caller] >= ORDER[rule]
      if (allowed) {
        assertAdmitted(outcome, caller, channel)
        admitted++
      } else {
        assertRefused(outcome, caller, channel, channel)
        refused++
      }
    }
  }
  // the probe never got through a schema: the register holds only the operators
  assert.equal(station.persons.counts().total, 0)
  assert.ok(refused > 60 && admitted > 60, `${refused} refused, ${admitted} admitted`)
})

let codes = 0
/** A fresh person code (employees must have one). */
const nextCode = () => `T${++codes}`

/** An input for each by_person channel about `person` (person.add: a new one of the same type). */
function personInput(channel: string, person: Person): Record<string, unknown> {
  switch (channel) {
    case 'person.add':
      return { name: `New ${person.type}`, type: person.type, code: nextCode(), ...(person.type === 'blacklist' && { reason: 'seen on camera' }) }
    case 'person.edit':
      return { id: person.id, version: person.version, note: 'edited' }
    case 'person.setPhoto':
      return { id: person.id, photo: { hash: 'a'.repeat(64) } }
    case 'person.bulk':
      return { ids: [person.id], action: 'disable' }
    default:
      return { id: person.id }
  }
}

test('person channels × person type × role: each role writes only the types it may', async () => {
  const byPerson = CHANNELS.filter((channel) => CHANNEL_RULES[channel] === 'by_person')
  assert.ok(byPerson.length >= 8, byPerson.join(', '))
  for (const type of PERSON_TYPES) {
    for (const channel of byPerson) {
      for (const caller of CALLERS) {
        const added = await dispatch(owner(), 'person.add', { name: `${type} for ${caller}`, type, code: nextCode(), ...(type === 'blacklist' && { reason: 'seen on camera' }) })
        assert.ok(added.ok, !added.ok ? added.error.message : '')
        const person = added.result as Person
        const what = `${channel} on a ${type}`
        const outcome = await callers[caller].call(channel, personInput(channel, person))
        if (caller !== 'signed out' && WRITERS[type].includes(caller)) {
          assertAdmitted(outcome, caller, what)
          if (['person.add', 'person.edit', 'person.delete', 'person.bulk'].includes(channel)) assert.ok(outcome.ok, `${caller} → ${what}: ${!outcome.ok && outcome.error.message}`)
        } else {
          assertRefused(outcome, caller, channel, what)
          if (caller !== 'signed out') assert.equal(!outcome.ok && outcome.error.messageCode, 'session.forbidden_person_type')
          const after = station.persons.get(person.id)
          assert.deepEqual(after, person, `${caller} → ${what}: a refused call changed nothing`)
        }
      }
    }
  }
})

test('reception cannot turn a visitor into a blacklist entry or an employee, nor reach one in a bulk action', async () => {
  const visitor = (await dispatch(owner(), 'person.add', { name: 'Visitor V' })) as { ok: true; result: Person }
  const employee = (await dispatch(owner(), 'person.add', { name: 'Employee E', type: 'employee', code: nextCode() })) as { ok: true; result: Person }
  const reception = callers.reception
  for (const type of ['blacklist', 'employee'] as const) {
    assertRefused(await reception.call('person.edit', { id: visitor.result.id, version: visitor.result.version, type, reason: 'x' }), 'reception', 'person.edit', `visitor → ${type}`)
  }
  assertRefused(await reception.call('person.bulk', { ids: [visitor.result.id, employee.result.id], action: 'delete' }), 'reception', 'person.bulk', 'bulk with an employee')
  assert.equal(station.persons.get(visitor.result.id)?.type, 'visitor')
  assert.equal(station.persons.get(visitor.result.id)?.deletedAt, null)
  assert.equal(station.persons.get(employee.result.id)?.deletedAt, null)
})

test('blacklist reasons and notes are left out for reception (list, show, history, field-match alerts), shown to security', async () => {
  const added = (await dispatch(owner(), 'person.add', { name: 'Banned B', type: 'blacklist', reason: 'Tailgated the gate', note: 'Seen twice', phone: '13800138123' })) as { ok: true; result: Person }
  const { id } = added.result
  const asReception = {
    show: (await callers.reception.call('person.show', { id })) as { ok: true; result: Person },
    list: (await callers.reception.call('person.list', { type: 'blacklist' })) as { ok: true; result: { items: Person[] } },
    history: (await callers.reception.call('person.history', { id })) as { ok: true; result: Array<{ changes?: Record<string, unknown> }> },
  }
  assert.equal(asReception.show.result.reason, '')
  assert.equal(asReception.show.result.note, '')
  assert.equal(asReception.show.result.name, 'Banned B', 'the entry itself is shown (as an alert)')
  const listed = asReception.list.result.items.find((person) => person.id === id)!
  assert.equal(listed.reason, '')
  assert.equal(listed.note, '')
  assert.ok(asReception.history.result.length > 0)
  for (const entry of asReception.history.result) assert.ok(!('reason' in (entry.changes ?? {})) && !('note' in (entry.changes ?? {})))
  assert.ok(!JSON.stringify(asReception).includes('Tailgated'))

  // the alert still reaches reception: the entry, what matched, no reason
  const alert = (await callers.reception.call('blacklist.matchFields', { phone: '138 0013 8123' })) as { ok: true; result: Array<{ personId: string; reason: string }> }
  assert.deepEqual(alert.result.map((match) => [match.personId, match.reason]), [[id, '']])
  const securityAlert = (await callers.security.call('blacklist.matchFields', { phone: '+86 138 0013 8123' })) as { ok: true; result: Array<{ reason: string }> }
  assert.deepEqual(securityAlert.result.map((match) => match.reason), ['Tailgated the gate'])

  const asSecurity = (await callers.security.call('person.show', { id })) as { ok: true; result: Person }
  assert.equal(asSecurity.result.reason, 'Tailgated the gate')
  const securityHistory = (await callers.security.call('person.history', { id })) as { ok: true; result: Array<{ changes?: Record<string, unknown> }> }
  assert.ok(JSON.stringify(securityHistory.result).includes('Tailgated'))
})
