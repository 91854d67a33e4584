import assert from 'node:assert/strict'
import { test } from 'node:test'
import { connectorCapabilities } from '../../main/core/connectors'
import { translateCoreMessage } from '../../renderer/i18n/core-messages'
import { startSimulator } from '../simulators'
import { connectorFor, failure } from './fixtures'

const CJK = /[\u4e00-\u9fff]/

/** What the Settings screen shows of these back ends reads in Chinese too, not only in the core's English. */
test('capability notes of SophonFogSys, ISDP, HYAPI and YCE, and HYAPI’s test outcomes, have zh-CN wording', async () => {
  for (const kind of ['sophon', 'isdp', 'hyapi', 'yce'] as const) {
    const { notes } = connectorCapabilities({ kind, baseUrl: 'http://127.0.0.1:1', settings: {}, mapping: { types: {}, groups: {}, genders: {}, certificateTypes: {}, phone: {} } })
    assert.ok(notes.length > 0)
    for (const note of notes) assert.match(translateCoreMessage(note, 'zh-CN'), CJK, `${kind}: ${note}`)
  }
  const sim = await startSimulator('hyapi')
  try {
    const answered = await connectorFor(sim, 'hyapi').testConnection()
    assert.match(translateCoreMessage(answered, 'zh-CN'), /^HYAPI：127\.0\.0\.1:\d+ 有应答（GET Account\/enrollment-station-probe 返回 HTTP 405）；凭据将在首次推送时校验/)
    assert.equal(translateCoreMessage(answered, 'en'), answered)
    const lost = await failure(connectorFor(sim, 'hyapi', { settings: { servicePath: 'HYAPI/Other' } }).testConnection(), 'refused')
    assert.match(translateCoreMessage(lost.message, 'zh-CN'), /^HYAPI：http:\/\/127\.0\.0\.1:\d+\/HYAPI\/Other\/Account\/\{id\} 处没有 Account 接口：请检查地址和服务路径$/)
  } finally {
    await sim.close()
  }
})
