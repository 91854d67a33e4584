import assert from 'node:assert/strict'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { DescriptorFile, entryAt, RECORD_SIZE, type DescriptorEntry, type DescriptorSnapshot } from '../../main/core/face/descriptor-file'
import { DESCRIPTOR_LENGTH } from '../../main/core/face/face-index'
import { DESCRIPTOR_FILE, FaceStore } from '../../main/core/face/face-store'

const HEADER_SIZE = 16
const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'face-descriptors-'))
  dirs.push(dir)
  return dir
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** The snapshot as a map, for comparing. */
function entriesOf(snapshot: DescriptorSnapshot): Map<string, DescriptorEntry> {
  return new Map(snapshot.keys.map((key, i) => [key, entryAt(snapshot, i)]))
}

function entry(key: string, seed: number, extra: Partial<DescriptorEntry> = {}): DescriptorEntry {
  const descriptor = new Float32Array(DESCRIPTOR_LENGTH).map((_, i) => Math.sin(seed * 31 + i) / 10)
  return { key, descriptor, blacklist: false, photoHash: null, ...extra }
}

describe('DescriptorFile', () => {
  it('reloads what was appended, tombstones included', async () => {
    const path = join(tempDir(), 'faces', 'descriptors.bin')
    const hash = 'ab'.repeat(32)
    const { file } = await DescriptorFile.open(path)
    await file.append([entry('p1', 1), entry('p2', 2, { blacklist: true, photoHash: hash }), entry('人员-3', 3)])
    await file.appendRemovals(['p1'])
    await file.append([entry('p2', 22, { blacklist: true, photoHash: hash })])
    await file.close()
    assert.equal(statSync(path).size, HEADER_SIZE + 5 * RECORD_SIZE)

    const { file: again, snapshot, stats } = await DescriptorFile.open(path)
    await again.close()
    const entries = entriesOf(snapshot)
    assert.deepEqual([...entries.keys()].sort(), ['p2', '人员-3'])
    const p2 = entries.get('p2')!
    assert.equal(p2.blacklist, true)
    assert.equal(p2.photoHash, hash)
    assert.deepEqual([...p2.descriptor], [...entry('p2', 22).descriptor])
    assert.deepEqual(stats, { records: 5, live: 2, corrupt: 0, tornBytes: 0 })
  })

  it('survives a torn tail: keeps every whole record, cuts the partial one, appends after it', async () => {
    const path = join(tempDir(), 'descriptors.bin')
    const { file } = await DescriptorFile.open(path)
    await file.append([entry('p1', 1), entry('p2', 2)])
    await file.close()
    // A crash in the middle of the third record's write.
    const third = Buffer.alloc(RECORD_SIZE, 0x5a)
    appendFileSync(path, third.subarray(0, 200))

    const reopened = await DescriptorFile.open(path)
    assert.deepEqual(reopened.snapshot.keys, ['p1', 'p2'])
    assert.equal(reopened.stats.tornBytes, 200)
    assert.equal(statSync(path).size, HEADER_SIZE + 2 * RECORD_SIZE)
    await reopened.file.append([entry('p3', 3)])
    await reopened.file.close()

    const last = await DescriptorFile.open(path)
    await last.file.close()
    assert.deepEqual(last.snapshot.keys, ['p1', 'p2', 'p3'])
    assert.equal(last.stats.corrupt, 0)
  })

  it('skips a damaged record in the middle and still loads the ones after it', async () => {
    const path = join(tempDir(), 'descriptors.bin')
    const { file } = await DescriptorFile.open(path)
    await file.append([entry('p1', 1), entry('p2', 2), entry('p3', 3)])
    await file.close()
    const bytes = readFileSync(path)
    bytes[HEADER_SIZE + RECORD_SIZE + 200] ^= 0xff // flip bits inside p2's vector
    writeFileSync(path, bytes)
    const { file: again, snapshot, stats } = await DescriptorFile.open(path)
    await again.close()
    assert.deepEqual(snapshot.keys, ['p1', 'p3'])
    assert.deepEqual([...entryAt(snapshot, 1).descriptor], [...entry('p3', 3).descriptor])
    assert.equal(stats.corrupt, 1)
  })

  it('starts over when the crash happened while writing the header', async () => {
    const path = join(tempDir(), 'descriptors.bin')
    writeFileSync(path, Buffer.from('ENRF'))
    const { file, snapshot } = await DescriptorFile.open(path)
    assert.equal(snapshot.keys.length, 0)
    await file.append([entry('p1', 1)])
    await file.close()
    assert.equal(statSync(path).size, HEADER_SIZE + RECORD_SIZE)
  })

  it('refuses a file that is something else', async () => {
    const path = join(tempDir(), 'descriptors.bin')
    writeFileSync(path, Buffer.alloc(100, 1))
    await assert.rejects(DescriptorFile.open(path), /not a descriptor file/)
  })

  it('rejects keys that do not fit a record', async () => {
    const { file } = await DescriptorFile.open(join(tempDir(), 'descriptors.bin'))
    await assert.rejects(async () => file.append([entry('x'.repeat(65), 1)]), /1–64 UTF-8 bytes/)
    await file.close()
  })
})

describe('FaceStore', () => {
  it('keeps the index and the file in step across reopen, and compacts', async () => {
    const dataDir = tempDir()
    const store = await FaceStore.open(dataDir)
    const hash = 'cd'.repeat(32)
    await store.putMany([entry('p1', 1, { photoHash: hash }), entry('p2', 2), entry('p3', 3)])
    await store.remove('p2')
    await store.setBlacklist('p3', true)
    assert.equal(store.size, 2)
    assert.equal(store.search(entry('p3', 3).descriptor)[0].blacklist, true)
    await store.close()

    const path = join(dataDir, DESCRIPTOR_FILE)
    assert.equal(statSync(path).size, HEADER_SIZE + 5 * RECORD_SIZE)
    const reopened = await FaceStore.open(dataDir)
    assert.deepEqual(reopened.search(entry('p3', 3).descriptor, { limit: 1 }).map((m) => [m.key, m.blacklist]), [['p3', true]])
    assert.equal(reopened.has('p2'), false)
    assert.equal(reopened.photoHash('p1'), hash)
    assert.equal(reopened.photoHash('p3'), null)
    await reopened.remove('p1')
    assert.equal(reopened.photoHash('p1'), null)
    await reopened.put(entry('p1', 1, { photoHash: hash }))
    await reopened.compact()
    await reopened.close()
    assert.equal(statSync(path).size, HEADER_SIZE + 2 * RECORD_SIZE)
    const compacted = await FaceStore.open(dataDir)
    assert.equal(compacted.size, 2)
    assert.equal(compacted.index.isBlacklisted('p3'), true)
    await compacted.close()
  })

  it('rewrites a file with damaged records on open', async () => {
    const dataDir = tempDir()
    const store = await FaceStore.open(dataDir)
    await store.putMany([entry('p1', 1), entry('p2', 2)])
    await store.close()
    const path = join(dataDir, DESCRIPTOR_FILE)
    const bytes = readFileSync(path)
    bytes[HEADER_SIZE + 10] ^= 0xff
    writeFileSync(path, bytes)
    const reopened = await FaceStore.open(dataDir)
    assert.equal(reopened.loadStats.corrupt, 1)
    assert.deepEqual([...reopened.index.entries()].map((e) => e.key), ['p2'])
    await reopened.close()
    assert.equal(statSync(path).size, HEADER_SIZE + RECORD_SIZE)
    truncateSync(path, HEADER_SIZE + RECORD_SIZE - 1)
    const torn = await FaceStore.open(dataDir)
    assert.equal(torn.size, 0)
    await torn.close()
  })
})
