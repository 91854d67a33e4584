import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createConnector } from '../../main/core/connectors'
import { ConnectorFailure, type Connector } from '../../main/core/connectors/types'
import { en } from '../../common/i18n/en'
import { zhCN } from '../../common/i18n/zh-CN'
import { translatorFor } from '../../common/i18n/translator'
import { syncErrorText } from '../../common/sync/sync-error-text'
import { testResultDetail } from '../../common/targets/test-result-text'
import type { ErrorParams, MessageCode } from '../../common/errors/message-codes'
import { simulatedKinds, startSimulator, type SimKind, type Simulator } from '../simulators'
import { connectorFor, makePerson } from './fixtures'

const CJK = /[\u4e00-\u9fff]/
const english = translatorFor('en')
const chinese = translatorFor('zh-CN')

interface Outcome {
  what: string
  messageCode: MessageCode | undefined
  params: ErrorParams
  message: string
}

/** What a call ended with, success or failure, by its message code; anything but a ConnectorFailure fails the test. */
async function outcomeOf(what: string, call: Promise<{ messageCode?: MessageCode; params?: ErrorParams; message?: string } | object>): Promise<Outcome> {
  try {
    const value = (await call) as { messageCode?: MessageCode; params?: ErrorParams; message?: string }
    return { what, messageCode: value.messageCode, params: value.params ?? {}, message: value.message ?? '' }
  } catch (error) {
    assert.ok(error instanceof ConnectorFailure, `${what}: expected a ConnectorFailure, got ${String(error)}`)
    return { what, messageCode: error.messageCode, params: error.params, message: error.message }
  }
}

/** Both catalogues hold the code, and the page's two languages word it fully (no value left out, Chinese in zh-CN). */
function assertWorded(kind: SimKind, outcome: Outcome): void {
  const { what, messageCode, params } = outcome
  assert.ok(messageCode, `${kind} ${what}: "${outcome.message}" has no message code`)
  const key = `error.${messageCode}`
  assert.ok(key in en && key in zhCN, `${kind} ${what}: ${key} is missing from a catalogue`)
  const inEnglish = english(key as keyof typeof en, params)
  const inChinese = chinese(key as keyof typeof en, params)
  assert.doesNotMatch(inEnglish, /\{\w+\}/, `${kind} ${what}: ${inEnglish}`)
  assert.doesNotMatch(inChinese, /\{\w+\}/, `${kind} ${what}: ${inChinese}`)
  assert.match(inChinese, CJK, `${kind} ${what}: ${inChinese}`)
}

/** The simulator's own secrets, each replaced by a wrong one. */
function wrongSecrets(sim: Simulator): Record<string, string> {
  return Object.fromEntries(Object.keys(sim.credentials.secrets).map((key) => [key, 'wrong']))
}

/** A connector pointed at a loopback port nobody listens on. */
function unreachable(sim: Simulator): Connector {
  const { settings, secrets } = sim.credentials
  return createConnector({ kind: sim.kind, baseUrl: 'http://127.0.0.1:9', settings, mapping: { types: {}, groups: {}, genders: {}, certificateTypes: {}, phone: {} } }, secrets, {
    timeoutMs: 2000,
  })
}

describe('every connector’s test outcome and push failure carries a message code worded in en and zh-CN (real HTTP on loopback)', () => {
  const sims = new Map<SimKind, Simulator>()
  before(async () => {
    // SophonFogSys checks a header only when configured to: the credential case needs one
    sims.set('sophon', await startSimulator('sophon', { seed: 5, requiredHeader: { name: 'X-Api-Key', value: 'sophon-key' } }))
    for (const kind of simulatedKinds().filter((k) => k !== 'sophon')) sims.set(kind, await startSimulator(kind, { seed: 5 }))
  })
  after(async () => {
    for (const sim of sims.values()) await sim.close()
  })

  for (const kind of simulatedKinds()) {
    test(`${kind}: passed test, refused credential, busy, timeout, unreachable, refused push, unsupported operation`, async () => {
      const sim = sims.get(kind)!
      const ghost = makePerson({ code: 'GHOST-9', name: '幽灵' })
      const outcomes: Outcome[] = []
      const seen = (outcome: Outcome) => (outcomes.push(outcome), outcome)

      const passed = seen(await outcomeOf('test', connectorFor(sim, kind).testConnection()))
      assert.ok(passed.messageCode?.startsWith('connector.test.'), `${kind}: the test passed with ${passed.messageCode}: ${passed.message}`)
      assert.equal(english(`error.${passed.messageCode!}`, passed.params), passed.message, 'the English line is the catalogue’s')

      // a wrong credential: refused at the test, or (a back end whose test cannot check it) at the first push
      const wrong = connectorFor(sim, kind, { secrets: wrongSecrets(sim) })
      const wrongTest = await outcomeOf('test with a wrong secret', wrong.testConnection())
      const refused = wrongTest.messageCode?.startsWith('connector.test.') ? await outcomeOf('push with a wrong secret', wrong.push({ op: 'upsert', person: ghost, photoJpeg: null, remoteId: null })) : wrongTest
      seen(refused)
      assert.equal(refused.messageCode, 'connector.credentials_refused', `${kind}: ${refused.message}`)
      assert.ok(String(refused.params.remote).length > 0, `${kind}: the back end’s own words are kept`)

      sim.setFaults({ error5xx: 1 })
      const busy = seen(await outcomeOf('test on a 5xx', connectorFor(sim, kind, { options: { retryInPlace: { tries: 1 } } }).testConnection()))
      sim.setFaults({ timeout: 1 })
      const slow = seen(await outcomeOf('test without an answer', connectorFor(sim, kind, { options: { timeoutMs: 150, retryInPlace: { tries: 1 } } }).testConnection()))
      sim.setFaults({})
      assert.equal(slow.messageCode, 'connector.timeout')
      assert.equal(busy.messageCode, 'connector.http_status', `${kind} on a 5xx: ${busy.message}`)
      assert.match(String(busy.params.status), /^5\d\d$/)
      const away = seen(await outcomeOf('test of an address nobody answers', unreachable(sim).testConnection()))
      assert.equal(away.messageCode, 'connector.unreachable')

      // a push of a person the back end does not hold: update-only back ends say so; a creating one adds it
      seen(await outcomeOf('push of an unknown person', connectorFor(sim, kind).push({ op: 'upsert', person: ghost, photoJpeg: null, remoteId: null })))
      for (const op of ['disable', 'delete'] as const) {
        const change = { op, person: ghost, photoJpeg: null, remoteId: null }
        const connector = connectorFor(sim, kind)
        for (const issue of connector.validate(change)) seen({ what: `validate ${op}`, messageCode: issue.messageCode, params: issue.params ?? {}, message: issue.message })
        seen(await outcomeOf(`push ${op}`, connector.push(change)))
      }

      for (const outcome of outcomes.filter((o) => o.messageCode !== undefined || o.message !== '')) assertWorded(kind, outcome)
    })
  }

  test('a connection test’s detail and a push’s last error read in Chinese on the zh-CN page; an error stored before codes is shown as recorded, marked', async () => {
    const hyapi = sims.get('hyapi')!
    const summary = await connectorFor(hyapi, 'hyapi').testConnection()
    const detail = testResultDetail({ ok: true, credentialChecked: false, ...summary }, chinese)
    assert.match(detail, /^HYAPI：127\.0\.0\.1:\d+ 有应答（GET Account\/enrollment-station-probe 返回 HTTP 405）；凭据将在首次推送时校验/)

    const failure = await outcomeOf('push', connectorFor(hyapi, 'hyapi', { secrets: wrongSecrets(hyapi) }).push({ op: 'upsert', person: makePerson({ code: 'E-77' }), photoJpeg: null, remoteId: null }))
    const stored = { kind: 'reauth' as const, message: failure.message, messageCode: failure.messageCode, params: failure.params, at: new Date().toISOString() }
    assert.equal(syncErrorText(stored, chinese), 'HYAPI 拒绝了凭据：Authorization has been denied for this request.')
    assert.equal(syncErrorText(stored, english), 'HYAPI refused the credentials: Authorization has been denied for this request.')
    const old = { kind: 'refused' as const, message: 'HYAPI: Authorization has been denied for this request. [HTTP 401]', at: stored.at }
    assert.equal(syncErrorText(old, chinese), '按记录（后端原话）：HYAPI: Authorization has been denied for this request. [HTTP 401]')
  })
})
