/**
 * Photo paths are read with limits: only regular files, size-capped before reading, and a CSV's
 * photos folder cannot be left through a symbolic link. /dev/zero once grew the process to 20 GB.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { openStation } from '../../main/core/station'
import { MAX_PHOTO_INPUT_BYTES } from '../../main/core/photos/photo-files'
import { tempDir, DEMO_PHOTOS } from '../helpers/temp'

test('a CSV import reads only regular files inside the photos folder, at most 25 MB each', async () => {
  const dir = tempDir()
  const photos = join(dir, 'photos-in')
  const outside = join(dir, 'outside')
  mkdirSync(photos)
  mkdirSync(outside)
  copyFileSync(join(DEMO_PHOTOS, 'sample2.jpg'), join(photos, 'ann.jpg'))
  copyFileSync(join(DEMO_PHOTOS, 'sample2.jpg'), join(outside, 'secret.jpg'))
  symlinkSync('/dev/zero', join(photos, 'zero.jpg'))
  symlinkSync(join(outside, 'secret.jpg'), join(photos, 'escape.jpg'))
  symlinkSync('ann.jpg', join(photos, 'alias.jpg'))
  mkdirSync(join(photos, 'folder.jpg'))
  execFileSync('mkfifo', [join(photos, 'pipe.jpg')])
  writeFileSync(join(photos, 'huge.jpg'), '')
  truncateSync(join(photos, 'huge.jpg'), MAX_PHOTO_INPUT_BYTES + 1)

  const s = await openStation({ dataDir: join(dir, 'data') })
  const csv = ['code,name,photo', 'P1,Ann,ann.jpg', 'P2,Zero,zero.jpg', 'P3,Escape,escape.jpg', 'P4,Alias,alias.jpg', 'P5,Folder,folder.jpg', 'P6,Pipe,pipe.jpg', 'P7,Huge,huge.jpg'].join('\n')
  const report = await s.csv.import(Buffer.from(csv), { actor: 'admin', photosDir: photos })
  assert.equal(report.created, 2, JSON.stringify(report.failed))
  assert.deepEqual(
    report.failed.map((f) => [f.line, f.field, f.message]),
    [
      [3, 'photo', '"zero.jpg" is a link to a file outside the photos folder'],
      [4, 'photo', '"escape.jpg" is a link to a file outside the photos folder'],
      [6, 'photo', '"folder.jpg" is not a regular file'],
      [7, 'photo', '"pipe.jpg" is not a regular file'],
      [8, 'photo', '"huge.jpg" is 25.0 MB; at most 25 MB'],
    ],
  )
  assert.ok(s.persons.getByCode('P4')!.photo, 'a link that stays inside the folder is fine')
  await s.close()
})
