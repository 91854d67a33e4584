import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { readSessionId } from '../../main/core/connectors/yce/yce'
import { startSimulator, type SimulatorOf } from '../simulators'
import { connectorFor, failure, makePerson } from './fixtures'

describe('YCE connector against the YCE simulator', () => {
  let sim: SimulatorOf<'yce'>

  before(async () => {
    sim = await startSimulator('yce', { seed: 9 })
    sim.preload([{ remoteId: 'E4001' }, { remoteId: 'test.user' }])
  })
  after(() => sim.close())
  beforeEach(() => sim.setFaults({}))

  test('update by user name (default: the code); type bits and org from the mapping', async () => {
    const connector = connectorFor(sim, 'yce', { mapping: { groups: { dev: ['dev'] }, types: { employee: '3' } } })
    const result = await connector.push({ op: 'upsert', person: makePerson({ code: 'E4001', groups: ['dev'] }), photoJpeg: null, remoteId: null })
    assert.deepEqual(result, { remoteId: 'E4001', created: false })
    assert.deepEqual(sim.records().find((r) => r.remoteId === 'E4001')?.raw, { name: 'E4001', type: '3', orgName: 'dev' })
  })

  test('a linked user name is used; disable sets the bits to 0; a disabled person is pushed as 0 too', async () => {
    const connector = connectorFor(sim, 'yce')
    const person = makePerson({ code: 'OTHER' })
    await connector.push({ op: 'upsert', person, photoJpeg: null, remoteId: 'test.user' })
    assert.equal(sim.records().find((r) => r.remoteId === 'test.user')?.raw.type, '1')
    await connector.push({ op: 'disable', person, photoJpeg: null, remoteId: 'test.user' })
    assert.equal(sim.records().find((r) => r.remoteId === 'test.user')?.enabled, false)
    await connector.push({ op: 'upsert', person: { ...person, enabled: true, type: 'vip' }, photoJpeg: null, remoteId: 'test.user' })
    assert.equal(sim.records().find((r) => r.remoteId === 'test.user')?.enabled, true)
    await connector.push({ op: 'upsert', person: { ...person, enabled: false }, photoJpeg: null, remoteId: 'test.user' })
    assert.equal(sim.records().find((r) => r.remoteId === 'test.user')?.raw.type, '0')
  })

  test('code ≠ 0 is a failure with YCE’s message: unknown user, wrong op', async () => {
    const unknown = await failure(connectorFor(sim, 'yce').push({ op: 'upsert', person: makePerson({ code: 'GHOST' }), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(unknown.remoteCode, 1404)
    assert.equal(unknown.remoteMessage, '用户不存在: GHOST')
    assert.equal(unknown.reason, 'not_found')
    const wrongOp = await failure(connectorFor(sim, 'yce', { settings: { op: 7 } }).push({ op: 'upsert', person: makePerson({ code: 'E4001' }), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(wrongOp.remoteCode, 1403)
  })

  test('the login data is a JSON text: only its sessionId goes in Authorization, as the document’s curl sends it', async () => {
    const seen: string[] = []
    const recording: typeof fetch = (input, init) => {
      const authorization = new Headers(init?.headers).get('Authorization')
      if (authorization !== null) seen.push(authorization)
      return fetch(input, init)
    }
    await connectorFor(sim, 'yce', { options: { fetch: recording } }).push({ op: 'upsert', person: makePerson({ code: 'E4001' }), photoJpeg: null, remoteId: null })
    assert.equal(seen.length, 1)
    assert.match(seen[0], /^[0-9a-f]{32}$/)
    assert.equal(readSessionId(JSON.stringify({ userName: 'a', userId: 1, orgId: '3', sessionId: '8ea98925-8bee-445c-902c-e3e9552acfa9' })), '8ea98925-8bee-445c-902c-e3e9552acfa9')
    assert.equal(readSessionId('8ea98925-8bee-445c-902c-e3e9552acfa9'), '8ea98925-8bee-445c-902c-e3e9552acfa9')
    assert.equal(readSessionId({ sessionId: 'abc' }), 'abc')
    assert.equal(readSessionId('{"userName":"a"}'), null)
    assert.equal(readSessionId('not a session id'), null)
  })

  test('wrong password: the login’s code and message, refused', async () => {
    const error = await failure(connectorFor(sim, 'yce', { secrets: { password: 'x' } }).testConnection(), 'refused')
    assert.equal(error.remoteCode, 1001)
    assert.equal(error.remoteMessage, '用户名或密码错误')
  })

  test('an expired session logs in again once; a session refused every time surfaces as reauth', async () => {
    const connector = connectorFor(sim, 'yce')
    await connector.push({ op: 'upsert', person: makePerson({ code: 'E4001' }), photoJpeg: null, remoteId: null })
    const logins = sim.stats().logins
    sim.setFaults({ tokenExpiresEveryCalls: 1 })
    await connector.push({ op: 'upsert', person: makePerson({ code: 'E4001' }), photoJpeg: null, remoteId: null })
    assert.equal(sim.stats().logins, logins + 1)
    sim.setFaults({ tokenExpiresEveryCalls: 0 })
    const error = await failure(connector.push({ op: 'upsert', person: makePerson({ code: 'E4001' }), photoJpeg: null, remoteId: null }), 'reauth')
    assert.equal(error.remoteCode, 1402)
    assert.equal(error.remoteMessage, 'session invalid')
  })

  test('delete is refused without a call; a type outside 0–3 is stopped when the connector is built', async () => {
    const requests = sim.stats().requests
    await failure(connectorFor(sim, 'yce').push({ op: 'delete', person: makePerson(), photoJpeg: null, remoteId: null }), 'refused')
    assert.equal(sim.stats().requests, requests)
    assert.throws(() => connectorFor(sim, 'yce', { mapping: { types: { vip: '4' } } }), /mapping\.types\.vip/)
  })

  test('429 and slow answers beyond the timeout are retry failures', async () => {
    sim.setFaults({ rateLimit: 1 })
    const limited = await failure(connectorFor(sim, 'yce').testConnection(), 'retry')
    assert.equal(limited.retryAfterMs, 1000)
    sim.setFaults({ slow: 1, slowMs: 400 })
    await failure(connectorFor(sim, 'yce', { options: { timeoutMs: 100 } }).testConnection(), 'retry')
  })
})
