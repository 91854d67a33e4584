/**
 * Scrubbing the site databases' leveldb files (main/core/site/level-scrub.ts) on real leveldb
 * folders written by PouchDB: a removed value that PouchDB's compaction deleted is still in the
 * files, and is gone after the scrub, with every live document intact; a scrub that cannot run
 * (the database still open, a full disk: a real small tmpfs, needs root) changes nothing and keeps
 * its note for the next try; a crash at any step of the swap is finished or undone.
 */
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { noteScrubOwed, scrubIfOwed, scrubOwed } from '../../main/core/site/level-scrub'
import { siteDir } from '../../main/core/site/site-config'
import { filesHolding } from '../helpers/files-holding'
import { fillDisk, mountSmallDisk, unmountSmallDisk } from '../helpers/small-disk'
import { tempDir } from '../helpers/temp'

const PouchDB = createRequire(import.meta.url)('pouchdb') as typeof import('pouchdb')
const SECRET = 'Scrubbed Qianlong +8613811112222'

/** A site database folder as a desk leaves it after a removal: PouchDB-compacted, leveldb not. */
async function databaseAfterRemoval(dataDir: string, name: string): Promise<string> {
  const dir = join(siteDir(dataDir), 'db', name)
  mkdirSync(join(siteDir(dataDir), 'db'), { recursive: true })
  const db = new PouchDB(dir, { revs_limit: 20 } as PouchDB.Configuration.DatabaseConfiguration)
  const first = await db.put({ _id: 'person:removed', name: SECRET })
  for (let i = 0; i < 200; i++) await db.put({ _id: `person:${String(i).padStart(3, '0')}`, name: `Kept ${i}` })
  await db.put({ _id: 'person:removed', _rev: first.rev, removedAt: '2026-12-03T00:00:00.000Z' })
  await db.compact()
  await db.close()
  return dir
}

async function liveDocuments(dir: string): Promise<{ count: number; removed: unknown; sample: unknown }> {
  const db = new PouchDB(dir)
  try {
    const info = await db.info()
    const removed = await db.get('person:removed')
    const sample = (await db.get('person:123')) as unknown as { name: string }
    return { count: info.doc_count, removed: { ...removed, _rev: undefined }, sample: sample.name }
  } finally {
    await db.close()
  }
}

describe('site databases: scrubbing removed values from the leveldb files', () => {
  it('leaves no byte of a removed value in the files, and every live document as it was', async () => {
    const dataDir = tempDir('level-scrub-')
    const dirs = [await databaseAfterRemoval(dataDir, 'enroll-register'), await databaseAfterRemoval(dataDir, 'enroll-audit')]
    for (const dir of dirs) assert.ok(filesHolding(dir, SECRET).length > 0, `PouchDB's compaction left the value in ${readdirSync(dir).join(', ')}`)
    const before = await liveDocuments(dirs[0])
    // a database no removal touched is left as it is (the photos database can be large)
    const untouched = await databaseAfterRemoval(dataDir, 'enroll-photos')
    const untouchedFiles = readdirSync(untouched).map((file) => [file, statSync(join(untouched, file)).mtimeMs])

    await noteScrubOwed(dataDir, ['register'])
    await noteScrubOwed(dataDir, ['audit', 'register'])
    assert.equal(await scrubIfOwed(dataDir), 2)
    assert.deepEqual(readdirSync(untouched).map((file) => [file, statSync(join(untouched, file)).mtimeMs]), untouchedFiles)
    for (const dir of dirs) assert.deepEqual(filesHolding(dir, SECRET), [], dir)
    assert.equal(scrubOwed(dataDir), false, 'the note goes with the scrub')
    assert.deepEqual(await liveDocuments(dirs[0]), before)
    assert.deepEqual(before, { count: 201, removed: { _id: 'person:removed', _rev: undefined, removedAt: '2026-12-03T00:00:00.000Z' }, sample: 'Kept 123' })
  })

  it('does nothing when no removal was noted', async () => {
    const dataDir = tempDir('level-scrub-none-')
    const dir = await databaseAfterRemoval(dataDir, 'enroll-register')
    const files = readdirSync(dir).map((file) => [file, statSync(join(dir, file)).mtimeMs])
    assert.equal(await scrubIfOwed(dataDir), 0)
    assert.deepEqual(readdirSync(dir).map((file) => [file, statSync(join(dir, file)).mtimeMs]), files)
  })

  it('on a disk without room for the copy: refused, the database as it was and readable, the note kept; done once there is room', async (t) => {
    const disk = tempDir('level-scrub-disk-')
    const why = mountSmallDisk(disk, 3)
    if (why) return t.skip(why)
    try {
      const dataDir = join(disk, 'data')
      const dir = await databaseAfterRemoval(dataDir, 'enroll-register')
      const before = await liveDocuments(dir)
      await noteScrubOwed(dataDir, ['register'])
      const filler = join(disk, 'filler')
      // every amount of room from none to more than the copy needs: each scrub either finishes or changes nothing
      const size = readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0)
      let finished = false
      for (let leave = 0; !finished && leave <= 4 * size; leave += 2048) {
        fillDisk(filler, leave)
        const outcome = await scrubIfOwed(dataDir).then(
          () => 'done',
          (error: Error) => error.message,
        )
        rmSync(filler)
        assert.deepEqual(readdirSync(join(siteDir(dataDir), 'db')), ['enroll-register'], `${leave} bytes free: no copy left behind`)
        assert.deepEqual(await liveDocuments(dir), before, `${leave} bytes free (${outcome}): every live document as it was`)
        finished = outcome === 'done'
        assert.equal(scrubOwed(dataDir), !finished)
        if (finished) assert.deepEqual(filesHolding(dir, SECRET), [], `${leave} bytes free`)
      }
      assert.ok(finished, `room for four times the database (${size} bytes) is enough`)
    } finally {
      unmountSmallDisk(disk)
    }
  })

  it('finishes or undoes a scrub a crash interrupted, at each step of putting the copy in place', async () => {
    const states = {
      // the copy half made: it goes, the folder is scrubbed anew
      'copy being made': (dir: string) => cpSync(dir, `${dir}.scrubbing`, { recursive: true }),
      // the original moved aside, the copy not yet in its place: the original comes back
      'original moved aside': (dir: string) => {
        cpSync(dir, `${dir}.scrubbing`, { recursive: true })
        renameSync(dir, `${dir}.replaced`)
      },
      // the copy in place, the original not yet deleted: the original goes
      'copy in place': (dir: string) => cpSync(dir, `${dir}.replaced`, { recursive: true }),
    }
    for (const [state, crash] of Object.entries(states)) {
      const dataDir = tempDir('level-scrub-crash-')
      const dir = await databaseAfterRemoval(dataDir, 'enroll-register')
      const before = await liveDocuments(dir)
      await noteScrubOwed(dataDir, ['register'])
      crash(dir)
      assert.equal(await scrubIfOwed(dataDir), 1, state)
      assert.deepEqual(readdirSync(join(siteDir(dataDir), 'db')), ['enroll-register'], state)
      assert.deepEqual(filesHolding(join(siteDir(dataDir), 'db'), SECRET), [], state)
      assert.deepEqual(await liveDocuments(dir), before, state)
    }
  })

  it('keeps the note and the data when a database cannot be scrubbed, and the next try finishes', async () => {
    const dataDir = tempDir('level-scrub-open-')
    const dir = await databaseAfterRemoval(dataDir, 'enroll-register')
    await noteScrubOwed(dataDir, ['register'])
    // still open (another process, or this one): leveldb's lock refuses the scrub
    const open = new PouchDB(dir)
    await open.info()
    try {
      await assert.rejects(scrubIfOwed(dataDir))
      assert.equal(scrubOwed(dataDir), true, 'still owed')
      assert.equal((await open.get('person:123') as unknown as { name: string }).name, 'Kept 123')
    } finally {
      await open.close()
    }
    assert.ok(filesHolding(dir, SECRET).length > 0)
    assert.equal(await scrubIfOwed(dataDir), 1)
    assert.deepEqual(filesHolding(dir, SECRET), [])
    assert.equal((await liveDocuments(dir)).count, 201)
  })
})
