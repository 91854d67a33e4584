import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openStation, type Station } from '../../main/core/station'
import { tempDir } from '../helpers/temp'

async function station(): Promise<Station> {
  return openStation({ dataDir: tempDir() })
}

test('visitors get a generated code and validity until the end of today; employees must bring one', async () => {
  const s = await station()
  const visitor = await s.persons.add({ name: 'Ann', phone: '13800138000' }, 'desk')
  assert.match(visitor.code, /^V\d{6}[2-9A-Z]{4}$/)
  assert.equal(visitor.phone, '+8613800138000')
  assert.ok(visitor.validUntil && visitor.validUntil > new Date().toISOString())
  await assert.rejects(s.persons.add({ name: 'Bob', type: 'employee' }, 'desk'), /^CoreError: code: is required for employees/)
  await s.close()
})

test('codes are unique regardless of case, and a failed add stores nothing', async () => {
  const s = await station()
  await s.persons.add({ name: 'A', code: 'E100', type: 'employee' }, 'desk')
  await assert.rejects(s.persons.add({ name: 'B', code: 'e100', type: 'employee' }, 'desk'), (e: Error & { field?: string }) => e.field === 'code')
  await assert.rejects(s.persons.add({ name: 'C', groups: ['nope'] }, 'desk'), /groups: unknown group nope/)
  assert.equal(s.persons.list().total, 1)
  await s.close()
})

test('a stale edit is refused, not merged; a fresh one bumps the version and is audited', async () => {
  const s = await station()
  const p = await s.persons.add({ name: 'A', code: 'E1', type: 'employee' }, 'desk')
  const edited = await s.persons.edit(p.id, { department: 'Sales' }, 1, 'alice')
  assert.equal(edited.version, 2)
  await assert.rejects(s.persons.edit(p.id, { department: 'Ops' }, 1, 'bob'), (e: Error & { code?: string }) => e.code === 'stale' && /alice/.test(e.message))
  assert.equal(s.persons.get(p.id)!.department, 'Sales')
  const history = await s.persons.history(p.id)
  assert.deepEqual(history.map((h) => h.action), ['create', 'update'])
  assert.deepEqual(history[1].changes, { department: ['', 'Sales'] })
  assert.equal(history[1].actor, 'alice')
  await s.close()
})

test('blacklist entries need a reason; validUntil must follow validFrom', async () => {
  const s = await station()
  await assert.rejects(s.persons.add({ name: 'X', type: 'blacklist' }, 'guard'), /^CoreError: reason: /)
  await assert.rejects(
    s.persons.add({ name: 'V', validFrom: '2026-01-02T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' }, 'desk'),
    /^CoreError: validUntil: must be after validFrom/,
  )
  const entry = await s.persons.add({ name: 'X', type: 'blacklist', reason: 'theft, 2026-10-01' }, 'guard')
  assert.match(entry.code, /^B/)
  await s.close()
})

test('delete goes to the recycle bin, restore brings back, purge erases', async () => {
  const s = await station()
  const p = await s.persons.add({ name: 'Temp' }, 'desk')
  await s.persons.delete(p.id, 'desk')
  assert.equal(s.persons.list().total, 0)
  assert.equal(s.persons.list({ deleted: 'only' }).total, 1)
  await s.persons.restore(p.code, 'desk')
  assert.equal(s.persons.list().total, 1)
  await s.retention.erasePerson(p.id, 'desk')
  assert.equal(s.persons.get(p.id), undefined)
  assert.equal(s.persons.list({ deleted: 'include' }).total, 0)
  await s.close()
})

test('search by name, code and phone; filters by type and group; paging keeps the total', async () => {
  const s = await station()
  const lobby = await s.groups.add({ name: 'Lobby' }, 'admin')
  for (let i = 0; i < 30; i++) {
    await s.persons.add({ name: i % 2 ? `李${i}` : `Smith ${i}`, code: `E${i}`, type: i % 3 ? 'employee' : 'vip', phone: `+86138000000${String(i).padStart(2, '0')}`, groups: i < 5 ? [lobby.id] : [] }, 'admin')
  }
  assert.equal(s.persons.list({ text: 'smith' }).total, 15)
  assert.equal(s.persons.list({ text: '李1' }).total, 6) // 李1, 李11, 李13, 李15, 李17, 李19
  assert.equal(s.persons.list({ text: '13800000007' }).items[0].code, 'E7')
  assert.equal(s.persons.list({ type: 'vip' }).total, 10)
  assert.equal(s.persons.list({ group: lobby.id }).total, 5)
  const page = s.persons.list({ sort: 'code', offset: 10, limit: 5 })
  assert.equal(page.total, 30)
  assert.equal(page.items.length, 5)
  await s.close()
})

test('deleting a group in use is refused unless detached, which updates its members in one step', async () => {
  const s = await station()
  const g = await s.groups.add({ name: 'Server room' }, 'admin')
  const p = await s.persons.add({ name: 'Eve', code: 'E9', type: 'employee', groups: [g.id] }, 'admin')
  await assert.rejects(s.groups.delete(g.id, 'admin'), (e: Error & { code?: string }) => e.code === 'in_use' && /1 person/.test(e.message))
  const result = await s.groups.delete(g.id, 'admin', { detach: true })
  assert.equal(result.detached, 1)
  assert.deepEqual(s.persons.get(p.id)!.groups, [])
  assert.equal(s.persons.get(p.id)!.version, 2)
  assert.equal(s.groups.get(g.id), undefined)
  await assert.rejects(s.groups.add({ name: 'server ROOM ' }, 'admin').then(() => s.groups.add({ name: 'Server room' }, 'admin')), /name: a group named/)
  await s.close()
})

test('sorted pages stay right through adds, renames and deletes (kept in order, not re-sorted)', async () => {
  const s = await station()
  const names = ['Mia', 'Zoe', '王芳', 'Adam', 'Liam', '李娜', 'Emma', 'Noah']
  for (const [i, name] of names.entries()) await s.persons.add({ name, code: `E${i}`, type: 'employee' }, 'admin')
  const expected = () => {
    const collator = new Intl.Collator(['zh-CN', 'en'], { sensitivity: 'base', numeric: true })
    return s.persons.list({ deleted: 'include', limit: 100 }).items.length && [...s.store.values<{ name: string; deletedAt: string | null }>('persons')]
      .filter((p) => !p.deletedAt)
      .map((p) => p.name)
      .sort((a, b) => collator.compare(a, b))
  }
  assert.deepEqual(s.persons.list({ sort: 'name' }).items.map((p) => p.name), expected())
  await s.persons.edit('E1', { name: 'Aaron' }, 1, 'admin')
  await s.persons.add({ name: 'Bella', code: 'E99', type: 'employee' }, 'admin')
  await s.persons.delete('E4', 'admin')
  assert.deepEqual(s.persons.list({ sort: 'name' }).items.map((p) => p.name), expected())
  assert.deepEqual(s.persons.list({ sort: 'name', order: 'desc' }).items.map((p) => p.name), (expected() as string[]).reverse())
  await s.close()
})
