/** The CLI words a coded refusal from the same catalogue as the page, in the language asked for or the system's. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { BridgeError } from '../../common/contract'
import { cliLanguage, errorText } from '../../main/cli/error-line'
import { contractCaller } from '../helpers/contract-caller'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

test('--lang wins, then LC_ALL, LC_MESSAGES and LANG; an unknown language is refused', () => {
  assert.deepEqual(cliLanguage(['person', 'list', '--lang', 'zh-CN'], {}), { language: 'zh-CN', rest: ['person', 'list'] })
  assert.deepEqual(cliLanguage(['--lang=en', 'person'], { LANG: 'zh_CN.UTF-8' }), { language: 'en', rest: ['person'] })
  assert.equal(cliLanguage([], { LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }).language, 'zh-CN')
  assert.equal(cliLanguage([], { LC_MESSAGES: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' }).language, 'en')
  assert.equal(cliLanguage([], { LANG: 'zh_CN.UTF-8' }).language, 'zh-CN')
  assert.equal(cliLanguage([], {}).language, 'en')
  assert.throws(() => cliLanguage(['--lang', 'fr'], {}), /lang: use one of zh-CN, en, not "fr"/)
})

test('a refusal with a message code is worded in either language; one without stays as the core wrote it', async () => {
  const station = await openStation({ dataDir: join(tempDir(), 'data') })
  try {
    const refusal = new BridgeError(await contractCaller(station).refused('person.show', { id: 'NOBODY' }))
    assert.equal(errorText(refusal, 'zh-CN'), '人员：找不到编号为“NOBODY”的人员')
    assert.equal(errorText(refusal, 'en'), 'person: no person with id or code "NOBODY"')
    const uncoded = new BridgeError({ code: 'invalid', message: 'photo: the file is empty', issues: [] })
    assert.equal(errorText(uncoded, 'zh-CN'), 'photo: the file is empty')
  } finally {
    await station.close()
  }
})

test('enroll prints a refusal in the language asked for; --json keeps the English with the code and values', () => {
  const data = join(tempDir(), 'data')
  const zh = enroll(data, 'person', 'show', 'NOBODY', '--lang', 'zh-CN')
  assert.equal(zh.status, 2)
  assert.equal(zh.stderr.trim(), 'enroll: 人员：找不到编号为“NOBODY”的人员')
  const json = enroll(data, 'person', 'show', 'NOBODY', '--lang', 'zh-CN', '--json')
  const { error } = JSON.parse(json.stderr) as { error: { message: string; messageCode: string; params: object } }
  assert.deepEqual(error.message, 'person: no person with id or code "NOBODY"')
  assert.deepEqual([error.messageCode, error.params], ['person.not_found', { id: 'NOBODY' }])
})

test('the CLI’s own refusals of its arguments come from the catalogue too, a usage kept after them', () => {
  const data = join(tempDir(), 'data')
  const zh = enroll(data, 'sync', 'nonsense', '--lang', 'zh-CN')
  assert.equal(zh.status, 2)
  const [first, ...usage] = zh.stderr.trim().split('\n')
  assert.equal(first, 'enroll: sync：未知的子命令“nonsense”')
  assert.match(usage.join('\n'), /^enroll sync \[--timeout S\]/)
  const wrongLanguage = enroll(data, 'person', 'list', '--lang', 'fr')
  assert.match(wrongLanguage.stderr, /^enroll: lang: use one of zh-CN, en, not "fr"/)
  assert.match(enroll(data, 'sync', 'status', '--state', 'bogus', '--lang', 'zh-CN').stderr.trim(), /^enroll: state：请使用以下之一：.*（而不是“bogus”）$/)
})
