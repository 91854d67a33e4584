/**
 * A back end is one folder: a sixth kind defined whole in test/fixtures/connectors/demo/ (its
 * labels in both languages, its remote-id meaning, its rate account) and added to the list of
 * definitions shows in the CLI's help and `target add`, in `target.kinds` and `target.add` through
 * the contract, and in the sync limits, with no registry edited by hand. Before it is added, the
 * contract takes its well-shaped kind and the core refuses it by code, naming the field `kind`.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connectorDefinitions, registerConnectorDefinition } from '../../main/core/connectors/definitions'
import { TargetKindSchema } from '../../common/targets/target-config'
import { LANGUAGES } from '../../common/i18n/languages'
import { translatorFor } from '../../common/i18n/translator'
import { refusalText } from '../../common/i18n/error-text'
import { targetCommand, targetInputFrom } from '../../main/cli/commands/target'
import { settingsFieldKeys } from '../../main/core/settings/target-kinds'
import { openStation } from '../../main/core/station'
import { rateAccountKey, syncLimitsOf } from '../../main/core/sync/settings'
import { contractCaller } from '../helpers/contract-caller'
import { tempDir } from '../helpers/temp'
import { DEMO_KIND, demoDefinition } from '../fixtures/connectors/demo/demo'

const DEMO_TARGET = { name: 'Demo desk', kind: DEMO_KIND, baseUrl: 'http://127.0.0.1:9', settings: { site: 'north' }, secrets: { token: 't0k' } }

test('every definition names its settings, secrets and remote ids in both languages, under a kind of the contract\'s shape', () => {
  for (const definition of connectorDefinitions()) {
    assert.equal(TargetKindSchema.parse(definition.kind), definition.kind)
    const settings = settingsFieldKeys(definition.kind).filter((key) => key !== 'headerNames')
    assert.deepEqual(Object.keys(definition.settingLabels).sort(), settings.sort(), `${definition.kind}: one label per setting of its schema`)
    const texts = [...Object.values(definition.settingLabels), ...definition.secretFields.map((field) => field.label), definition.remoteIdMeaning]
    for (const text of texts) for (const language of LANGUAGES) assert.match(text[language], /\S/, `${definition.kind}: a ${language} text`)
  }
})

test('a rate account comes from the kind\'s definition: Tuya targets of one client id on one cloud share a bucket, others have their own', () => {
  const tuya = (id: string, clientId: string) => ({ id, kind: 'tuya', baseUrl: 'https://openapi.tuyacn.com', settings: { clientId } })
  assert.equal(rateAccountKey(tuya('a', 'c1')), rateAccountKey(tuya('b', 'c1')))
  assert.notEqual(rateAccountKey(tuya('a', 'c1')), rateAccountKey(tuya('b', 'c2')))
  const isdp = (id: string) => ({ id, kind: 'isdp', baseUrl: 'https://isdp.example', settings: { clientId: 'c1' } })
  assert.notEqual(rateAccountKey(isdp('a')), rateAccountKey(isdp('b')))
})

test('before the demo kind is added: its kind passes the contract\'s shape and the core refuses it by code, naming the field kind', async () => {
  const station = await openStation({ dataDir: tempDir() })
  try {
    const api = contractCaller(station)
    const unknown = await api.refused('target.add', DEMO_TARGET)
    assert.deepEqual([unknown.code, unknown.field, unknown.messageCode, unknown.params?.kind], ['invalid', 'kind', 'target.unknown_kind', 'demo'])
    assert.match(unknown.message, /^kind: "demo" is not a kind of back end this station knows \(sophon, tuya, isdp, hyapi, yce\)$/)
    assert.equal(refusalText(unknown, translatorFor('zh-CN')), `后端类型：“demo”不是本登记台认识的后端类型（sophon, tuya, isdp, hyapi, yce）`)

    for (const [kind, messageCode] of [
      ['Demo!', 'field.kind_format'],
      ['9demo', 'field.kind_format'],
      ['   ', 'field.required'],
    ] as const) {
      const refusal = await api.refused('target.add', { ...DEMO_TARGET, kind })
      assert.deepEqual([refusal.field, refusal.messageCode], ['kind', messageCode], `kind "${kind}"`)
    }
    assert.deepEqual(await api.ok('target.list', {}), [], 'nothing was stored')
  } finally {
    await station.close()
  }
})

test('a sixth kind from one folder shows in the CLI help, in target.kinds with its labels, in target.add and in the sync limits', async () => {
  assert.doesNotMatch(targetCommand.usage, /demo/, 'the demo kind is not known before it is added')
  registerConnectorDefinition(demoDefinition)

  assert.match(targetCommand.usage, /^ {2}demo {4}--site SITE --token T$/m)
  const { input, secrets } = targetInputFrom(DEMO_KIND, { name: 'Demo desk', 'base-url': 'http://127.0.0.1:9', site: 'north', token: 't0k' })
  assert.deepEqual({ kind: input.kind, settings: input.settings, secrets }, { kind: 'demo', settings: { site: 'north' }, secrets: { token: 't0k' } })
  assert.throws(() => targetInputFrom(DEMO_KIND, { 'client-id': 'x' }), /client-id: not an option of demo targets/)

  const station = await openStation({ dataDir: tempDir() })
  try {
    const api = contractCaller(station)
    const kinds = await api.ok('target.kinds', {})
    const demo = kinds.find((kind) => kind.kind === DEMO_KIND)
    assert.ok(demo, 'target.kinds lists the demo kind')
    assert.equal(demo.label, 'Demo')
    assert.deepEqual(
      demo.settings.map(({ key, label, required, advanced }) => ({ key, label, required, advanced })),
      [
        { key: 'site', label: { en: 'Demo site', 'zh-CN': '演示站点' }, required: true, advanced: false },
        { key: 'pageSize', label: { en: 'Persons per page', 'zh-CN': '每页人数' }, required: false, advanced: true },
      ],
    )
    assert.deepEqual(demo.secrets, [{ key: 'token', label: { en: 'Demo token', 'zh-CN': '演示令牌' }, required: true }])
    assert.deepEqual(demo.remoteIdMeaning, demoDefinition.remoteIdMeaning)
    assert.equal(demo.capabilities.create, false)

    // through the contract: the kind is trimmed, its settings and secrets checked by its own definition
    const missingToken = await api.refused('target.add', { ...DEMO_TARGET, secrets: {} })
    assert.equal(missingToken.field, 'secrets.token')
    const added = await api.ok('target.add', { ...DEMO_TARGET, kind: ' demo ' })
    assert.deepEqual([added.kind, added.kindLabel, added.settings.site, added.secrets], ['demo', 'Demo', 'north', { token: true }])
    assert.deepEqual(
      (await api.ok('target.list', {})).map(({ name, kind }) => ({ name, kind })),
      [{ name: 'Demo desk', kind: 'demo' }],
    )
  } finally {
    await station.close()
  }

  assert.deepEqual(syncLimitsOf({ kind: DEMO_KIND, settings: {} }), { ratePerSecond: 3, concurrency: 1 })
  assert.deepEqual(syncLimitsOf({ kind: DEMO_KIND, settings: { syncConcurrency: 2 } }), { ratePerSecond: 3, concurrency: 2 })
  const demoTarget = (id: string, site: string) => ({ id, kind: DEMO_KIND, baseUrl: 'http://127.0.0.1:9', settings: { site } })
  assert.equal(rateAccountKey(demoTarget('a', 'north')), rateAccountKey(demoTarget('b', 'north')), 'one demo site, one rate bucket')
  assert.notEqual(rateAccountKey(demoTarget('a', 'north')), rateAccountKey(demoTarget('b', 'south')))
  assert.throws(() => registerConnectorDefinition(demoDefinition), /already defined/)
})
