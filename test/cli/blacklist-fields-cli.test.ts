/**
 * `enroll person add` and `enroll import` say when a person's certificate number or phone is a
 * blacklist entry's (no photo involved), loudly, and only hint at a shared name.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CheckedPerson } from '../../common/persons/field-match'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

test('enroll person add and enroll import raise the blacklist alert by certificate number and phone, and hint at a shared name', () => {
  const data = tempDir()
  const entry = enroll(data, 'person', 'add', '--name', '王建国', '--type', 'blacklist', '--code', 'B0001', '--reason', 'Threatened the front desk', '--phone', '+86 139 1234 5678', '--cert-type', 'passport', '--cert-number', 'E12345678')
  assert.equal(entry.status, 0, entry.stderr)
  assert.doesNotMatch(entry.stderr, /BLACKLIST/, 'an entry is not matched against itself')

  const byPhone = enroll(data, 'person', 'add', '--name', 'Tom', '--phone', '13912345678')
  assert.equal(byPhone.status, 0, 'the alert warns; the visitor is saved, as with a face match')
  assert.match(byPhone.stderr, /^warning: BLACKLIST MATCH by phone: 王建国 \(B0001\) — Threatened the front desk$/m)

  const byCertificate = enroll(data, 'person', 'add', '--name', 'Lee', '--cert-type', 'passport', '--cert-number', 'e 1234-5678', '--json')
  assert.equal(byCertificate.status, 0, byCertificate.stderr)
  assert.match(byCertificate.stderr, /BLACKLIST MATCH by certificate number: 王建国 \(B0001\)/)
  assert.deepEqual(byCertificate.json<CheckedPerson>().blacklistMatches?.map((m) => [m.code, m.matched, m.strength]), [['B0001', ['certificate'], 'strong']])

  const sameName = enroll(data, 'person', 'add', '--name', '王建国', '--phone', '13800138000')
  assert.match(sameName.stderr, /^warning: possible blacklist match by same name only: 王建国 \(B0001\)/m)
  assert.doesNotMatch(sameName.stderr, /BLACKLIST MATCH/)

  const stranger = enroll(data, 'person', 'add', '--name', '赵小红', '--phone', '13700137000')
  assert.equal(stranger.stderr, '')

  const csv = join(data, 'visitors.csv')
  writeFileSync(csv, 'code,name,phone\nV1,Eve,0086 139 1234 5678\nV2,汪健国,\nV3,Bob,13300133000\n')
  const imported = enroll(data, 'import', csv)
  assert.equal(imported.status, 0, imported.stderr)
  assert.match(imported.stdout, /^ {2}line 2: BLACKLIST MATCH by phone: 王建国 \(B0001\)/m)
  assert.match(imported.stdout, /^ {2}line 3: possible blacklist match by same pinyin only: 王建国 \(B0001\)/m)
  assert.doesNotMatch(imported.stdout, /line 4:/)
})
