/**
 * A name must never rewrite an admin's terminal: the CLI refuses control characters on input,
 * and prints a register written before that rule with every such character escaped.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openStation } from '../../main/core/station'
import type { Person } from '../../common/model/person'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

// ESC, BEL, CR, NUL, a C1 CSI and the bidi override/isolates: none may reach a terminal raw
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

test('enroll person add refuses an ANSI escape in the name, naming the field, and echoes nothing raw', () => {
  const data = tempDir()
  const result = enroll(data, 'person', 'add', '--name', 'Eve\u001b[2J\u001b[31m', '--json')
  assert.equal(result.status, 2)
  assert.match(result.stderr, /"field": ?"name"/)
  assert.match(result.stderr, /contains an invisible control character \(U\+001B\)/)
  assert.doesNotMatch(result.stdout + result.stderr, RAW)
  const text = enroll(data, 'group', 'add', '--name', 'Lobby\u202e')
  assert.equal(text.status, 2)
  assert.match(text.stderr, /^enroll: name: contains an invisible control character \(U\+202E\)/)
  assert.equal(enroll(data, 'person', 'list', '--json').json<Person[]>().length, 0)
})

test('names stored before the rule are printed escaped by list, show and --json', async () => {
  const data = tempDir()
  const s = await openStation({ dataDir: data })
  const person = await s.persons.add({ name: 'Placeholder', code: 'E1', type: 'employee', note: 'line one\nline two' }, 'admin')
  const hostile = 'Eve\u001b]0;owned\u0007\u202egpj.exe\r\u0000'
  // written straight into the register, as an older version would have stored it
  await s.store.transact((tx) => tx.put('persons', person.id, { ...person, name: hostile, company: 'Acme\u001b[2J' }))
  await s.close()

  const list = enroll(data, 'person', 'list')
  assert.equal(list.status, 0, list.stderr)
  assert.doesNotMatch(list.stdout, RAW)
  assert.match(list.stdout, /Eve\\x1b\]0;owned\\x07\\u202egpj\.exe\\x0d\\x00/)

  const show = enroll(data, 'person', 'show', 'E1')
  assert.doesNotMatch(show.stdout, RAW)
  assert.match(show.stdout, /Acme\\x1b\[2J/)
  assert.match(show.stdout, /note +line one\nline two/, 'a note keeps its line break')

  const json = enroll(data, 'person', 'show', 'E1', '--json')
  assert.doesNotMatch(json.stdout, RAW)
  assert.equal(json.json<Person>().name, hostile, 'the JSON still carries the exact value')
})
