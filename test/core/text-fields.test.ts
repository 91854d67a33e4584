/**
 * Control characters in a person's or a group's text: refused with the field named, in every
 * text field of the core's schema, and nothing stored. A note keeps its line breaks.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openStation } from '../../main/core/station'
import { isCoreError } from '../../common/errors/core-error'
import { tempDir } from '../helpers/temp'

const HOSTILE: Array<[string, string]> = [
  ['NUL', 'Ann\u0000Lee'],
  ['an ANSI escape', 'Ann\u001b[2J\u001b[31mLee'],
  ['a bidi override', 'Ann \u202egpj.exe'],
  ['a bidi isolate', 'Ann \u2066Lee\u2069'],
  ['a lone surrogate', 'Ann \ud800Lee'],
  ['a C1 control', 'Ann\u009bLee'],
  ['DEL', 'Ann\u007fLee'],
  ['a leading tab before a formula', '\t=HYPERLINK("http://evil.example","Ann")'],
  ['a leading CR before a formula', '\r=1+1'],
]

async function refusal(action: () => Promise<unknown>): Promise<{ field?: string; message: string }> {
  try {
    await action()
  } catch (error) {
    assert.ok(isCoreError(error), String(error))
    return { field: error.field, message: error.message }
  }
  assert.fail('accepted')
}

test('every text field of a person refuses control characters, naming the field; nothing is stored', async () => {
  const s = await openStation({ dataDir: tempDir() })
  await s.groups.add({ id: 'lobby', name: 'Lobby' }, 'admin')
  const fields = ['name', 'company', 'department', 'position', 'reason', 'note'] as const
  for (const [what, text] of HOSTILE) {
    for (const field of fields) {
      // a note may hold line breaks and tabs; the rest of the list is refused there too
      if (field === 'note' && /^[\t\r]/.test(text)) continue
      const input = { name: 'Plain Name', type: 'blacklist' as const, reason: 'seen', [field]: text }
      const refused = await refusal(() => s.persons.add(input, 'admin'))
      assert.equal(refused.field, field, `${what} in ${field}`)
      assert.match(refused.message, new RegExp(`^${field}: contains an invisible control character \\(U\\+[0-9A-F]{4}\\); remove it$`))
    }
    const cert = await refusal(() => s.persons.add({ name: 'Plain', certificate: { type: 'passport', number: `E1${text}` } }, 'admin'))
    assert.equal(cert.field, 'certificate.number', what)
  }
  assert.equal(s.persons.counts().total + s.persons.counts().deleted, 0, 'nothing was stored')

  const person = await s.persons.add({ name: 'Ann Lee', note: 'first line\nsecond line\twith a tab' }, 'admin')
  assert.equal(person.note, 'first line\nsecond line\twith a tab', 'a note keeps its lines')
  const edit = await refusal(() => s.persons.edit(person.id, { name: 'Ann\u001b]0;owned\u0007' }, person.version, 'admin'))
  assert.equal(edit.field, 'name')
  assert.equal(s.persons.get(person.id)!.name, 'Ann Lee')
  await s.close()
})

test('group names and descriptions refuse them too', async () => {
  const s = await openStation({ dataDir: tempDir() })
  assert.equal((await refusal(() => s.groups.add({ name: 'Lobby\u202e' }, 'admin'))).field, 'name')
  assert.equal((await refusal(() => s.groups.add({ name: 'Lobby', description: 'x\u0000' }, 'admin'))).field, 'description')
  const group = await s.groups.add({ name: 'Lobby', description: 'two\nlines' }, 'admin')
  assert.equal((await refusal(() => s.groups.edit(group.id, { name: '\u001b[2JLobby' }, 'admin'))).field, 'name')
  assert.equal(s.groups.list().length, 1)
  await s.close()
})
