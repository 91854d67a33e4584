/**
 * A full disk while a photo is saved: a real small tmpfs, filled up. The answer says in words
 * that the disk is full and names the folder (code disk_full), nothing half-written is left, and
 * the station works again as soon as there is space. Mounting needs root: skipped otherwise.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { translatorFor } from '../../common/i18n/translator'
import { refusalText } from '../../common/i18n/error-text'
import { contractCaller } from '../helpers/contract-caller'
import { fillDisk, mountSmallDisk, unmountSmallDisk } from '../helpers/small-disk'
import { tempDir, DEMO_PHOTOS } from '../helpers/temp'

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

test('a photo saved on a full disk: disk_full naming the photos folder, nothing left behind, usable again once space is freed', async (t) => {
  const disk = tempDir()
  const why = mountSmallDisk(disk)
  if (why) return t.skip(why)
  const data = join(disk, 'data')
  const station = await openStation({ dataDir: data })
  try {
    const call = contractCaller(station)
    await call.ok('person.add', { name: 'Before', code: 'B1', type: 'employee' })
    const photo = { base64: readFileSync(join(DEMO_PHOTOS, 'sample2.jpg')).toString('base64'), source: 'file' as const }
    mkdirSync(join(data, 'photos'), { recursive: true })
    const filler = join(disk, 'filler')
    fillDisk(filler)

    const refused = await call.refused('person.add', { name: 'With Photo', photo })
    assert.equal(refused.code, 'disk_full')
    assert.equal(refused.field, 'photo')
    assert.equal(refused.message, `photo: the disk holding ${join(data, 'photos')} is full; the photo was not saved. Free some space and try again`)
    assert.deepEqual([refused.messageCode, refused.params], ['photo.disk_full', { folder: join(data, 'photos') }])
    assert.equal(refusalText(refused, translatorFor('zh-CN')), `照片：存放 ${join(data, 'photos')} 的磁盘已满，照片未保存。请释放一些空间后重试`)
    assert.deepEqual(filesUnder(join(data, 'photos')), [], 'no partial photo or temp file')
    assert.equal((await call.ok('person.list', {})).total, 1, 'the register is as it was')

    rmSync(filler)
    const added = await call.ok('person.add', { name: 'With Photo', photo })
    assert.ok(added.photo)
    assert.equal((await call.ok('person.list', {})).total, 2)
  } finally {
    await station.close().catch(() => {})
    unmountSmallDisk(disk)
  }
})
