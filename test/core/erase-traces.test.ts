/**
 * Store.eraseTraces while a compaction is already running (the background one a busy register
 * starts by itself): that compaction took its shards and rotated its journal before the records
 * were erased, so the rewrite must not count it as one of its own. A file system that holds one
 * shard write of the running compaction until the erasure has been asked for makes the timing
 * exact.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { Store } from '../../main/core/store/store'
import { nodeStoreFs, type StoreFs } from '../../main/core/store/store-fs'
import { tempDir } from '../helpers/temp'
import { filesHolding } from '../helpers/files-holding'

/** The node file system, except that after hold() the next rename of a persons shard waits for release(). */
function holdingFs(): { fs: StoreFs; hold(): Promise<void>; release(): void } {
  let reached: (() => void) | null = null
  let gate: Promise<void> | null = null
  let open: (() => void) | null = null
  const fs: StoreFs = {
    ...nodeStoreFs,
    rename: async (from, to) => {
      if (gate && /persons/.test(to)) {
        const waiting = gate
        gate = null
        reached?.()
        await waiting
      }
      return nodeStoreFs.rename(from, to)
    },
  }
  return {
    fs,
    hold: () => {
      gate = new Promise((resolve) => (open = resolve))
      return new Promise((resolve) => (reached = resolve))
    },
    release: () => open?.(),
  }
}

test('records erased while a compaction runs leave no trace once eraseTraces resolves', async () => {
  const dataDir = tempDir()
  const held = holdingFs()
  const store = await Store.open(dataDir, { recordCheck: null, fs: held.fs, compactAfterBytes: 1 << 30 })
  try {
    await store.transact((tx) => {
      tx.put('persons', 'keeper', { id: 'keeper', name: 'Kept Person' })
      tx.put('persons', 'gone', { id: 'gone', name: 'Erased Person', phone: '+8613900001111' })
    })
    // a compaction starts and is held inside its shard writes, its journal already rotated
    const reached = held.hold()
    const running = store.compact()
    await reached
    // the record is edited and erased after that compaction took its shards
    await store.transact((tx) => tx.put('persons', 'gone', { id: 'gone', name: 'Erased Person', phone: '+8613900002222' }))
    await store.transact((tx) => tx.delete('persons', 'gone'))
    const erasing = store.eraseTraces([{ collection: 'persons', id: 'gone' }])
    await new Promise((resolve) => setImmediate(resolve))
    held.release()
    await running
    await erasing
    for (const secret of ['Erased Person', '+8613900001111', '+8613900002222']) {
      assert.deepEqual(filesHolding(dataDir, secret), [], `${secret} is in no file once eraseTraces resolved`)
    }
    assert.ok(filesHolding(dataDir, 'Kept Person').length > 0)
  } finally {
    held.release()
    await store.close()
  }
})
