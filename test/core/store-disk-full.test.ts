import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { isCoreError } from '../../common/errors/core-error'
import { translatorFor } from '../../common/i18n/translator'
import { refusalText } from '../../common/i18n/error-text'
import { fillDisk, mountSmallDisk } from '../helpers/small-disk'
import { tempDir } from '../helpers/temp'

/**
 * A real full disk: a 3 MB tmpfs mounted for the test (needs root; skipped with the reason
 * otherwise), filled to the last byte, so the journal's next line meets a short write and then
 * ENOSPC from the kernel itself.
 */
const ACTOR = 'disk-full-test'

test('a full disk refuses person.add with disk_full naming the folder, loses nothing acknowledged, and the station carries on once there is room', async (t) => {
  const mountPoint = join(tempDir(), 'small-disk')
  mkdirSync(mountPoint)
  const why = mountSmallDisk(mountPoint)
  if (why) {
    t.skip(`real full disk not tried: ${why}`)
    return
  }
  try {
    const dataDir = join(mountPoint, 'data')
    const station = await openStation({ dataDir })
    const note = 'n'.repeat(900)
    for (let i = 0; i < 5; i++) await station.persons.add({ code: `E${i}`, name: `Saved ${i}`, type: 'employee', note }, ACTOR)

    const filler = join(mountPoint, 'filler')
    fillDisk(filler)
    let refusal: unknown = null
    try {
      await station.persons.add({ code: 'FULL', name: 'Refused', type: 'employee', note }, ACTOR)
    } catch (error) {
      refusal = error
    }
    assert.ok(isCoreError(refusal), `person.add on a full disk is refused with a coded error (got ${refusal})`)
    assert.equal(refusal.code, 'disk_full')
    assert.ok(refusal.message.includes(dataDir), `the message names the data folder: ${refusal.message}`)
    assert.match(refusal.message, /disk .* is full; the change was not saved/)
    assert.equal(refusal.messageCode, 'store.disk_full')
    const zh = refusalText(refusal, translatorFor('zh-CN'))
    assert.ok(zh?.includes(dataDir) && /磁盘已满/.test(zh), `in Chinese too: ${zh}`)
    assert.equal(station.persons.getByCode('FULL'), undefined, 'nothing half-applied in memory')
    assert.equal(station.persons.counts().total, 5)

    rmSync(filler)
    await station.persons.add({ code: 'ROOM', name: 'After', type: 'employee' }, ACTOR)
    await station.close()

    const reopened = await openStation({ dataDir })
    const codes = reopened.persons.list({ limit: 100 }).items.map((p) => p.code).sort()
    assert.deepEqual(codes, ['E0', 'E1', 'E2', 'E3', 'E4', 'ROOM'])
    assert.deepEqual(reopened.store.warnings, [])
    await reopened.close()

    // full at open: refused in words, nothing changed, everything there once there is room
    fillDisk(filler)
    await assert.rejects(openStation({ dataDir }), (error: Error) => {
      assert.ok(isCoreError(error) && error.code === 'disk_full', `${error}`)
      assert.ok(error.message.includes(dataDir))
      assert.match(refusalText(error, translatorFor('zh-CN')) ?? '', /磁盘已满/)
      return true
    })
    rmSync(filler)
    const last = await openStation({ dataDir })
    assert.deepEqual(last.persons.list({ limit: 100 }).items.map((p) => p.code).sort(), codes)
    assert.deepEqual(last.store.warnings, [])
    await last.close()
  } finally {
    spawnSync('umount', ['-l', mountPoint])
  }
})
