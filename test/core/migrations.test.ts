import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Store } from '../../main/core/store/store'
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../main/core/store/migrations'
import { photoPath } from '../../main/core/photos/photo-files'
import { tempDir, DEMO_PHOTOS } from '../helpers/temp'

test('migrations are numbered 1..n without gaps and a new register lands on the latest', async () => {
  assert.deepEqual(
    MIGRATIONS.map((m) => m.version),
    MIGRATIONS.map((_, i) => i + 1),
  )
  const dir = tempDir()
  const store = await Store.open(dir)
  await store.close()
  const meta = JSON.parse(readFileSync(join(dir, 'register', 'meta.json'), 'utf8'))
  assert.equal(meta.schemaVersion, LATEST_SCHEMA_VERSION)
})

test('001 imports a legacy single-file lowdb register and keeps the old file', async () => {
  const dir = tempDir()
  writeFileSync(
    join(dir, 'db.json'),
    JSON.stringify({
      groups: [{ id: 'g1', name: 'Lobby' }],
      persons: [
        { id: 'a', personCode: 'E1', personName: '张三', personType: 'employee', phone: '+8613800138000', groups: ['g1', 'gone'] },
        { id: 'b', personCode: 'V1', personName: 'Visitor', personType: 'visitor', enabled: false },
      ],
    }),
  )
  const warnings: string[] = []
  const store = await Store.open(dir, { onWarning: (m) => warnings.push(m) })
  const zhang = store.get<Record<string, unknown>>('persons', 'a')!
  assert.equal(zhang.code, 'E1')
  assert.equal(zhang.name, '张三')
  assert.deepEqual(zhang.groups, ['g1'], 'references to groups that do not exist are dropped')
  assert.equal(store.get<Record<string, unknown>>('persons', 'b')!.enabled, false)
  assert.equal(store.get<Record<string, unknown>>('groups', 'g1')!.name, 'Lobby')
  assert.ok(existsSync(join(dir, 'db.json.migrated')))
  assert.ok(!existsSync(join(dir, 'db.json')))
  assert.match(warnings.join('\n'), /Imported 2 persons and 1 groups/)
  await store.close()
  const reopened = await Store.open(dir)
  assert.equal(reopened.count('persons'), 2, 'migration results are written to the register')
  await reopened.close()
})

test('002 moves inline data-URL photos into content-addressed files', async () => {
  const dir = tempDir()
  const jpeg = readFileSync(join(DEMO_PHOTOS, 'sample1.jpg'))
  writeFileSync(
    join(dir, 'db.json'),
    JSON.stringify({
      persons: [
        { id: 'a', personCode: 'E1', personName: 'With photo', photo: `data:image/jpeg;base64,${jpeg.toString('base64')}` },
        { id: 'b', personCode: 'E2', personName: 'Broken photo', photo: 'data:image/jpeg;base64,AAAA' },
      ],
    }),
  )
  const warnings: string[] = []
  const store = await Store.open(dir, { onWarning: (m) => warnings.push(m) })
  const withPhoto = store.get<{ photo: { hash: string; width: number }; legacyPhotoDataUrl?: string }>('persons', 'a')!
  assert.equal(withPhoto.legacyPhotoDataUrl, undefined)
  assert.ok(withPhoto.photo.width > 0)
  assert.ok(existsSync(photoPath(dir, withPhoto.photo.hash)))
  const broken = store.get<{ photo: unknown; legacyPhotoDataUrl?: string }>('persons', 'b')!
  assert.equal(broken.photo, null)
  assert.ok(broken.legacyPhotoDataUrl, 'an undecodable photo is left in place, not lost')
  assert.match(warnings.join('\n'), /E2: the old inline photo could not be decoded/)
  await store.close()
})
