import { parse } from 'csv-parse/sync'
import type { PersonService } from '../persons/person-service'
import type { GroupService } from '../groups/group-service'
import type { PhotoService } from '../photos/photo-service'
import { codedMessageOf, englishText, fieldCodeError, isCoreError, type ErrorParams, type MessageCode } from '../../../common/errors/core-error'
import type { Person, PersonInput, PhotoRef } from '../../../common/model/person'
import { BOOLEAN_WORDS, CERTIFICATE_WORDS, GENDER_WORDS, TYPE_WORDS, columnFor, type CsvColumn } from './columns'
import { decodeCsv } from './decode'
import { exportCsv } from './csv-export'
import { restoreNeutralised } from './formula-guard'
import { readPhotoFromFolder } from '../photos/bounded-file'
import type { ImportReport, PhotoNote } from '../../../common/persons/csv-import-report'
import type { BlacklistFieldMatcher } from '../blacklist/field-match'

export type { ImportProblem, ImportReport, PhotoNote } from '../../../common/persons/csv-import-report'

export interface ImportOptions {
  photosDir?: string
  encoding?: 'auto' | 'utf8' | 'gbk'
  actor: string
  onProgress?: (done: number, total: number) => void
}

/** Bulk enrollment from a spreadsheet: each row stands alone, a bad row never stops the good ones. */
export class CsvService {
  constructor(
    private readonly persons: PersonService,
    private readonly groups: GroupService,
    private readonly photos: PhotoService,
    private readonly blacklistFields?: BlacklistFieldMatcher,
  ) {}

  async import(bytes: Buffer, options: ImportOptions): Promise<ImportReport> {
    const { text, notice } = decodeCsv(bytes, options.encoding)
    const report: ImportReport = { created: 0, updated: 0, failed: [], notices: notice ? [notice] : [], photoNotes: [], blacklistNotes: [], rows: 0 }
    let records: CsvRecord[]
    try {
      records = readRecords(text)
    } catch (error) {
      report.failed.push(problem((error as { lines?: number }).lines ?? 1, 'file', 'csv.unreadable', { detail: (error as Error).message }))
      return report
    }
    const [header, ...rows] = records
    if (!header) {
      report.failed.push(problem(1, 'file', 'csv.empty'))
      return report
    }
    const columns = header.cells.map(columnFor)
    const unknown = header.cells.filter((_, i) => !columns[i])
    const ignored = { columns: unknown.join(', ') }
    if (unknown.length) report.notices.push({ message: englishText('csv.unknown_columns', ignored), messageCode: 'csv.unknown_columns', params: ignored })
    if (!columns.includes('name')) {
      report.failed.push(problem(header.line, 'name', 'csv.no_name_column'))
      return report
    }
    report.rows = rows.length
    // A code twice in one file is a mistake to show, not an edit to apply twice: the first row
    // with the code is imported, each later one is refused naming both lines.
    const firstLineOfCode = new Map<string, number>()
    const codeAt = columns.indexOf('code')
    for (const [index, { cells: record, line }] of rows.entries()) {
      try {
        const extra = record.slice(columns.length).filter((cell) => cell !== '')
        if (extra.length) throw fieldCodeError('row', 'csv.too_many_cells', { cells: columns.length + extra.length, columns: columns.length })
        const cells = Object.fromEntries(columns.map((column, i) => [column, cleanCell(record[i] ?? '')])) as Record<CsvColumn, string>
        const code = codeAt >= 0 ? cells.code : ''
        const firstLine = code ? firstLineOfCode.get(code) : undefined
        if (firstLine !== undefined) throw fieldCodeError('code', 'csv.code_repeated', { code, line: String(firstLine) })
        if (code) firstLineOfCode.set(code, line)
        const { outcome, person } = await this.importRow(cells, options, line, report.photoNotes)
        report[outcome]++
        const matches = this.blacklistFields?.matchPerson(person) ?? []
        if (matches.length) report.blacklistNotes.push({ line, code: person.code, name: person.name, matches })
      } catch (error) {
        const field = isCoreError(error) ? (error.field ?? 'row') : 'row'
        const message = isCoreError(error) ? error.message.replace(new RegExp(`^${escapeRegExp(field)}: `), '') : (error as Error).message
        report.failed.push({ line, field, message, ...(isCoreError(error) && codedMessageOf(error)) })
      }
      options.onProgress?.(index + 1, rows.length)
    }
    return report
  }

  private async importRow(
    cells: Record<CsvColumn, string>,
    options: ImportOptions,
    line: number,
    notes: PhotoNote[],
  ): Promise<{ outcome: 'created' | 'updated'; person: Person }> {
    const input = this.rowToInput(cells)
    const existing = input.code ? this.persons.getByCode(input.code) : undefined
    let photo: PhotoRef | undefined
    if (cells.photo) {
      const intake = await this.photos.intake(await this.readPhoto(cells.photo, options.photosDir), 'import')
      photo = intake.photo
      // the row's own person matching their previous photo is no news
      const matches = intake.matches
        .filter((match) => match.personId !== existing?.id)
        .map((match) => {
          const person = this.persons.get(match.personId)
          return { ...match, code: person?.code ?? '?', name: person?.name ?? '?', reason: person?.reason ?? '' }
        })
      if (matches.length || intake.warnings.length) notes.push({ line, code: input.code ?? '', warnings: intake.warnings, matches })
    }
    if (existing && !existing.deletedAt) {
      const { code: _code, ...patch } = input
      let updated = await this.persons.edit(existing.id, stripEmpty(patch), existing.version, options.actor)
      if (photo) updated = await this.persons.setPhoto(updated.id, photo, options.actor, updated.version)
      return { outcome: 'updated', person: updated }
    }
    return { outcome: 'created', person: await this.persons.add({ ...input, photo: photo ?? null }, options.actor) }
  }

  private rowToInput(cells: Record<CsvColumn, string>): PersonInput {
    const word = (table: Record<string, string>, value: string) => table[value.trim().toLowerCase()] ?? table[value.trim()] ?? value.trim().toLowerCase()
    const input: Record<string, unknown> = {
      code: cells.code || undefined,
      name: cells.name,
      type: cells.type ? word(TYPE_WORDS, cells.type) : undefined,
      gender: cells.gender ? word(GENDER_WORDS, cells.gender) : undefined,
      phone: cells.phone || undefined,
      email: cells.email || undefined,
      certificate: cells.certificate_number
        ? { type: cells.certificate_type ? word(CERTIFICATE_WORDS, cells.certificate_type) : 'id_card', number: cells.certificate_number }
        : undefined,
      company: cells.company || undefined,
      department: cells.department || undefined,
      position: cells.position || undefined,
      note: cells.note || undefined,
      groups: cells.groups ? cells.groups.split(/[;；|]/).map((g) => g.trim()).filter(Boolean).map((g) => this.groups.require(g).id) : undefined,
      validFrom: cells.valid_from ? toIso(cells.valid_from, 'valid_from') : undefined,
      validUntil: cells.valid_until ? toIso(cells.valid_until, 'valid_until') : undefined,
      enabled: cells.enabled ? toBoolean(cells.enabled) : undefined,
      reason: cells.reason || undefined,
    }
    return stripEmpty(input) as PersonInput
  }

  private async readPhoto(name: string, photosDir: string | undefined): Promise<Buffer> {
    if (!photosDir) throw fieldCodeError('photo', 'csv.photos_folder_missing')
    return readPhotoFromFolder(photosDir, name)
  }

  /** The whole export in memory, for the contract (the UI saves it, the CLI writes it to its file). */
  export(persons: Iterable<Person>, groupName: (id: string) => string): { bytes: Buffer; count: number } {
    return exportCsv(persons, groupName)
  }
}

interface CsvRecord {
  cells: string[]
  /** The line the record starts on, counting every CRLF, LF or CR as one line break. */
  line: number
}

/**
 * Any line ending, even mixed in one file (CRLF, then LF, then a lone CR), ends a row: they are
 * made LF first, which csv-parse then splits on; line breaks inside quoted cells stay in them.
 */
function readRecords(text: string): CsvRecord[] {
  const parsed = parse(text.replace(/\r\n?/g, '\n'), {
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    bom: true,
  }) as unknown as Array<{ record: string[]; raw: string; info: { lines: number } }>
  return parsed.map(({ record, raw, info }) => {
    // info.lines is where the record ends; the raw text (blank lines before it, its own line breaks, its delimiter) gives where it starts
    const body = raw.replace(/^\n+/, '').replace(/\n$/, '')
    return { cells: record, line: info.lines - (body.match(/\n/g)?.length ?? 0) }
  })
}

/**
 * Spaces around a cell go (what Excel users leave by accident); a tab or line break is kept, so
 * the schema refuses it instead of a trim turning "\t=cmd|…" into a formula. The quote the
 * station's own export put before a formula character is taken off (formula-guard.ts).
 */
function cleanCell(cell: string): string {
  return restoreNeutralised(cell.replace(/^[ \u00a0\u3000]+|[ \u00a0\u3000]+$/g, ''))
}

function toIso(value: string, field: string): string {
  const date = new Date(value.includes('T') || value.length > 10 ? value : `${value}T00:00:00`)
  if (Number.isNaN(date.getTime())) throw fieldCodeError(field, 'csv.not_a_date', { value })
  return date.toISOString()
}

function toBoolean(value: string): boolean {
  const result = BOOLEAN_WORDS[value.trim().toLowerCase()]
  if (result === undefined) throw fieldCodeError('enabled', 'csv.not_yes_no', { value })
  return result
}

/** A refused line of the file, in the core's English with its code and values beside it. */
function problem(line: number, field: string, messageCode: MessageCode, params: ErrorParams = {}): ImportReport['failed'][number] {
  return { line, field, message: englishText(messageCode, params), messageCode, params }
}

function stripEmpty<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
