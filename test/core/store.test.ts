import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync, appendFileSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Store, type StoreOptions } from '../../main/core/store/store'
import { LATEST_SCHEMA_VERSION } from '../../main/core/store/migrations'
import { tempDir } from '../helpers/temp'

// These tests keep synthetic records ({ id, n }) in the persons collection: the store's own
// machinery is under test here, not the model's record shapes (store-recovery.test.ts checks those).
const open = (dir: string, options: StoreOptions = {}) => Store.open(dir, { recordCheck: null, ...options })

function journalWithContent(dir: string): string {
  const name = readdirSync(join(dir, 'register')).find((f) => f.startsWith('journal-') && statSync(join(dir, 'register', f)).size > 0)
  assert.ok(name, 'a journal holds the seeded changes')
  return join(dir, 'register', name)
}

async function seed(dir: string, count: number) {
  const store = await open(dir)
  for (let i = 0; i < count; i++) await store.transact((tx) => tx.put('persons', `p${i}`, { id: `p${i}`, n: i }))
  return store
}

test('committed transactions survive a reopen, with or without compaction', async () => {
  const dir = tempDir()
  const store = await seed(dir, 20)
  await store.transact((tx) => tx.delete('persons', 'p3'))
  await store.close({ compact: false })
  const reopened = await open(dir)
  assert.equal(reopened.count('persons'), 19)
  assert.equal(reopened.get('persons', 'p3'), undefined)
  assert.deepEqual(reopened.get('persons', 'p7'), { id: 'p7', n: 7 })
  await reopened.close()
  const compacted = await open(dir)
  assert.equal(compacted.count('persons'), 19)
  assert.deepEqual(compacted.warnings, [])
  await compacted.close()
})

test('a transaction that throws changes nothing', async () => {
  const dir = tempDir()
  const store = await seed(dir, 1)
  await assert.rejects(
    store.transact((tx) => {
      tx.put('persons', 'p0', { id: 'p0', n: 99 })
      throw new Error('refused')
    }),
    /refused/,
  )
  assert.deepEqual(store.get('persons', 'p0'), { id: 'p0', n: 0 })
  await store.close()
})

test('background compaction keeps every record and trims old journals', async () => {
  const dir = tempDir()
  const store = await open(dir, { compactAfterBytes: 2_000 })
  for (let i = 0; i < 300; i++) await store.transact((tx) => tx.put('persons', `p${i % 50}`, { id: `p${i % 50}`, round: Math.floor(i / 50) }))
  await store.compact()
  const journals = readdirSync(join(dir, 'register')).filter((f) => f.startsWith('journal-'))
  assert.ok(journals.length <= 2, `old journals are removed (found ${journals.join(', ')})`)
  await store.close()
  const reopened = await open(dir)
  assert.equal(reopened.count('persons'), 50)
  for (let i = 0; i < 50; i++) assert.deepEqual(reopened.get('persons', `p${i}`), { id: `p${i}`, round: 5 })
  await reopened.close()
})

test('a torn last journal line (an append that was never acknowledged) is dropped quietly', async () => {
  const dir = tempDir()
  const store = await seed(dir, 5)
  await store.close({ compact: false })
  appendFileSync(journalWithContent(dir), '0badc0de\t{"seq":99,"ops":[["put","persons","px"')
  const reopened = await open(dir)
  assert.equal(reopened.count('persons'), 5)
  await reopened.transact((tx) => tx.put('persons', 'after', { id: 'after' }))
  await reopened.close({ compact: false })
  const again = await open(dir)
  assert.equal(again.count('persons'), 6, 'appends after the cut start on a clean line')
  await again.close()
})

test('a damaged snapshot shard is kept aside and rebuilt from its last good copy plus the journal', async () => {
  const dir = tempDir()
  const store = await seed(dir, 40)
  await store.compact()
  for (let i = 0; i < 40; i++) await store.transact((tx) => tx.put('persons', `p${i}`, { id: `p${i}`, n: i, edited: true }))
  await store.compact()
  for (let i = 40; i < 45; i++) await store.transact((tx) => tx.put('persons', `p${i}`, { id: `p${i}`, n: i }))
  await store.close({ compact: false })

  const shardDir = join(dir, 'register', 'persons')
  const victim = readdirSync(shardDir).find((f) => f.endsWith('.json'))!
  const text = readFileSync(join(shardDir, victim), 'utf8')
  writeFileSync(join(shardDir, victim), text.slice(0, Math.floor(text.length / 2)))

  const warnings: string[] = []
  const reopened = await open(dir, { onWarning: (m) => warnings.push(m) })
  assert.equal(reopened.count('persons'), 45)
  for (let i = 0; i < 40; i++) assert.deepEqual(reopened.get('persons', `p${i}`), { id: `p${i}`, n: i, edited: true })
  assert.equal(warnings.length, 1)
  assert.match(warnings[0], /damaged.*kept at .*last good copy was loaded/)
  assert.ok(readdirSync(join(dir, 'register', 'damaged')).length === 1, 'the damaged file is kept for inspection')
  await reopened.close()
})

test('a damaged shard without a good copy stops the start with a clear message, never an empty register', async () => {
  const dir = tempDir()
  const store = await seed(dir, 3)
  await store.close()
  const shardDir = join(dir, 'register', 'persons')
  for (const file of readdirSync(shardDir)) writeFileSync(join(shardDir, file), '{"records": {"p0": ')
  await assert.rejects(open(dir), /damaged .* no good copy .* Nothing was changed/)
})

test('a damaged journal line followed by good ones is reported, skipped, the good ones after it kept, and the file kept', async () => {
  const dir = tempDir()
  const store = await seed(dir, 6)
  await store.close({ compact: false })
  const path = journalWithContent(dir)
  const lines = readFileSync(path, 'utf8').split('\n')
  lines[2] = lines[2].replace('"n":2', '"n":7') // checksum no longer matches
  writeFileSync(path, lines.join('\n'))
  const warnings: string[] = []
  const reopened = await open(dir, { onWarning: (m) => warnings.push(m) })
  assert.equal(reopened.count('persons'), 5, 'every good change is loaded, before and after the damaged line')
  assert.equal(reopened.get('persons', 'p2'), undefined, 'the damaged change is skipped')
  assert.deepEqual(reopened.get('persons', 'p5'), { id: 'p5', n: 5 })
  assert.match(warnings.join('\n'), /journal .* damaged at line 3/)
  assert.ok(existsSync(join(dir, 'register', 'damaged')))
  await reopened.transact((tx) => tx.put('persons', 'p6', { id: 'p6', n: 6 }))
  await reopened.close({ compact: false })
  const again = await open(dir, { onWarning: (m) => warnings.push(m) })
  assert.equal(again.count('persons'), 6, 'the good changes after the damage stay after the next open too')
  assert.equal(warnings.length, 1, 'the damage is reported once')
  await again.close()
})

test('a register written by a newer version is refused untouched', async () => {
  const dir = tempDir()
  const store = await seed(dir, 1)
  await store.close()
  const metaPath = join(dir, 'register', 'meta.json')
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'))
  writeFileSync(metaPath, JSON.stringify({ ...meta, schemaVersion: LATEST_SCHEMA_VERSION + 1 }))
  await assert.rejects(open(dir), /newer version/)
  assert.equal(JSON.parse(readFileSync(metaPath, 'utf8')).schemaVersion, LATEST_SCHEMA_VERSION + 1)
})

test('audit entries are kept across compaction and read back per entity', async () => {
  const dir = tempDir()
  const store = await open(dir)
  for (let i = 0; i < 3; i++) {
    await store.transact((tx) => {
      tx.put('persons', 'a', { id: 'a', v: i })
      tx.audit({ entity: 'person', entityId: 'a', action: `edit-${i}`, actor: 'tester' })
    })
  }
  await store.compact()
  await store.transact((tx) => tx.audit({ entity: 'person', entityId: 'a', action: 'edit-3', actor: 'tester' }))
  assert.deepEqual((await store.history('person', 'a')).map((e) => e.action), ['edit-0', 'edit-1', 'edit-2', 'edit-3'])
  await store.close()
  const reopened = await open(dir)
  assert.deepEqual((await reopened.history('person', 'a')).map((e) => e.action), ['edit-0', 'edit-1', 'edit-2', 'edit-3'])
  await reopened.close()
})
