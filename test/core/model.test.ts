import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PersonInputSchema, PersonPatchSchema } from '../../common/model/person'
import { GroupInputSchema } from '../../common/model/group'
import { parseOrThrow } from '../../common/errors/core-error'
import { isValidChineseIdNumber } from '../../common/model/id-card'

const valid = { name: '王小明', phone: '+8613800138000' }

const badFields: Array<[string, Record<string, unknown>, RegExp]> = [
  ['name', { name: '' }, /is required/],
  ['name', { name: 'x'.repeat(65) }, /at most 64/],
  ['code', { code: 'has space' }, /letters, digits/],
  ['type', { type: 'contractor' }, /./],
  ['gender', { gender: 'x' }, /./],
  ['phone', { phone: 'call me' }, /digits/],
  ['email', { email: 'not-an-email' }, /e-mail/],
  ['certificate.number', { certificate: { type: 'id_card', number: '110105194912310021' } }, /check digit/],
  ['certificate.type', { certificate: { type: 'licence', number: 'X' } }, /./],
  ['validUntil', { validUntil: 'tomorrow' }, /ISO 8601/],
  ['groups', { groups: 'lobby' }, /./],
  ['enabled', { enabled: 'yes' }, /./],
  ['note', { note: 'x'.repeat(1001) }, /at most 1000/],
  ['(input)', { nickname: 'Bob' }, /unknown field.*nickname/],
]

for (const [field, override, message] of badFields) {
  test(`a bad ${field} is refused with an error naming it`, () => {
    assert.throws(
      () => parseOrThrow(PersonInputSchema, { ...valid, ...override }),
      (error: Error & { field?: string }) => {
        assert.equal(error.field, field)
        assert.match(error.message, new RegExp(`^${field.replace(/[().]/g, '\\$&')}: `))
        assert.match(error.message, message)
        return true
      },
    )
  })
}

test('a valid person parses with defaults: visitor, gender unknown', () => {
  const parsed = parseOrThrow(PersonInputSchema, valid)
  assert.equal(parsed.type, 'visitor')
  assert.equal(parsed.gender, 'unknown')
})

test('dates with an offset are stored in UTC so they compare as strings', () => {
  const parsed = parseOrThrow(PersonInputSchema, { ...valid, validUntil: '2026-11-23T18:00:00+08:00' })
  assert.equal(parsed.validUntil, '2026-11-23T10:00:00.000Z')
})

test('a patch names its bad field too, and unknown fields are refused', () => {
  assert.throws(() => parseOrThrow(PersonPatchSchema, { email: 'x' }), /^CoreError: email: /)
  assert.throws(() => parseOrThrow(PersonPatchSchema, { id: 'other' }), /unknown field/)
  assert.throws(() => parseOrThrow(GroupInputSchema, { name: '  ' }), /^CoreError: name: is required/)
})

test('ID card check digits follow GB 11643 (ISO 7064 MOD 11-2)', () => {
  assert.equal(isValidChineseIdNumber('11010519491231002X'), true)
  assert.equal(isValidChineseIdNumber('11010519491231002x'), true)
  assert.equal(isValidChineseIdNumber('110105194912310021'), false)
  assert.equal(isValidChineseIdNumber('1101051949123100'), false)
})
