import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ConnectorFailure } from '../../main/core/connectors/types'
import { CoreError } from '../../common/errors/core-error'
import { Store } from '../../main/core/store/store'
import { TargetAdmin } from '../../main/core/settings/target-admin'
import { FileSecretVault, type SecretVault } from '../../main/core/targets/secrets'
import { putRemoteLink, TargetService } from '../../main/core/targets/target-service'
import { startSimulator, type SimulatorOf } from '../simulators'
import { makePerson } from './fixtures'

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

describe('secret vault file', () => {
  test('owner-only, atomic, and survives a new instance; remove forgets one target', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vault-'))
    try {
      const vault = new FileSecretVault(dir)
      assert.deepEqual(await vault.get('none'), {})
      await Promise.all([vault.set('a', { clientSecret: 's-a' }), vault.set('b', { password: 'p-b' })])
      assert.equal((await stat(vault.path)).mode & 0o777, 0o600)
      assert.deepEqual(await new FileSecretVault(dir).get('a'), { clientSecret: 's-a' })
      await vault.remove('a')
      const reopened = new FileSecretVault(dir)
      assert.deepEqual(await reopened.get('a'), {})
      assert.deepEqual(await reopened.get('b'), { password: 'p-b' })
      assert.deepEqual((await readdir(dir)).filter((f) => f.includes('tmp')), [])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a damaged file is reported, not silently replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vault-'))
    try {
      const { writeFile } = await import('node:fs/promises')
      await writeFile(join(dir, 'secrets.json'), '{ not json')
      await assert.rejects(new FileSecretVault(dir).get('x'), (error: CoreError) => error.code === 'storage' && /damaged/.test(error.message))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('target service on a real register', () => {
  let dir: string
  let store: Store
  let targets: TargetService
  let tuya: SimulatorOf<'tuya'>

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'targets-'))
    store = await Store.open(dir)
    targets = new TargetService(store, new FileSecretVault(dir), { connectorOptions: { timeoutMs: 2000 } })
    tuya = await startSimulator('tuya')
    await store.transact((tx) => {
      const at = new Date().toISOString()
      tx.put('groups', 'staff', { id: 'staff', name: 'Staff', description: '', createdAt: at, updatedAt: at, version: 1 })
      tx.put('persons', 'p-0001', makePerson())
    })
  })
  after(async () => {
    await tuya.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  test('add keeps the secret out of the register; list, require by name, test against the back end', async () => {
    const { settings, secrets, baseUrl } = tuya.credentials
    const target = await targets.add({ name: 'Tuya HQ', kind: 'tuya', baseUrl, settings }, secrets, 'tester')
    assert.equal(target.id, 'tuya-hq')
    assert.equal(target.expiryAction, 'disable')
    assert.deepEqual(targets.list().map((t) => t.name), ['Tuya HQ'])
    assert.equal(targets.require('Tuya HQ').id, 'tuya-hq')
    assert.deepEqual(await targets.secretStatus('tuya-hq'), { clientSecret: true })
    assert.match((await targets.test('Tuya HQ')).message, /project 1424615984265764001 answers/)

    await store.compact()
    for (const file of await filesUnder(join(dir, 'register'))) {
      assert.ok(!(await readFile(file, 'utf8')).includes(secrets.clientSecret), `secret leaked into ${file}`)
    }
    assert.ok((await readFile(join(dir, 'secrets.json'), 'utf8')).includes(secrets.clientSecret))
  })

  test('a duplicate name, a missing secret or bad settings are refused naming the field', async () => {
    const { settings, secrets, baseUrl } = tuya.credentials
    await assert.rejects(targets.add({ name: 'Tuya HQ', kind: 'tuya', baseUrl, settings }, secrets, 'tester'), /^CoreError: name: a target named "Tuya HQ" already exists/)
    await assert.rejects(targets.add({ name: 'Other', kind: 'tuya', baseUrl, settings }, {}, 'tester'), (error: CoreError) => error.field === 'secrets.clientSecret')
    await assert.rejects(targets.add({ name: 'Other', kind: 'tuya', baseUrl, settings: { projectId: 'x' } }, secrets, 'tester'), (error: CoreError) => error.field === 'settings.clientId')
    await assert.rejects(targets.add({ name: 'Other', kind: 'tuya', baseUrl: 'ftp://x', settings }, secrets, 'tester'), (error: CoreError) => error.field === 'baseUrl')
  })

  test('wrong secrets: test throws the back end’s refusal', async () => {
    await targets.update('Tuya HQ', {}, 'tester', { clientSecret: 'wrong' })
    await assert.rejects(targets.test('Tuya HQ'), (error: ConnectorFailure) => error.kind === 'refused' && error.remoteMessage === 'sign invalid')
    await targets.update('Tuya HQ', {}, 'tester', tuya.credentials.secrets)
    assert.match((await targets.test('Tuya HQ')).message, /answers/)
  })

  test('map-group needs an existing group, by id or name; the connector is rebuilt after the change', async () => {
    const before = await targets.connector('tuya-hq')
    assert.equal(await targets.connector('tuya-hq'), before)
    const mapped = await targets.mapGroup('Tuya HQ', 'Staff', ['1466612511766855002'], 'tester')
    assert.deepEqual(mapped.mapping.groups, { staff: ['1466612511766855002'] })
    assert.notEqual(await targets.connector('tuya-hq'), before)
    await assert.rejects(targets.mapGroup('Tuya HQ', 'nope', ['1'], 'tester'), /group: no group with id or name "nope"/)
    const unmapped = await targets.mapGroup('Tuya HQ', 'staff', [], 'tester')
    assert.deepEqual(unmapped.mapping.groups, {})
  })

  test('remote links: linked by a user or recorded by a push; removing the target removes them and its secrets', async () => {
    await targets.linkRemote('p-0001', 'Tuya HQ', 'remote-7', 'tester')
    assert.equal(targets.remoteLink('p-0001', 'tuya-hq')?.linkedBy, 'user')
    await store.transact((tx) => putRemoteLink(tx, { personId: 'p-0001', targetId: 'tuya-hq', remoteId: 'remote-8', linkedBy: 'push' }, 'sync'))
    assert.equal(targets.remoteLink('p-0001', 'tuya-hq')?.remoteId, 'remote-8')
    const history = await store.history('person', 'p-0001')
    assert.ok(history.some((entry) => entry.action === 'link-remote' && JSON.stringify(entry.changes).includes('remote-8')))

    await targets.remove('Tuya HQ', 'tester')
    assert.equal(targets.remoteLink('p-0001', 'tuya-hq'), undefined)
    assert.deepEqual(await new FileSecretVault(dir).get('tuya-hq'), {})
    assert.throws(() => targets.require('Tuya HQ'), /target: no target/)
    const audit = await store.history('target', 'tuya-hq')
    assert.deepEqual(audit.map((e) => e.action).filter((a) => a !== 'update'), ['create', 'delete'])
    assert.ok(!JSON.stringify(audit).includes(tuya.credentials.secrets.clientSecret))
  })

  test('a back end removed while the list is being described (another desk’s removal) leaves the list whole', async () => {
    const { settings, secrets, baseUrl } = tuya.credentials
    const fileVault = new FileSecretVault(dir)
    // the vault's reads wait until the test lets them go, as a slow disk would
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const slowVault: SecretVault = {
      get: async (id) => {
        await held
        return fileVault.get(id)
      },
      set: (id, values) => fileVault.set(id, values),
      remove: (id) => fileVault.remove(id),
    }
    await targets.add({ name: 'Side door', kind: 'tuya', baseUrl, settings }, secrets, 'tester')
    const admin = new TargetAdmin(new TargetService(store, slowVault))
    const listing = admin.list()
    await targets.remove('Side door', 'tester')
    release()
    const views = await listing
    assert.deepEqual(views.map((view) => view.id), ['side-door'], 'described as it was when listed')
    assert.deepEqual(await admin.list(), [], 'gone from the next list')
  })
})
