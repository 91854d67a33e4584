import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Person } from '../../common/model/person'
import type { BackupResult, BackupSummary } from '../../main/core/backup'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'
import { openStation } from '../../main/core/station'
import { contractCaller } from '../helpers/contract-caller'

test('enroll backup, backup list, backup verify and restore end to end', async () => {
  const faces = await ensureFaceFixtures()
  const root = tempDir()
  const data = join(root, 'data')
  assert.equal(enroll(data, 'group', 'add', '--name', 'Lobby').status, 0)
  const added = enroll(data, 'person', 'add', '--name', 'Li Na', '--type', 'visitor', '--group', 'lobby', '--photo', faces.faceA, '--json')
  assert.equal(added.status, 0, added.stderr)
  const person = added.json<Person>()

  // default destination: "backups" beside the data folder
  const made = enroll(data, 'backup', '--json')
  assert.equal(made.status, 0, made.stderr)
  const backup = made.json<BackupResult>()
  assert.equal(join(backup.path, '..'), join(root, 'backups'))
  assert.deepEqual([backup.persons, backup.photos], [1, 1])
  assert.match(enroll(data, 'backup').stdout, /re-enter them in Settings after a restore/)
  const elsewhere = enroll(data, 'backup', '--to', join(root, 'usb'), '--json')
  assert.equal(elsewhere.status, 0, elsewhere.stderr)
  assert.equal(readdirSync(join(root, 'usb')).length, 1)

  const listed = enroll(data, 'backup', 'list', '--json').json<BackupSummary[]>()
  assert.equal(listed.length, 2)
  assert.ok(listed.some((b) => b.path === backup.path && b.counts.persons === 1))

  const verified = enroll(data, 'backup', 'verify', backup.path)
  assert.equal(verified.status, 0, verified.stderr)
  assert.match(verified.stdout, /^OK: all \d+ files/)

  const restored = join(root, 'restored')
  const restore = enroll(restored, 'restore', backup.path)
  assert.equal(restore.status, 0, restore.stderr)
  assert.match(restore.stdout, /restored 1 persons, 1 groups and 1 photos/)
  const shown = enroll(restored, 'person', 'show', person.id, '--json').json<Person>()
  assert.deepEqual(shown, person)

  // never over a register: exit 2, the message names the folder
  const refused = enroll(data, 'restore', backup.path)
  assert.equal(refused.status, 2)
  assert.match(refused.stderr, /^enroll: data: .* already holds data/)
  assert.equal(enroll(data, 'person', 'list', '--json').json<Person[]>().length, 1)

  // bad input: no path, not a backup, a destination that is a file
  assert.equal(enroll(data, 'backup', 'verify').status, 2)
  const notBackup = enroll(data, 'backup', 'verify', root)
  assert.equal(notBackup.status, 2)
  assert.match(notBackup.stderr, /^enroll: path: .* is not a backup/)
  writeFileSync(join(root, 'afile'), 'x')
  const blocked = enroll(data, 'backup', '--to', join(root, 'afile'))
  assert.equal(blocked.status, 2)
  assert.match(blocked.stderr, /^enroll: destination: cannot write to/)

  // a damaged backup: exit 1, the file named
  const hash = person.photo!.hash
  const photo = join(backup.path, 'photos', hash.slice(0, 2), `${hash}.jpg`)
  const bytes = readFileSync(photo)
  bytes[100] ^= 0xff
  writeFileSync(photo, bytes)
  const damaged = enroll(data, 'backup', 'verify', backup.path)
  assert.equal(damaged.status, 1)
  assert.match(damaged.stdout, new RegExp(`changed: photos/${hash.slice(0, 2)}/${hash}\\.jpg`))
})

test('enroll backup and backup list without --to use the backup folder chosen in Settings, as the UI does', async () => {
  const root = tempDir()
  const data = join(root, 'data')
  const chosen = join(root, 'chosen')
  assert.equal(enroll(data, 'group', 'add', '--name', 'Lobby').status, 0)
  const station = await openStation({ dataDir: data })
  try {
    await contractCaller(station).ok('backup.setFolder', { folder: chosen })
  } finally {
    await station.close()
  }
  const made = enroll(data, 'backup', '--json')
  assert.equal(made.status, 0, made.stderr)
  assert.equal(join(made.json<BackupResult>().path, '..'), chosen)
  const listed = enroll(data, 'backup', 'list', '--json').json<BackupSummary[]>()
  assert.deepEqual(listed.map((b) => b.path), [made.json<BackupResult>().path])
})
