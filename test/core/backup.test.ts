import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { openStation, type Station } from '../../main/core/station'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { createBackup, verifyBackup, restoreBackup, listBackups, readManifest, type BackupResult } from '../../main/core/backup'
import { DescriptorFile } from '../../main/core/face/descriptor-file'
import { photoPath } from '../../main/core/photos/photo-files'
import type { Person } from '../../common/model/person'
import type { CoreError } from '../../common/errors/core-error'
import { ensureFaceFixtures } from '../face/helpers'
import { tempDir } from '../helpers/temp'
import { contractCaller } from '../helpers/contract-caller'

const SECRET = 'Sesame-7f3c9e1d-never-in-a-backup'

const caller = (station: Station) => contractCaller(station).ok

const filesUnder = (root: string) =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))

describe('backup and restore of a register (real files, real photos)', () => {
  const root = tempDir()
  const dir = (name: string) => join(root, name)
  let station: Station
  let call: ReturnType<typeof caller>
  let destination: string
  let backup: BackupResult
  let persons: Person[]
  let groupId: string
  let duringBackup: Promise<Person> | null = null

  before(async () => {
    const fx = await ensureFaceFixtures()
    const dataDir = dir('data')
    destination = dir('backups')
    station = await openStation({ dataDir })
    call = caller(station)
    const photo = (path: string) => ({ base64: readFileSync(path).toString('base64'), source: 'file' as const })
    const group = await call('group.add', { name: 'Lobby' })
    groupId = group.id
    const target = await call('target.add', { name: 'Gate', kind: 'sophon', baseUrl: 'http://127.0.0.1:9', settings: { headerNames: ['X-Api-Key'] }, secrets: { 'header:X-Api-Key': SECRET } })
    await call('target.mapGroup', { target: target.id, group: group.id, remoteIds: ['remote-lobby-7'] })
    persons = [
      await call('person.add', { name: 'Li Na', type: 'employee', code: 'E1001', phone: '+8613800138000', groups: [group.id], photo: photo(fx.faceA) }),
      await call('person.add', { name: 'Wang Wei', type: 'visitor', photo: photo(fx.faceB) }),
      await call('person.add', { name: 'Zhao Lei', type: 'blacklist', reason: 'Threatened staff', photo: photo(fx.faceC) }),
      await call('person.add', { name: 'No Photo', type: 'visitor' }),
    ]
    const descriptors = await DescriptorFile.open(join(dataDir, 'faces', 'descriptors.bin'))
    await descriptors.file.append([{ key: persons[0].id, descriptor: new Float32Array(128).fill(0.25), blacklist: false, photoHash: persons[0].photo!.hash }])
    await descriptors.file.close()

    backup = await createBackup(station, destination, {
      actor: 'alice',
      onProgress: (progress) => {
        // the desk keeps working while photos are copied: this person is after the backup's instant
        if (progress.phase === 'photos' && !duringBackup) duringBackup = call('person.add', { name: 'Came Later', type: 'visitor', groups: [group.id] })
      },
    })
  })
  after(() => station?.close())

  test('one complete folder with a manifest naming every file; the register, photos and descriptors are in it', async () => {
    assert.match(backup.path, /enroll-backup-\d{8}-\d{6}$/)
    assert.deepEqual(readdirSync(destination), [backup.path.split('/').at(-1)], 'no temp folder left beside it')
    const manifest = await readManifest(backup.path)
    assert.equal(manifest.createdBy, 'alice')
    assert.equal(manifest.secretsIncluded, false)
    assert.deepEqual(manifest.counts, { persons: 4, deletedPersons: 0, groups: 1, targets: 1, photos: 3 })
    assert.deepEqual([backup.persons, backup.photos], [4, 3])
    const paths = manifest.files.map((file) => file.path)
    for (const person of persons.filter((p) => p.photo)) assert.ok(paths.includes(`photos/${person.photo!.hash.slice(0, 2)}/${person.photo!.hash}.jpg`))
    assert.ok(paths.includes('register/meta.json'))
    assert.ok(paths.includes('faces/descriptors.bin'))
    assert.ok(!paths.some((path) => path.includes('secrets') || path.includes('LOCK')))
    const total = manifest.files.reduce((sum, file) => sum + file.bytes, 0)
    assert.equal(backup.bytes, total + readFileSync(join(backup.path, 'manifest.json')).length)
    const listed = await listBackups(destination)
    assert.deepEqual(listed.map((b) => [b.path, b.counts.persons]), [[backup.path, 4]])
  })

  test('no secret value appears in any file of the backup', () => {
    for (const file of filesUnder(backup.path)) assert.ok(!readFileSync(file).includes(SECRET), `${file} holds the secret`)
  })

  test('a write made during the photo copy is kept by the station and left out of the backup (taken at one instant)', async () => {
    assert.ok(duringBackup, 'the backup reported photo progress')
    const later = await duringBackup
    assert.equal(station.persons.get(later.id)?.name, 'Came Later')
    const restored = dir('instant')
    await restoreBackup(backup.path, restored)
    const copy = await openStation({ dataDir: restored })
    try {
      assert.equal(copy.persons.get(later.id), undefined)
      assert.equal(copy.store.count('persons'), 4)
    } finally {
      await copy.close()
    }
  })

  test('verify passes; a tampered photo and a missing file are named', async () => {
    assert.equal((await verifyBackup(backup.path)).ok, true)
    const copyDir = dir('tampered')
    mkdirSync(copyDir, { recursive: true })
    for (const file of filesUnder(backup.path)) {
      const relativePath = file.slice(backup.path.length + 1)
      mkdirSync(join(copyDir, relativePath, '..'), { recursive: true })
      writeFileSync(join(copyDir, relativePath), readFileSync(file))
    }
    const hash = persons[1].photo!.hash
    const photoFile = `photos/${hash.slice(0, 2)}/${hash}.jpg`
    const bytes = readFileSync(join(copyDir, photoFile))
    bytes[bytes.length - 10] ^= 0xff
    writeFileSync(join(copyDir, photoFile), bytes)
    const descriptorPath = join(copyDir, 'faces/descriptors.bin')
    writeFileSync(descriptorPath, '')
    const fileList = filesUnder(copyDir)
    const removed = fileList.find((file) => file.includes('/register/') && file.endsWith('.json') && !file.endsWith('meta.json'))!
    renameSync(removed, removed + '.moved')
    const result = await verifyBackup(copyDir)
    assert.equal(result.ok, false)
    assert.deepEqual(result.changed.sort(), ['faces/descriptors.bin', photoFile].sort())
    assert.deepEqual(result.missing, [removed.slice(copyDir.length + 1)])
    assert.deepEqual(result.unexpected, [removed.slice(copyDir.length + 1) + '.moved'])
    const refused = await restoreBackup(copyDir, dir('never')).then(
      () => assert.fail('a damaged backup is not restored'),
      (error: CoreError) => error,
    )
    assert.equal(refused.messageCode, 'backup.damaged')
    assert.match(refused.message, /damaged \(3 files are missing or changed, e\.g\. register\/.*\); nothing was restored$/)
  })

  test('restore into a new folder opens with the same persons, groups, mapping and photo bytes; secrets must be re-entered', async () => {
    const dataDir = dir('restored')
    const result = await restoreBackup(backup.path, dataDir)
    assert.equal(result.counts.persons, 4)
    assert.match(result.secretsNote, /re-enter/)
    const copy = await openStation({ dataDir })
    try {
      for (const person of persons) {
        assert.deepEqual(copy.persons.get(person.id), station.persons.get(person.id))
        if (person.photo) assert.deepEqual(readFileSync(photoPath(dataDir, person.photo.hash)), readFileSync(photoPath(station.dataDir, person.photo.hash)))
      }
      assert.deepEqual(copy.groups.list().map((g) => [g.id, g.name]), [[groupId, 'Lobby']])
      const [target] = copy.targets.list()
      assert.equal(target.name, 'Gate')
      assert.deepEqual(copy.store.get('targets', target.id), station.store.get('targets', target.id))
      assert.ok(JSON.stringify(copy.store.get('targets', target.id)).includes('remote-lobby-7'))
      assert.equal(existsSync(join(dataDir, 'secrets.json')), false)
      const history = await copy.persons.history(persons[0].id)
      assert.ok(history.some((entry) => entry.action === 'create' && entry.actor === 'desk'), 'the audit trail came along')
      assert.deepEqual(readFileSync(join(dataDir, 'faces/descriptors.bin')), readFileSync(join(station.dataDir, 'faces/descriptors.bin')))
    } finally {
      await copy.close()
    }
  })

  test('a restore never overwrites a register, but fills a folder a fresh start left empty', async () => {
    await assert.rejects(restoreBackup(backup.path, join(station.dataDir, '..', 'data')), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'conflict')
      assert.match(error.message, /^data: .* (already holds data|is open in another program)/)
      return true
    })
    const fresh = dir('fresh')
    await (await openStation({ dataDir: fresh })).close()
    await restoreBackup(backup.path, fresh)
    const copy = await openStation({ dataDir: fresh })
    assert.equal(copy.store.count('persons'), 4)
    await copy.close()
  })

  test('a destination that cannot be written is named and leaves nothing behind; inside the data folder is refused', async () => {
    await assert.rejects(createBackup(station, 'relative/path'), /destination: must be a full path/)
    await assert.rejects(createBackup(station, join(station.dataDir, 'backups')), /destination: must be outside the data folder/)
    const blocked = dir('blocked')
    writeFileSync(blocked, 'a file, not a folder')
    await assert.rejects(createBackup(station, join(blocked, 'sub')), /destination: cannot write to .*\(a file is in the way\)/)
    if (process.getuid?.() !== 0) {
      const readOnly = dir('ro')
      mkdirSync(readOnly)
      chmodSync(readOnly, 0o500)
      await assert.rejects(createBackup(station, readOnly), /destination: cannot write to .*permission denied/)
      assert.deepEqual(readdirSync(readOnly), [])
    }
    assert.equal(existsSync(join(station.dataDir, 'backup-staging')), false, 'no staging links left in the data folder')
  })
})

test('backup channels: create in the default folder beside the data folder with progress events, list, verify; a relative destination is refused', async () => {
  const root = tempDir()
  const station = await openStation({ dataDir: join(root, 'data') })
  try {
    const call = caller(station)
    await call('person.add', { name: 'Li Na', type: 'visitor' })
    const progress: number[] = []
    station.events.subscribe((event) => event.type === 'progress' && event.task === 'backup' && progress.push(event.done))
    const made = await call('backup.create', {})
    assert.equal(join(made.path, '..'), join(root, 'backups'))
    assert.ok(progress.length > 0 && progress.at(-1)! > 0, 'progress was reported')
    const listed = await call('backup.list', {})
    assert.equal(listed.defaultDestination, join(root, 'backups'))
    assert.deepEqual(listed.backups.map((b) => [b.path, b.counts.persons]), [[made.path, 1]])
    const verified = await call('backup.verify', { path: made.path })
    assert.deepEqual([verified.ok, verified.missing, verified.changed, verified.counts.persons], [true, [], [], 1])
    const refused = await dispatch(createHandlers(station, 'desk'), 'backup.create', { destination: 'not/absolute' })
    assert.equal(refused.ok, false)
    assert.equal(!refused.ok && refused.error.field, 'destination')
  } finally {
    await station.close()
  }
})

test('a read-only view of a register another program holds is not backed up from (it would compact their register)', async () => {
  const root = tempDir()
  const owner = await openStation({ dataDir: join(root, 'data') })
  const viewer = await openStation({ dataDir: join(root, 'data'), readOnly: true })
  try {
    await assert.rejects(createBackup(viewer, join(root, 'backups')), /backup: the register cannot be backed up from here \(The register was opened read-only/)
    assert.equal(existsSync(join(root, 'backups')), false)
  } finally {
    await viewer.close()
    await owner.close()
  }
})

test('links left in the staging folder by a backup that died mid-way are removed by the next one', async () => {
  const root = tempDir()
  const station = await openStation({ dataDir: join(root, 'data') })
  try {
    const leftover = join(root, 'data', 'backup-staging', 'dead-backup', 'register')
    mkdirSync(leftover, { recursive: true })
    writeFileSync(join(leftover, 'meta.json'), '{}')
    await createBackup(station, join(root, 'backups'))
    assert.equal(existsSync(join(root, 'data', 'backup-staging')), false)
  } finally {
    await station.close()
  }
})
