/**
 * Fuzz pass over CSV import: seeded random files (random bytes, GBK and UTF-8 mixed in one file,
 * BOMs in odd places, CRLF/LF/CR mixed, stray and unbalanced quotes, extra cells, control
 * characters, repeated codes, formula cells). The import never throws (bar the one documented
 * refusal of a forced encoding), the register grows by exactly the rows reported created, a file
 * with nothing accepted leaves it exactly as it was, and it reopens to the same content. FUZZ_SEED and FUZZ_ROUNDS repeat or lengthen a run.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import iconv from 'iconv-lite'
import { openStation, type Station } from '../../main/core/station'
import { isCoreError } from '../../common/errors/core-error'
import { tempDir } from '../helpers/temp'
import { seededRandom } from '../simulators/server'

const SEED = Number(process.env.FUZZ_SEED ?? 20261203)
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 400)

type Random = () => number
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]

function digest(station: Station): string {
  const persons = [...station.persons.matching({ deleted: 'include', sort: 'code' })]
  return createHash('sha256').update(JSON.stringify([persons, station.groups.list()])).digest('hex')
}

const HEADERS = ['code', 'name', 'type', 'phone', 'email', 'company', 'note', 'groups', 'valid_until', 'enabled', '姓名', '工号', '部门', 'bogus', '']
const CELLS = ['张三', 'Ann Lee', 'employee', '访客', 'vip', '+86 138 0013 8000', "'+8613900139000", 'a@b.example', 'nope@', 'Lobby', 'Nowhere', '2030-01-01', 'soon', 'yes', 'maybe', '=HYPERLINK("x")', "'=1+1", '\t=cmd', '\r=2', '@SUM(A1)', '-1', 'Eve\u001b[2J', 'Bidi\u202eevil', 'NUL\u0000', 'lone\ud800', '', ' ', '"quoted, comma"', '"un"balanced', '"', 'E1', 'E2', 'E1', 'x'.repeat(70), '李四\n第二行']
const BREAKS = ['\r\n', '\n', '\r']

function randomCsvText(random: Random): string {
  const header = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(random, HEADERS))
  if (random() < 0.8) header.splice(Math.floor(random() * header.length), 0, 'name')
  const lines = [header.join(',')]
  for (let r = Math.floor(random() * 8); r > 0; r--) {
    const width = header.length + Math.floor(random() * 3) - 1
    lines.push(Array.from({ length: Math.max(1, width) }, () => {
      const cell = pick(random, CELLS)
      return random() < 0.3 ? `"${cell.replace(/"/g, '""')}"` : cell
    }).join(','))
  }
  return lines.map((line) => line + pick(random, BREAKS)).join('')
}

function randomFile(random: Random): Buffer {
  const kind = Math.floor(random() * 6)
  if (kind === 0) {
    const bytes = Buffer.alloc(Math.floor(random() * 600))
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256)
    return bytes
  }
  const text = randomCsvText(random)
  if (kind === 1) return iconv.encode(text, 'gbk')
  if (kind === 2) {
    // half UTF-8, half GBK: a file pasted together from two spreadsheets
    const cut = Math.floor(text.length / 2)
    return Buffer.concat([Buffer.from(text.slice(0, cut)), iconv.encode(text.slice(cut), 'gbk')])
  }
  if (kind === 3) {
    const bytes = Buffer.from(text)
    const at = Math.floor(random() * bytes.length)
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes.subarray(0, at), Buffer.from([0xef, 0xbb, 0xbf]), bytes.subarray(at)])
  }
  if (kind === 4) {
    const bytes = Buffer.from(text)
    for (let flips = 1 + Math.floor(random() * 4); flips > 0 && bytes.length; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
    return bytes
  }
  return Buffer.from(text)
}

test(`CSV import fuzz: ${ROUNDS} seeded files; 0 crashes, the register unchanged by a refused file`, async (t) => {
  const dir = tempDir()
  let station = await openStation({ dataDir: dir })
  await station.groups.add({ id: 'lobby', name: 'Lobby' }, 'admin')
  await station.persons.add({ name: 'Existing', code: 'E1', type: 'employee' }, 'admin')
  const random = seededRandom(SEED)
  let refusedFiles = 0
  let rowsRefused = 0
  let rowsApplied = 0
  for (let round = 1; round <= ROUNDS; round++) {
    const bytes = randomFile(random)
    const before = digest(station)
    const countBefore = [...station.persons.matching({ deleted: 'include' })].length
    let report
    try {
      report = await station.csv.import(bytes, { actor: 'fuzz', encoding: pick(random, ['auto', 'auto', 'utf8', 'gbk'] as const) })
    } catch (error) {
      // the one refusal that is thrown: --encoding utf8 on bytes that are not UTF-8, before any row is read
      assert.ok(isCoreError(error) && error.field === 'file' && /is not valid UTF-8/.test(error.message), `round ${round} (seed ${SEED}) threw: ${(error as Error).stack}`)
      assert.equal(digest(station), before, `round ${round}: a file refused outright changed the register`)
      refusedFiles++
      continue
    }
    const applied = report.created + report.updated
    rowsApplied += applied
    rowsRefused += report.failed.length
    assert.equal([...station.persons.matching({ deleted: 'include' })].length, countBefore + report.created, `round ${round} (seed ${SEED}): persons added ≠ rows reported created`)
    if (applied === 0) {
      refusedFiles++
      assert.equal(digest(station), before, `round ${round} (seed ${SEED}): nothing was accepted, yet the register changed`)
    }
  }
  const final = digest(station)
  await station.close()
  station = await openStation({ dataDir: dir })
  assert.equal(digest(station), final, 'the register reopens to the same content')
  await station.close()
  t.diagnostic(`seed ${SEED}: ${ROUNDS} files imported; ${refusedFiles} refused whole, ${rowsApplied} rows applied, ${rowsRefused} rows refused`)
})
