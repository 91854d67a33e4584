/**
 * `enroll target edit NAME --header "Name: value"` enters one header's value on this desk (as a
 * desk of a site does for a back end another desk added): the back end's other headers and their
 * values stay, in its settings and in the vault.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TargetView } from '../../common/targets/target-view'
import { FileSecretVault } from '../../main/core/targets/secrets'
import { enrollAsync as enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

test('enroll target edit --header sets that header and keeps the back end’s other headers', async () => {
  const data = tempDir()
  const added = await enroll(data, 'target', 'add', 'sophon', '--name', 'Gates', '--base-url', 'http://127.0.0.1:9', '--header', 'X-One: first', '--header', 'X-Two: second')
  assert.equal(added.status, 0, added.stderr)

  const edited = await enroll(data, 'target', 'edit', 'Gates', '--header', 'X-One: changed')
  assert.equal(edited.status, 0, edited.stderr)
  const [gates] = (await enroll(data, 'target', 'list', '--json')).json<TargetView[]>()
  assert.deepEqual(gates.settings.headerNames, ['X-One', 'X-Two'])
  assert.deepEqual(await new FileSecretVault(data).get(gates.id), { 'header:X-One': 'changed', 'header:X-Two': 'second' })
})
