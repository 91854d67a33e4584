/**
 * A back end is one folder: a sixth kind defined whole in test/fixtures/connectors/demo/ and added
 * to the list of definitions shows in the CLI's help and `target add`, in `target.kinds` (through
 * the contract) and in the sync limits, with no registry edited by hand.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CONNECTOR_DEFINITION_LIST, registerConnectorDefinition } from '../../main/core/connectors/definitions'
import { TARGET_KIND_LABELS, TARGET_KINDS } from '../../common/targets/target-kinds'
import { targetCommand, targetInputFrom } from '../../main/cli/commands/target'
import { openStation } from '../../main/core/station'
import { syncLimitsOf } from '../../main/core/sync/settings'
import { contractCaller } from '../helpers/contract-caller'
import { tempDir } from '../helpers/temp'
import { DEMO_KIND, demoDefinition } from '../fixtures/connectors/demo/demo'

test('the list of definitions and the contract\'s browser-safe kinds and labels agree', () => {
  assert.deepEqual(
    CONNECTOR_DEFINITION_LIST.map(({ kind, label }) => [kind, label]),
    TARGET_KINDS.map((kind) => [kind, TARGET_KIND_LABELS[kind]]),
  )
})

test('a sixth kind from one folder shows in the CLI help, in target.kinds and in the sync limits', async () => {
  assert.doesNotMatch(targetCommand.usage, /demo/, 'the demo kind is not known before it is added')
  registerConnectorDefinition(demoDefinition)

  assert.match(targetCommand.usage, /^ {2}demo {4}--site SITE --token T$/m)
  const { input, secrets } = targetInputFrom(DEMO_KIND, { name: 'Demo desk', 'base-url': 'http://127.0.0.1:9', site: 'north', token: 't0k' })
  assert.deepEqual({ kind: input.kind, settings: input.settings, secrets }, { kind: 'demo', settings: { site: 'north' }, secrets: { token: 't0k' } })
  assert.throws(() => targetInputFrom(DEMO_KIND, { 'client-id': 'x' }), /client-id: not an option of demo targets/)

  const station = await openStation({ dataDir: tempDir() })
  try {
    const kinds = await contractCaller(station).ok('target.kinds', {})
    const demo = kinds.find((kind) => kind.kind === DEMO_KIND)
    assert.ok(demo, 'target.kinds lists the demo kind')
    assert.equal(demo.label, 'Demo')
    assert.deepEqual(
      demo.settings.map(({ key, required, advanced }) => ({ key, required, advanced })),
      [
        { key: 'site', required: true, advanced: false },
        { key: 'pageSize', required: false, advanced: true },
      ],
    )
    assert.deepEqual(demo.secrets, [{ key: 'token', label: 'Token', required: true }])
    assert.equal(demo.capabilities.create, false)
  } finally {
    await station.close()
  }

  assert.deepEqual(syncLimitsOf({ kind: DEMO_KIND, settings: {} }), { ratePerSecond: 3, concurrency: 1 })
  assert.deepEqual(syncLimitsOf({ kind: DEMO_KIND, settings: { syncConcurrency: 2 } }), { ratePerSecond: 3, concurrency: 2 })
  assert.throws(() => registerConnectorDefinition(demoDefinition), /already defined/)
})
