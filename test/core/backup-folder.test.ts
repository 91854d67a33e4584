/**
 * Over the contract, backups are written, listed and verified only inside the backup folder
 * chosen in Settings: a token holder can neither make the station copy the register to another
 * path nor use verify to learn whether paths exist. The CLI's --to stays a local admin's choice.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { contractCaller } from '../helpers/contract-caller'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

test('backup.create and backup.verify refuse paths outside the chosen backup folder, before touching them', async () => {
  const root = tempDir()
  const station = await openStation({ dataDir: join(root, 'data') })
  const call = contractCaller(station)
  try {
    await call.ok('person.add', { name: 'Li Na' })
    const elsewhere = join(root, 'elsewhere')
    const create = await call.refused('backup.create', { destination: elsewhere })
    assert.equal(create.field, 'destination')
    assert.equal(create.message, `destination: must be inside the backup folder ${join(root, 'backups')} (chosen in Settings)`)
    assert.equal(existsSync(elsewhere), false, 'nothing was written there')

    const made = await call.ok('backup.create', {})
    assert.equal(join(made.path, '..'), join(root, 'backups'))
    // the same answer whether the path exists or not: verify is no probe of the file system
    const probes = [join(root, 'data'), '/etc', '/no/such/path', join(root, 'backups', '..', 'data'), 'relative/path']
    const answers = await Promise.all(probes.map((path) => call.refused('backup.verify', { path })))
    for (const answer of answers) assert.deepEqual([answer.code, answer.field, answer.message], ['invalid', 'path', `path: must be inside the backup folder ${join(root, 'backups')} (chosen in Settings)`])
    assert.equal((await call.ok('backup.verify', { path: made.path })).ok, true)

    // a link inside the backup folder does not lead verify outside it
    symlinkSync(join(root, 'data'), join(root, 'backups', 'looks-inside'))
    assert.equal((await call.refused('backup.verify', { path: join(root, 'backups', 'looks-inside') })).field, 'path')
    assert.equal((await call.refused('backup.list', { destination: '/etc' })).field, 'destination')
  } finally {
    await station.close()
  }
})

test('choosing another folder in Settings is audited and moves where backups may go; the CLI --to stays free', async () => {
  const root = tempDir()
  const data = join(root, 'data')
  const station = await openStation({ dataDir: data })
  const call = contractCaller(station, { actor: 'desk' })
  const chosen = join(root, 'usb-drive', 'backups')
  try {
    assert.equal((await call.refused('backup.setFolder', { folder: 'relative' })).field, 'destination')
    const listed = await call.ok('backup.setFolder', { folder: chosen })
    assert.equal(listed.destination, chosen)
    const made = await call.ok('backup.create', {})
    assert.equal(join(made.path, '..'), chosen)
    assert.equal((await call.refused('backup.create', { destination: join(root, 'backups') })).field, 'destination', 'the old default is outside now')
    const history = await station.store.history('settings', 'backup')
    assert.equal(history.at(-1)?.actor, 'desk')
    assert.equal((await call.ok('backup.setFolder', { folder: '' })).destination, join(root, 'backups'))
  } finally {
    await station.close()
  }
  const free = join(root, 'admin-choice')
  mkdirSync(free)
  const cli = enroll(data, 'backup', '--to', free)
  assert.equal(cli.status, 0, cli.stderr)
  assert.equal(readdirSync(free).length, 1)
})
