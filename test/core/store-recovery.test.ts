import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openStation, type Station } from '../../main/core/station'
import { Store } from '../../main/core/store/store'
import { shardOf } from '../../main/core/store/collections'
import { isCoreError } from '../../common/errors/core-error'
import { tempDir } from '../helpers/temp'
import { enroll } from '../helpers/cli'

const ACTOR = 'recovery-test'
const PERSONS = 80

/**
 * A register whose persons shards each have a .bak (last good copy) and a kept journal of what
 * changed since, and whose active journal is empty: what a station looks like after two
 * sessions, each closed normally.
 */
async function twoSessionRegister(): Promise<{ dataDir: string; names: Map<string, string> }> {
  const dataDir = tempDir()
  let station = await openStation({ dataDir })
  for (let i = 0; i < PERSONS; i++) await station.persons.add({ code: `E${i}`, name: `Person ${i}`, type: 'employee' }, ACTOR)
  await station.close()
  station = await openStation({ dataDir })
  for (let i = 0; i < PERSONS; i++) {
    const person = station.persons.require(`E${i}`)
    await station.persons.edit(person.id, { name: `Person ${i} (second session)` }, person.version, ACTOR)
  }
  const names = new Map(station.persons.list({ limit: 1000 }).items.map((p) => [p.code, p.name]))
  await station.close()
  return { dataDir, names }
}

function assertAllThere(station: Station, names: Map<string, string>, when: string): void {
  const found = new Map(station.persons.list({ limit: 1000 }).items.map((p) => [p.code, p.name]))
  assert.equal(found.size, names.size, `${when}: every person is there (${found.size} of ${names.size})`)
  assert.deepEqual(found, names, `${when}: with their last acknowledged names`)
}

/** The persons shard holding the most persons, as a file path. */
function busiestShard(dataDir: string): string {
  const dir = join(dataDir, 'register', 'persons')
  const files = readdirSync(dir).filter((f) => /^\d+\.json$/.test(f))
  const sizes = files.map((f) => [f, Object.keys(JSON.parse(readFileSync(join(dir, f), 'utf8')).records).length] as const)
  return join(dir, sizes.sort((a, b) => b[1] - a[1])[0][0])
}

test('a damaged shard rebuilt from .bak + journal is written back at once: an open and close with no edit keeps it', async () => {
  const { dataDir, names } = await twoSessionRegister()
  const shard = busiestShard(dataDir)
  const text = readFileSync(shard, 'utf8')
  writeFileSync(shard, text.slice(0, Math.floor(text.length / 2)))

  const warnings: string[] = []
  const first = await openStation({ dataDir, onWarning: (m) => warnings.push(m) })
  assertAllThere(first, names, 'the open that finds the damage')
  assert.equal(warnings.length, 1)
  assert.match(warnings[0], /was damaged/)
  assert.ok(existsSync(shard), 'the rebuilt shard is on disk before anything else happens')
  await first.close()

  const again: string[] = []
  const second = await openStation({ dataDir, onWarning: (m) => again.push(m) })
  assertAllThere(second, names, 'the next open')
  assert.deepEqual(again, [], 'nothing left to recover')
  await second.close()
})

test('a command that only reads (enroll person list) rebuilds a damaged shard for good', async () => {
  const { dataDir, names } = await twoSessionRegister()
  const shard = busiestShard(dataDir)
  writeFileSync(shard, readFileSync(shard, 'utf8').slice(0, 40))
  const listed = enroll(dataDir, 'person', 'list', '--json')
  assert.equal(listed.status, 0, listed.stderr)
  assert.match(listed.stderr, /was damaged/)
  const warnings: string[] = []
  const station = await openStation({ dataDir, onWarning: (m) => warnings.push(m) })
  assertAllThere(station, names, 'after the command')
  assert.deepEqual(warnings, [])
  await station.close()
})

test('a read-only view leaves a damaged shard where it is; the next writer rebuilds it', async () => {
  const { dataDir, names } = await twoSessionRegister()
  const shard = busiestShard(dataDir)
  writeFileSync(shard, '{"records": {')

  const view = await openStation({ dataDir, readOnly: true, onWarning: () => {} })
  assertAllThere(view, names, 'the read-only view')
  await view.close()
  assert.equal(readFileSync(shard, 'utf8'), '{"records": {', 'a read-only view writes nothing')

  const writer = await openStation({ dataDir, onWarning: () => {} })
  await writer.close()
  const warnings: string[] = []
  const next = await openStation({ dataDir, onWarning: (m) => warnings.push(m) })
  assertAllThere(next, names, 'after the writer rebuilt it')
  assert.deepEqual(warnings, [])
  await next.close()
})

test('a shard file gone missing beside its .bak is rebuilt too, not silently dropped', async () => {
  const { dataDir, names } = await twoSessionRegister()
  const shard = busiestShard(dataDir)
  const { unlinkSync } = await import('node:fs')
  unlinkSync(shard)
  const warnings: string[] = []
  const station = await openStation({ dataDir, onWarning: (m) => warnings.push(m) })
  assertAllThere(station, names, 'after the shard went missing')
  assert.match(warnings.join('\n'), /persons\/\d+\.json was missing/)
  await station.close()
})

test('a snapshot that is valid JSON with a damaged record (a key renamed) is treated as damaged, naming the file', async () => {
  const { dataDir, names } = await twoSessionRegister()
  const shard = busiestShard(dataDir)
  const data = JSON.parse(readFileSync(shard, 'utf8'))
  const [victim] = Object.keys(data.records)
  const { name, ...rest } = data.records[victim]
  data.records[victim] = { ...rest, nmae: name }
  writeFileSync(shard, JSON.stringify(data))

  const warnings: string[] = []
  const station = await openStation({ dataDir, onWarning: (m) => warnings.push(m) })
  assertAllThere(station, names, 'after the damaged record')
  const file = `persons/${shard.split('/').pop()}`
  assert.equal(warnings.length, 1)
  assert.ok(warnings[0].includes(file), `the warning names ${file}: ${warnings[0]}`)
  assert.match(warnings[0], new RegExp(`record "${victim}" has no field "name"`))
  assert.equal(station.groups.list().length, 0, 'listing works (no "Cannot read properties of undefined")')
  await station.close()
})

test('a damaged record without a good copy stops the open with the file named, never a half register', async () => {
  const dataDir = tempDir()
  const station = await openStation({ dataDir })
  await station.persons.add({ code: 'E1', name: 'Only', type: 'employee' }, ACTOR)
  await station.close()
  const dir = join(dataDir, 'register', 'persons')
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.json'))
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  for (const record of Object.values<Record<string, unknown>>(data.records)) delete record.groups
  writeFileSync(join(dir, file), JSON.stringify(data))
  await assert.rejects(openStation({ dataDir }), (error: Error) => {
    assert.ok(isCoreError(error) && error.code === 'storage')
    assert.ok(error.message.includes(`persons/${file}`), error.message)
    assert.match(error.message, /has no field "groups"/)
    return true
  })
})

test('group ids __proto__, constructor and prototype are refused naming the field; generated ids avoid them', async () => {
  const dataDir = tempDir()
  const station = await openStation({ dataDir })
  for (const id of ['__proto__', 'constructor', 'prototype']) {
    await assert.rejects(station.groups.add({ id, name: `Group ${id}` }, ACTOR), (error: Error) => {
      assert.ok(isCoreError(error) && error.code === 'invalid' && error.field === 'id', `${id}: ${error.message}`)
      assert.match(error.message, /^id: is a reserved word/)
      return true
    })
  }
  const generated = await station.groups.add({ name: 'Constructor' }, ACTOR)
  assert.equal(generated.id, 'constructor-1')
  await station.close()
  const reopened = await openStation({ dataDir })
  assert.deepEqual(reopened.groups.list().map((g) => g.id), ['constructor-1'])
  await reopened.close()
})

test('a record keyed "__proto__" is kept like any other through compaction and a reopen', async () => {
  const dataDir = tempDir()
  const store = await Store.open(dataDir, { recordCheck: null })
  for (const id of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) await store.transact((tx) => tx.put('settings', id, { id }))
  await store.close()
  const reopened = await Store.open(dataDir, { recordCheck: null })
  for (const id of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) assert.deepEqual(reopened.get('settings', id), { id }, id)
  assert.equal(reopened.count('settings'), 4)
  assert.equal(shardOf('__proto__', 1), 0)
  await reopened.close()
})

test('personal data is private: data, register, photos and audit folders 0700 (existing ones tightened), files 0600', { skip: process.platform === 'win32' && 'POSIX modes' }, async () => {
  const dataDir = tempDir()
  for (const folder of ['register', 'photos', 'audit']) mkdirSync(join(dataDir, folder), { mode: 0o755 })
  chmodSync(dataDir, 0o755)
  for (const folder of ['register', 'photos', 'audit']) chmodSync(join(dataDir, folder), 0o755)
  const station = await openStation({ dataDir })
  await station.persons.add({ code: 'E1', name: 'Private', type: 'employee' }, ACTOR)
  await station.close()
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8)
  for (const folder of ['', 'register', 'photos', 'audit', 'register/persons']) assert.equal(mode(join(dataDir, folder)), '700', `${folder || 'the data folder'} is 0700`)
  const files = [
    join(dataDir, 'register', 'meta.json'),
    ...readdirSync(join(dataDir, 'register')).filter((f) => f.startsWith('journal-')).map((f) => join(dataDir, 'register', f)),
    ...readdirSync(join(dataDir, 'register', 'persons')).map((f) => join(dataDir, 'register', 'persons', f)),
    ...readdirSync(join(dataDir, 'audit')).map((f) => join(dataDir, 'audit', f)),
  ]
  assert.ok(files.length >= 4)
  for (const file of files) assert.equal(mode(file), '600', `${file} is 0600`)
})
