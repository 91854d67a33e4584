import assert from 'node:assert/strict'
import { test } from 'node:test'
import { connectorCapabilities, targetIssues } from '../../main/core/connectors'
import { refusalText } from '../../common/i18n/error-text'
import { translatorFor } from '../../common/i18n/translator'

const CJK = /[\u4e00-\u9fff]/
const zh = translatorFor('zh-CN')
const NO_MAPPING = { types: {}, groups: {}, genders: {}, certificateTypes: {}, phone: {} }

/** What the Settings screen shows of these back ends reads in Chinese too, not only in the core's English. */
test('capability notes of SophonFogSys, ISDP, HYAPI and YCE have zh-CN wording', () => {
  for (const kind of ['sophon', 'isdp', 'hyapi', 'yce'] as const) {
    const { notes } = connectorCapabilities({ kind, baseUrl: 'http://127.0.0.1:1', settings: {}, mapping: NO_MAPPING })
    assert.ok(notes.length > 0)
    for (const note of notes) assert.match(note['zh-CN'], CJK, `${kind}: ${note.en}`)
  }
})

test('a target’s settings are refused by message code: a missing secret, an address that is no URL, a mapped value the back end does not take', () => {
  const issues = targetIssues({ kind: 'sophon', baseUrl: 'ftp://nowhere', settings: { headerNames: ['X-Key'] }, mapping: { ...NO_MAPPING, types: { vip: '9' } } }, {})
  const byField = Object.fromEntries(issues.map((issue) => [issue.field, issue]))
  assert.equal(refusalText(byField['secrets.header:X-Key'], zh), 'secrets.header:X-Key：必填')
  assert.equal(byField.baseUrl.messageCode, 'field.http_url')
  assert.equal(refusalText(byField.baseUrl, zh), '地址：必须是 http:// 或 https:// 开头的地址')
  assert.deepEqual([byField['mapping.types.vip'].messageCode, byField['mapping.types.vip'].params], ['field.not_one_of', { value: '9', allowed: '1, 2, 3, 4, 5' }])
  assert.equal(byField['mapping.types.vip'].message, '"9" is not one of 1, 2, 3, 4, 5')
  for (const issue of issues) assert.ok(issue.messageCode, `${issue.field}: ${issue.message} has no message code`)
})
