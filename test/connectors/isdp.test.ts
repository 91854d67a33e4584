import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { startSimulator, type SimulatorOf } from '../simulators'
import { connectorFor, failure, makePerson } from './fixtures'

describe('ISDP connector against the ISDP simulator', () => {
  let sim: SimulatorOf<'isdp'>

  before(async () => {
    sim = await startSimulator('isdp', { seed: 3 })
    sim.preload([{ remoteId: 'E2001' }, { remoteId: '5001540', personCode: 'legacy' }])
  })
  after(() => sim.close())
  beforeEach(() => sim.setFaults({}))

  const connector = (extra: Parameters<typeof connectorFor>[2] = {}) => connectorFor(sim, 'isdp', extra)

  test('capabilities say update only, in plain words', () => {
    const { capabilities } = connector()
    assert.deepEqual([capabilities.create, capabilities.update, capabilities.disable, capabilities.delete], [false, true, false, false])
    assert.match(capabilities.notes[0].en, /ISDP documents no create/)
  })

  test('a person never linked is addressed by its code; fields, type, org and certificate are mapped', async () => {
    const person = makePerson({
      code: 'E2001',
      type: 'vip',
      gender: 'female',
      groups: ['hq'],
      certificate: { type: 'id_card', number: '11010519491231002X' },
    })
    const result = await connector({ mapping: { groups: { hq: ['9911293976'] } } }).push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
    assert.deepEqual(result, { remoteId: 'E2001', created: false })
    const raw = sim.records().find((r) => r.remoteId === 'E2001')?.raw
    assert.equal(raw?.personName, '张三')
    assert.equal(raw?.personType, 'Customer')
    assert.equal(raw?.phone, '13800138000')
    assert.equal(raw?.adminOrgId, '9911293976')
    assert.equal(raw?.certificateType, 'ID_CARD')
    assert.deepEqual(raw?.extPerson, { gender: 'female', employeeID: 'E2001' })
  })

  test('a linked personId is used instead of the code; update changes name and type', async () => {
    const person = makePerson({ code: 'NEWCODE', name: 'Renamed', type: 'visitor' })
    await connector().push({ op: 'upsert', person, photoJpeg: null, remoteId: '5001540' })
    const raw = sim.records().find((r) => r.remoteId === '5001540')?.raw
    assert.equal(raw?.personName, 'Renamed')
    assert.equal(raw?.personType, 'Other')
    assert.equal(raw?.personCode, 'NEWCODE')
  })

  test('a person without a phone reaches ISDP: phone is left out, never sent as ""', async () => {
    sim.preload([{ remoteId: 'NP-1' }])
    await connector().push({ op: 'upsert', person: makePerson({ code: 'NP-1', phone: null, name: 'No Phone' }), photoJpeg: null, remoteId: null })
    const raw = sim.records().find((r) => r.remoteId === 'NP-1')?.raw
    assert.equal(raw?.personName, 'No Phone')
    assert.equal('phone' in (raw ?? {}), false)
  })

  test('clearing a phone ISDP was given sends "", which ISDP refuses: a refusal that says so, not a retry', async () => {
    sim.preload([{ remoteId: 'NP-2' }])
    await connector().push({ op: 'upsert', person: makePerson({ code: 'NP-2' }), photoJpeg: null, remoteId: null })
    const error = await failure(connector().push({ op: 'upsert', person: makePerson({ code: 'NP-2', phone: null }), photoJpeg: null, remoteId: null, filledBefore: ['phone'] }), 'refused')
    assert.equal(error.remoteMessage, '参数错误: phone 不能为空')
    assert.match(error.message, /the station was clearing phone \(empty now, set before\): if ISDP takes no empty value there, clear it in ISDP itself$/)
    assert.equal(sim.records().find((r) => r.remoteId === 'NP-2')?.raw.phone, '13800138000', 'nothing half written')
  })

  test('a person ISDP does not have is refused with ISDP’s message (not found)', async () => {
    const before = sim.records().length
    const error = await failure(connector().push({ op: 'upsert', person: makePerson({ code: 'GHOST' }), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(error.remoteMessage, '人员不存在: personId=GHOST')
    assert.equal(error.reason, 'not_found')
    assert.equal(sim.records().length, before)
  })

  test('a missing required field and a value outside the enum are refused with ISDP’s words', async () => {
    const noName = await failure(
      connector({ mapping: { types: { employee: 'Employee' } } }).push({ op: 'upsert', person: makePerson({ code: 'E2001', name: '' }), photoJpeg: null, remoteId: null }),
      'refused',
    )
    assert.equal(noName.remoteMessage, '参数错误: personName 不能为空')
    assert.throws(() => connector({ mapping: { types: { employee: 'Boss' } } }), /mapping\.types\.employee: "Boss" is not one of Admin, Customer, Employee, Supplier, Other/)
    const badOrg = await failure(connector({ settings: { adminOrgId: '42' } }).push({ op: 'upsert', person: makePerson({ code: 'E2001' }), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(badOrg.remoteMessage, 'adminOrgId 无效: 42')
  })

  test('disable and delete are refused without a call, and flagged at the desk', async () => {
    const requests = sim.stats().requests
    const change = { op: 'disable' as const, person: makePerson(), photoJpeg: null, remoteId: null }
    assert.equal(connector().validate(change)[0].field, 'op')
    await failure(connector().push(change), 'refused')
    assert.equal(sim.stats().requests, requests)
  })

  test('wrong credentials: the token call’s own error, classified refused', async () => {
    const error = await failure(connector({ secrets: { password: 'nope' } }).testConnection(), 'refused')
    assert.equal(error.remoteCode, 'invalid_grant')
    assert.equal(error.remoteMessage, 'Bad credentials')
    assert.equal(error.reason, 'credentials')
  })

  test('an expired token is renewed once; a token refused on every call surfaces as reauth', async () => {
    const isdp = connector()
    await isdp.push({ op: 'upsert', person: makePerson({ code: 'E2001' }), photoJpeg: null, remoteId: null })
    const logins = sim.stats().logins
    sim.setFaults({ tokenExpiresEveryCalls: 1 })
    await isdp.push({ op: 'upsert', person: makePerson({ code: 'E2001' }), photoJpeg: null, remoteId: null })
    assert.equal(sim.stats().logins, logins + 1)
    sim.setFaults({ tokenExpiresEveryCalls: 0 })
    const error = await failure(isdp.push({ op: 'upsert', person: makePerson({ code: 'E2001' }), photoJpeg: null, remoteId: null }), 'reauth')
    assert.equal(error.remoteCode, 'invalid_token')
    assert.match(error.remoteMessage ?? '', /^Access token expired: /)
  })

  test('a token past its expires_in is renewed before use, by the clock', async () => {
    let clock = Date.now()
    const isdp = connector({ options: { now: () => clock } })
    await isdp.push({ op: 'upsert', person: makePerson({ code: 'E2001' }), photoJpeg: null, remoteId: null })
    const logins = sim.stats().logins
    clock += 10 * 60_000
    await isdp.push({ op: 'upsert', person: makePerson({ code: 'E2001' }), photoJpeg: null, remoteId: null })
    assert.equal(sim.stats().logins, logins + 1)
  })

  test('5xx and 429 are retry failures, Retry-After honoured', async () => {
    sim.setFaults({ rateLimit: 1, retryAfterSeconds: 3 })
    const error = await failure(connector().testConnection(), 'retry')
    assert.equal(error.retryAfterMs, 3000)
    assert.equal(error.status, 429)
  })
})
