import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { dataContractXml } from '../../main/core/connectors/hyapi/hyapi'
import { startSimulator, type SimulatorOf } from '../simulators'
import { connectorFor, failure, makePerson } from './fixtures'

describe('HYAPI connector against the HYAPI simulator', () => {
  let sim: SimulatorOf<'hyapi'>

  before(async () => {
    sim = await startSimulator('hyapi', { seed: 5 })
    sim.preload([{ remoteId: 'E3001' }, { remoteId: 'acct-42' }])
  })
  after(() => sim.close())
  beforeEach(() => sim.setFaults({}))

  for (const format of ['json', 'xml'] as const) {
    test(`update in ${format}: the fields the station owns, an empty one left out, type mapped`, async () => {
      const person = makePerson({ code: 'E3001', name: `王五 <${format}> & co`, type: 'visitor', note: '', phone: '+447911123456' })
      const connector = connectorFor(sim, 'hyapi', { settings: { format }, mapping: { types: { visitor: 'guest' } } })
      const result = await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: null })
      assert.deepEqual(result, { remoteId: 'E3001', created: false })
      assert.deepEqual(sim.records().find((r) => r.remoteId === 'E3001')?.raw, {
        user_company: 'Acme',
        user_dept: 'R&D',
        user_name: `王五 <${format}> & co`,
        user_phone: '+447911123456',
        user_pos: 'Engineer',
        user_type: 'guest',
      })
    })
  }

  test('an empty field is sent as "" only to clear a value the account was given before', async () => {
    sim.preload([{ remoteId: 'E3002' }])
    const connector = connectorFor(sim, 'hyapi')
    const sent: unknown[] = []
    const recording = connectorFor(sim, 'hyapi', {
      options: {
        fetch: (input, init) => {
          sent.push(JSON.parse(String(init?.body)))
          return fetch(input, init)
        },
      },
    })
    await connector.push({ op: 'upsert', person: makePerson({ code: 'E3002', phone: '+8613800138000', note: 'front desk' }), photoJpeg: null, remoteId: null })
    const cleared = makePerson({ code: 'E3002', phone: null, note: '', company: '' })
    await recording.push({ op: 'upsert', person: cleared, photoJpeg: null, remoteId: null, filledBefore: ['phone', 'note', 'department', 'position'] })
    assert.deepEqual(sent[0], { user_name: '张三', user_type: 'employee', user_dept: 'R&D', user_phone: '', user_pos: 'Engineer', user_remark: '' })
    const raw = sim.records().find((r) => r.remoteId === 'E3002')?.raw
    assert.equal(raw?.user_phone, '')
    assert.equal(raw?.user_remark, '')
    assert.equal(raw?.user_company, 'Acme', 'not among the fields given before: left alone')
  })

  test('the XML is the DataContract form of the document’s sample: namespace, backing fields, ordinal order', () => {
    const xml = dataContractXml('UserInformationModel', { user_type: 't', user_name: 'n', login_ip: '1.2.3.4' })
    assert.equal(
      xml,
      '<UserInformationModel xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/Service.API.Model">' +
        '<_x003C_login_ip_x003E_k__BackingField>1.2.3.4</_x003C_login_ip_x003E_k__BackingField>' +
        '<_x003C_user_name_x003E_k__BackingField>n</_x003C_user_name_x003E_k__BackingField>' +
        '<_x003C_user_type_x003E_k__BackingField>t</_x003C_user_type_x003E_k__BackingField>' +
        '</UserInformationModel>',
    )
  })

  test('a linked account id goes in the path, URL-encoded', async () => {
    await connectorFor(sim, 'hyapi').push({ op: 'upsert', person: makePerson({ code: 'X', name: 'Linked' }), photoJpeg: null, remoteId: 'acct-42' })
    assert.equal(sim.records().find((r) => r.remoteId === 'acct-42')?.name, 'Linked')
  })

  for (const format of ['json', 'xml'] as const) {
    test(`State ≠ 1 is a refusal with HYAPI’s Message (${format}): unknown account, missing user_name`, async () => {
      const connector = connectorFor(sim, 'hyapi', { settings: { format } })
      const unknown = await failure(connector.push({ op: 'upsert', person: makePerson({ code: 'NOBODY' }), photoJpeg: null, remoteId: null }), 'refused')
      assert.equal(unknown.remoteMessage, '用户不存在: NOBODY')
      assert.equal(unknown.remoteCode, '0')
      assert.equal(unknown.reason, 'not_found')
      const noName = await failure(connector.push({ op: 'upsert', person: makePerson({ code: 'E3001', name: '' }), photoJpeg: null, remoteId: null }), 'refused')
      assert.equal(noName.remoteMessage, '用户姓名不能为空')
    })
  }

  test('a wrong credential: the test does not claim it is accepted; the first push is refused (HTTP 401) for credentials', async () => {
    const wrong = connectorFor(sim, 'hyapi', { secrets: { 'header:Authorization': 'Basic bm9ib2R5' } })
    assert.equal(wrong.capabilities.testChecksCredentials, false)
    const said = (await wrong.testConnection()).message
    assert.doesNotMatch(said, /accept/)
    assert.match(said, /answers \(HTTP 405 to GET Account\/enrollment-station-probe\); the credential is checked by the first push/)
    const denied = await failure(wrong.push({ op: 'upsert', person: makePerson({ code: 'E3001' }), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(denied.status, 401)
    assert.equal(denied.remoteMessage, 'Authorization has been denied for this request.')
    assert.equal(denied.reason, 'credentials')
    const operator = connectorFor(sim, 'hyapi', { secrets: { 'header:Authorization': sim.operatorValue } })
    const notAdmin = await failure(operator.push({ op: 'upsert', person: makePerson({ code: 'E3001' }), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(notAdmin.remoteMessage, '权限不足，仅管理员可修改用户信息')
  })

  test('the header is required when configured; testConnection changes nothing; a wrong service path is named', async () => {
    assert.throws(() => connectorFor(sim, 'hyapi', { secrets: { 'header:Authorization': '' } }), /secrets\.header:Authorization: is required/)
    const updates = sim.stats().updates
    assert.match((await connectorFor(sim, 'hyapi').testConnection()).message, /answers .* the credential is checked by the first push/)
    assert.equal(sim.stats().updates, updates)
    const lost = await failure(connectorFor(sim, 'hyapi', { settings: { servicePath: 'HYAPI/Other' } }).testConnection(), 'refused')
    assert.match(lost.message, /^HYAPI: no Account route at http:\/\/127\.0\.0\.1:\d+\/HYAPI\/Other\/Account\/\{id\}: check the base URL and the service path$/)
  })

  test('disable and delete are refused without a call', async () => {
    const requests = sim.stats().requests
    await failure(connectorFor(sim, 'hyapi').push({ op: 'delete', person: makePerson(), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(sim.stats().requests, requests)
  })

  test('5xx and resets are retry failures', async () => {
    sim.setFaults({ error5xx: 1 })
    const error = await failure(connectorFor(sim, 'hyapi').push({ op: 'upsert', person: makePerson({ code: 'E3001' }), photoJpeg: null, remoteId: null }), 'retry')
    assert.equal(error.remoteMessage, 'An error has occurred.')
    sim.setFaults({ reset: 1 })
    await failure(connectorFor(sim, 'hyapi').push({ op: 'upsert', person: makePerson({ code: 'E3001' }), photoJpeg: null, remoteId: null }), 'retry')
  })
})
