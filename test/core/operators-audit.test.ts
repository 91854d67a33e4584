/**
 * The audit trail names the operator and the station of every change, filters by operator and by
 * person, and exports as UTF-8 CSV with a BOM (Excel keeps Chinese names) whose formula cells are
 * guarded like the persons export: parsed back here from the bytes.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from 'csv-parse/sync'
import { openStation, type Station } from '../../main/core/station'
import type { DispatchResult } from '../../main/core/api/handlers'
import type { AuditListEntry } from '../../common/operators/operator-types'
import type { Person } from '../../common/model/person'
import { tempDir } from '../helpers/temp'
import { addOperators, signedInAs, type SessionCaller, OPERATORS } from '../helpers/operators'

const STATION = '前台-1号'
const dataDir = tempDir('enroll-audit-')
let station: Station
let reception: SessionCaller
let security: SessionCaller
let visitor: Person
let formula: Person
const ok = <T>(outcome: DispatchResult): T => {
  assert.ok(outcome.ok, !outcome.ok ? outcome.error.message : '')
  return outcome.result as T
}

before(async () => {
  station = await openStation({ dataDir, stationName: STATION })
  await addOperators(station)
  reception = await signedInAs(station, 'reception')
  security = await signedInAs(station, 'security')
  visitor = ok<Person>(await reception.call('person.add', { name: '张伟', company: '北京某公司' }))
  ok(await reception.call('person.edit', { id: visitor.id, version: visitor.version, department: '市场部' }))
  formula = ok<Person>(await reception.call('person.add', { name: '=HYPERLINK("http://evil.example","x")' }))
  ok(await security.call('person.add', { name: '李四', type: 'blacklist', reason: '尾随进门' }))
})
after(() => station.close())

test('every change names the operator who made it and the station it was made on', async () => {
  const entries = ok<AuditListEntry[]>(await security.call('audit.list', {}))
  const changes = entries.filter((entry) => entry.entity === 'person')
  assert.equal(changes.length, 4)
  for (const entry of changes) {
    assert.equal(entry.station, STATION)
    assert.ok([OPERATORS.reception.name, OPERATORS.security.name].includes(entry.operator), entry.operator)
  }
  assert.deepEqual(
    entries.map((entry) => entry.at),
    [...entries.map((entry) => entry.at)].sort().reverse(),
    'newest first',
  )
  // the person record carries the operator's name too, not the OS account
  assert.equal(station.persons.get(visitor.id)?.createdBy, OPERATORS.reception.name)
})

test('audit.list filters by operator (any case) and by person (id or code)', async () => {
  const byReception = ok<AuditListEntry[]>(await security.call('audit.list', { operator: OPERATORS.reception.name.toUpperCase() }))
  assert.ok(byReception.length >= 3)
  assert.ok(byReception.every((entry) => entry.operator === OPERATORS.reception.name))
  const bySecurity = ok<AuditListEntry[]>(await security.call('audit.list', { operator: OPERATORS.security.name }))
  assert.ok(bySecurity.some((entry) => entry.entity === 'person' && entry.action === 'create'))
  assert.ok(bySecurity.every((entry) => entry.operator === OPERATORS.security.name))

  const byCode = ok<AuditListEntry[]>(await security.call('audit.list', { person: visitor.code }))
  assert.deepEqual(byCode.map((entry) => entry.action), ['update', 'create'])
  assert.ok(byCode.every((entry) => entry.entityId === visitor.id))
  assert.deepEqual(byCode.map((entry) => entry.id), ok<AuditListEntry[]>(await security.call('audit.list', { person: visitor.id })).map((entry) => entry.id))
  const limited = ok<AuditListEntry[]>(await security.call('audit.list', { limit: 2 }))
  assert.equal(limited.length, 2)
  const older = ok<AuditListEntry[]>(await security.call('audit.list', { before: limited[1].at }))
  assert.ok(older.every((entry) => entry.at < limited[1].at))
})

test('audit.export: UTF-8 with a BOM, Chinese names intact, formula cells guarded, the filter applied', async () => {
  const admin = await signedInAs(station, 'administrator')
  const { base64, count } = ok<{ base64: string; count: number }>(await admin.call('audit.export', {}))
  const bytes = Buffer.from(base64, 'base64')
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'opens with the UTF-8 BOM')
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3))
  const rows = parse(text, { columns: true }) as Array<Record<string, string>>
  assert.equal(rows.length, count)
  assert.deepEqual(Object.keys(rows[0]), ['at', 'operator', 'station', 'entity', 'entityId', 'subject', 'action', 'changes'])
  const visitorRows = rows.filter((row) => row.entityId === visitor.id)
  assert.equal(visitorRows.length, 2)
  for (const row of visitorRows) {
    assert.equal(row.operator, OPERATORS.reception.name)
    assert.equal(row.station, STATION)
    assert.equal(row.subject, `张伟 (${visitor.code})`)
  }
  assert.ok(visitorRows.some((row) => JSON.parse(row.changes).department?.[1] === '市场部'))
  const formulaRow = rows.find((row) => row.entityId === formula.id)!
  assert.ok(formulaRow.subject.startsWith("'="), `the formula is neutralised: ${formulaRow.subject}`)
  for (const row of rows) for (const cell of Object.values(row)) assert.ok(!/^[=+\-@\t\r]/.test(cell), `a cell starts a formula: ${cell}`)

  const mine = ok<{ base64: string; count: number }>(await admin.call('audit.export', { operator: OPERATORS.security.name }))
  const mineRows = parse(Buffer.from(mine.base64, 'base64').toString('utf8').slice(1), { columns: true }) as Array<Record<string, string>>
  assert.ok(mineRows.length > 0 && mineRows.every((row) => row.operator === OPERATORS.security.name))
  assert.ok(mineRows.some((row) => row.subject.startsWith('李四')))
})
