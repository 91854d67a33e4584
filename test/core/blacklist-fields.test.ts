/**
 * The blacklist caught by fields, with no photo at all: a certificate number typed with other
 * spacing or case, or a phone in its national or +86 form, is a strong match; the same name, or a
 * Chinese name with the same pinyin, is only a weak hint; through the contract (person.add,
 * person.edit, blacklist.matchFields) and in the CSV import's report.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openStation, type Station } from '../../main/core/station'
import { certificateKey, nameKey } from '../../common/model/match-keys'
import { pinyinKey } from '../../main/core/blacklist/field-match'
import { contractCaller } from '../helpers/contract-caller'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { OperatorSession } from '../../main/core/operators/session'
import type { CheckedPerson, FieldMatch } from '../../common/persons/field-match'
import { tempDir } from '../helpers/temp'

/** A valid ID card number whose check character is X. */
const ID_WITH_X = '11010519900101007X'

async function stationWithBlacklist(): Promise<{ station: Station; call: ReturnType<typeof contractCaller>; entry: { id: string; code: string } }> {
  const station = await openStation({ dataDir: tempDir() })
  const call = contractCaller(station)
  const entry = await call.ok('person.add', {
    name: '王建国',
    type: 'blacklist',
    code: 'B0001',
    reason: 'Threatened the front desk',
    phone: '+86 139 1234 5678',
    certificate: { type: 'id_card', number: ID_WITH_X },
  })
  await call.ok('person.add', { name: 'Maria Lopez', type: 'blacklist', code: 'B0002', reason: 'Tailgating', certificate: { type: 'passport', number: 'E12345678' } })
  return { station, call, entry }
}

test('the keys fold what desks type differently for one document or name', () => {
  assert.equal(certificateKey(' 110105 19900101-007x '), certificateKey(ID_WITH_X))
  assert.equal(certificateKey('１１０１０５１９９００１０１００７Ｘ'), certificateKey(ID_WITH_X), 'full-width digits from a Chinese input method')
  assert.notEqual(certificateKey('110105199001010071'), certificateKey(ID_WITH_X))
  assert.equal(nameKey('  ＭＡＲＩＡ  lopez '), nameKey('Maria Lopez'))
  assert.equal(nameKey('阿卜杜·热合曼'), nameKey('阿卜杜 热合曼'))
  assert.equal(pinyinKey('张伟'), pinyinKey('章玮'))
  assert.notEqual(pinyinKey('张伟'), pinyinKey('张薇娜'))
  assert.equal(pinyinKey('Maria'), null, 'a name without Chinese characters has no pinyin key')
})

test('a certificate number with other case, or a phone in its national form, raises the strong alert with no photo', async () => {
  const { station, call, entry } = await stationWithBlacklist()
  try {
    const byCertificate = await call.ok('person.add', { name: '李明', certificate: { type: 'id_card', number: ID_WITH_X.toLowerCase() } })
    assert.equal(byCertificate.photo, null)
    assert.deepEqual(
      byCertificate.blacklistMatches?.map(({ personId, matched, strength, reason }) => ({ personId, matched, strength, reason })),
      [{ personId: entry.id, matched: ['certificate'], strength: 'strong', reason: 'Threatened the front desk' }],
    )
    assert.equal(station.persons.get(byCertificate.id)?.name, '李明', 'the alert does not refuse the save, as a face match does not')

    const byPhone = await call.ok('person.add', { name: 'Tom', phone: '139-1234-5678' })
    assert.deepEqual(byPhone.blacklistMatches?.map((m) => [m.code, m.matched, m.strength]), [['B0001', ['phone'], 'strong']])
    const byInternationalPrefix = await call.ok('person.add', { name: 'Tim', phone: '0086 13912345678' })
    assert.deepEqual(byInternationalPrefix.blacklistMatches?.map((m) => m.matched), [['phone']])

    const passport = await call.ok('person.add', { name: 'M. L.', certificate: { type: 'passport', number: 'e 1234-5678' } })
    assert.deepEqual(passport.blacklistMatches?.map((m) => [m.code, m.strength]), [['B0002', 'strong']])

    // the desk's check before Save, on what was typed so far
    const typed = await call.ok('blacklist.matchFields', { name: 'Someone', phone: '13912345678' })
    assert.deepEqual(typed.map((m) => [m.code, m.matched]), [['B0001', ['phone']]])
  } finally {
    await station.close()
  }
})

test('the same common name is only a weak hint; the same pinyin with other characters too; a stranger gets nothing', async () => {
  const { station, call } = await stationWithBlacklist()
  try {
    const sameName = await call.ok('person.add', { name: ' 王建国 ', phone: '13800138000' })
    assert.deepEqual(sameName.blacklistMatches?.map((m) => [m.code, m.matched, m.strength]), [['B0001', ['name'], 'weak']])
    const samePinyin = await call.ok('person.add', { name: '汪健国' })
    assert.deepEqual(samePinyin.blacklistMatches?.map((m) => [m.code, m.matched, m.strength]), [['B0001', ['pinyin'], 'weak']])
    const latinName = await call.ok('person.add', { name: 'maria  LOPEZ' })
    assert.deepEqual(latinName.blacklistMatches?.map((m) => [m.code, m.strength]), [['B0002', 'weak']])
    const stranger = await call.ok('person.add', { name: '赵小红', phone: '13700137000', certificate: { type: 'id_card', number: '310115198506120018' } })
    assert.equal(stranger.blacklistMatches, undefined)
  } finally {
    await station.close()
  }
})

test('an edit to a blacklisted phone alerts; the tables follow the blacklist as it changes', async () => {
  const { station, call, entry } = await stationWithBlacklist()
  try {
    const visitor = await call.ok('person.add', { name: 'Ann', phone: '13600136000' })
    assert.equal(visitor.blacklistMatches, undefined)
    const edited = await call.ok('person.edit', { id: visitor.id, version: visitor.version, phone: '+8613912345678' })
    assert.deepEqual(edited.blacklistMatches?.map((m) => m.code), ['B0001'])

    // security corrects the entry's phone: the old number no longer matches, the new one does
    const current = station.persons.require(entry.id)
    await call.ok('person.edit', { id: entry.id, version: current.version, phone: '13500135000' })
    assert.deepEqual(await call.ok('blacklist.matchFields', { name: 'x', phone: '13912345678' }), [])
    assert.deepEqual((await call.ok('blacklist.matchFields', { name: 'x', phone: '135 0013 5000' })).map((m) => m.code), ['B0001'])

    // an entry in the recycle bin bars nobody
    await call.ok('person.delete', { id: entry.id })
    assert.deepEqual(await call.ok('blacklist.matchFields', { name: 'x', phone: '13500135000', certificate: { number: ID_WITH_X } }), [])
  } finally {
    await station.close()
  }
})

test('a CSV import reports the rows whose fields match a blacklist entry, and keeps them', async () => {
  const { station, call } = await stationWithBlacklist()
  try {
    const csv = ['code,name,phone,certificate_type,certificate_number', 'V1,Eve,+86 139-1234-5678,,', `V2,Lee,,id_card,${ID_WITH_X.toLowerCase()}`, 'V3,王建国,,,', 'V4,Bob,13300133000,,'].join('\n')
    const report = await call.ok('csv.import', { base64: Buffer.from(csv).toString('base64') })
    assert.equal(report.created, 4)
    assert.deepEqual(
      report.blacklistNotes.map((note) => [note.line, note.code, note.matches.map((m) => `${m.code}:${m.matched.join('+')}:${m.strength}`)]),
      [
        [2, 'V1', ['B0001:phone:strong']],
        [3, 'V2', ['B0001:certificate:strong']],
        [4, 'V3', ['B0001:name:weak']],
      ],
    )
  } finally {
    await station.close()
  }
})

test('reception hears the alert, without the entry’s reason (security’s to read)', async () => {
  const { station } = await stationWithBlacklist()
  try {
    const account = await station.operators.add({ name: 'desk1', role: 'reception', password: 'correct horse 42' }, 'admin')
    const session = new OperatorSession()
    session.signIn({ id: account.id, name: account.name, role: 'reception' })
    const handlers = createHandlers(station, session)
    const added = await dispatch(handlers, 'person.add', { name: 'Tom', phone: '13912345678' })
    assert.ok(added.ok, JSON.stringify(added))
    assert.deepEqual((added.result as CheckedPerson).blacklistMatches?.map((m) => [m.code, m.strength, m.reason]), [['B0001', 'strong', '']])
    const typed = await dispatch(handlers, 'blacklist.matchFields', { certificate: { number: ID_WITH_X } })
    assert.ok(typed.ok)
    assert.deepEqual((typed.result as FieldMatch[]).map((m) => [m.code, m.reason]), [['B0001', '']])
    const purge = await dispatch(handlers, 'retention.purgeExpired', { dryRun: true })
    assert.equal(purge.ok ? 'allowed' : purge.error.code, 'forbidden', 'only an administrator purges')
  } finally {
    await station.close()
  }
})
