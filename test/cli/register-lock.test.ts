import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Person } from '../../common/model/person'
import { enroll, enrollAsync, startServe } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

test('one writer per register: a CLI write is refused while enroll serve holds it; reads still work; nothing is lost', async () => {
  const data = tempDir()
  assert.equal(enroll(data, 'person', 'add', '--name', 'Before', '--code', 'E1', '--type', 'employee').status, 0)
  const server = await startServe(data, '--no-sync')
  try {
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }
    const added = await fetch(`${server.origin}/api/person.add`, { method: 'POST', headers, body: JSON.stringify({ name: 'Served', code: 'E2', type: 'employee' }) })
    assert.equal(added.status, 200)

    const write = await enrollAsync(data, 'group', 'add', '--name', 'Clash')
    assert.equal(write.status, 1)
    assert.match(write.stderr, /in use by enroll serve \(process \d+/)

    const read = await enrollAsync(data, 'person', 'list', '--json')
    assert.equal(read.status, 0, read.stderr)
    assert.deepEqual(read.json<Person[]>().map((p) => p.code).sort(), ['E1', 'E2'], 'a read sees what the server wrote, without touching it')

    const more = await fetch(`${server.origin}/api/person.add`, { method: 'POST', headers, body: JSON.stringify({ name: 'After read', code: 'E3', type: 'employee' }) })
    assert.equal(more.status, 200)
  } finally {
    await server.stop()
  }
  const after = enroll(data, 'person', 'list', '--json')
  assert.equal(after.status, 0, after.stderr)
  assert.deepEqual(after.json<Person[]>().map((p) => p.code).sort(), ['E1', 'E2', 'E3'], 'everything the server acknowledged is there after it stopped')
  assert.equal(enroll(data, 'group', 'add', '--name', 'Now free').status, 0, 'the lock is released on exit')
})
