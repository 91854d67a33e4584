import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { parse } from 'csv-parse/sync'
import { openStation } from '../../main/core/station'
import { tempDir, DEMO_PHOTOS } from '../helpers/temp'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

test('import keeps good rows, reports each bad row with its line and field, and reads a BOM', async () => {
  const dir = tempDir()
  const s = await openStation({ dataDir: dir })
  await s.groups.add({ id: 'lobby', name: 'Lobby' }, 'admin')
  const csv = [
    'code,name,type,phone,groups,valid_until,email',
    'E1,张三,employee,138 0013 8000,Lobby,,',
    'E2,,employee,,,,', // no name
    ',Visitor One,访客,+8613900139000,,2030-01-01,',
    'E3,Bad Mail,employee,,,,nope',
    'E4,Bad Group,employee,,Nowhere,,',
  ].join('\n')
  const report = await s.csv.import(Buffer.concat([BOM, Buffer.from(csv)]), { actor: 'admin' })
  assert.equal(report.created, 2)
  assert.deepEqual(
    report.failed.map((f) => [f.line, f.field]),
    [
      [3, 'name'],
      [5, 'email'],
      [6, 'group'],
    ],
  )
  assert.equal(report.failed[0].message, 'is required')
  assert.equal(s.persons.getByCode('E1')!.name, '张三', 'the BOM is not part of the first header')
  assert.deepEqual(s.persons.getByCode('E1')!.groups, ['lobby'])
  const visitor = s.persons.list({ text: 'visitor one' }).items[0]
  assert.equal(visitor.type, 'visitor')
  await s.close()
})

test('a GBK file is read as GBK and the user is told; re-import updates by code', async () => {
  const s = await openStation({ dataDir: tempDir() })
  const gbk = iconv.encode('工号,姓名,类型,部门\nE7,李四,员工,销售部\n', 'gbk')
  const first = await s.csv.import(gbk, { actor: 'admin' })
  assert.equal(first.created, 1)
  assert.deepEqual(first.notices.map((notice) => notice.messageCode), ['csv.read_as_gbk'])
  assert.match(first.notices[0].message, /read as GBK/)
  assert.equal(s.persons.getByCode('E7')!.name, '李四')
  assert.equal(s.persons.getByCode('E7')!.department, '销售部')
  const second = await s.csv.import(Buffer.from('code,name,department\nE7,李四,市场部\n'), { actor: 'admin' })
  assert.equal(second.updated, 1)
  assert.equal(s.persons.getByCode('E7')!.department, '市场部')
  assert.equal(s.persons.getByCode('E7')!.version, 2)
  await s.close()
})

test('photos named in the CSV come from the photos folder; a missing one fails only its row', async () => {
  const dir = tempDir()
  const photos = join(dir, 'photos-in')
  mkdirSync(photos)
  copyFileSync(join(DEMO_PHOTOS, 'sample2.jpg'), join(photos, 'ann.jpg'))
  const s = await openStation({ dataDir: join(dir, 'data') })
  const report = await s.csv.import(Buffer.from('code,name,type,photo\nE1,Ann,employee,ann.jpg\nE2,Ben,employee,ben.jpg\nE3,Eve,employee,../../etc/passwd\n'), {
    actor: 'admin',
    photosDir: photos,
  })
  assert.equal(report.created, 1)
  assert.deepEqual(report.failed.map((f) => [f.line, f.field]), [
    [3, 'photo'],
    [4, 'photo'],
  ])
  assert.match(report.failed[1].message, /outside the photos folder/)
  assert.ok(s.persons.getByCode('E1')!.photo!.width > 0)
  await s.close()
})

test('export writes UTF-8 with a BOM that imports back to the same persons', async () => {
  const s = await openStation({ dataDir: tempDir() })
  await s.persons.add({ name: '王五', code: 'E5', type: 'employee', phone: '+8613700137000', certificate: { type: 'passport', number: 'E1234567' } }, 'admin')
  const { bytes } = s.csv.export(s.persons.matching({}), (id) => id)
  assert.deepEqual([...bytes.subarray(0, 3)], [...BOM])
  const rows = parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>
  assert.equal(rows[0].name, '王五')
  assert.equal(rows[0].certificate_number, 'E1234567')
  const other = await openStation({ dataDir: tempDir() })
  const report = await other.csv.import(bytes, { actor: 'admin' })
  assert.equal(report.created, 1, JSON.stringify(report.failed))
  assert.equal(other.persons.getByCode('E5')!.certificate!.type, 'passport')
  await Promise.all([s.close(), other.close()])
})
