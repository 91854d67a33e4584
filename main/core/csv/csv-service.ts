import { readFile } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import type { PersonService } from '../persons/person-service'
import type { GroupService } from '../groups/group-service'
import type { PhotoService } from '../photos/photo-service'
import { fieldError, isCoreError } from '../model/errors'
import type { Person, PersonInput, PhotoRef } from '../model/person'
import { BOOLEAN_WORDS, CERTIFICATE_WORDS, CSV_COLUMNS, GENDER_WORDS, TYPE_WORDS, columnFor, type CsvColumn } from './columns'
import { decodeCsv } from './decode'

export interface ImportProblem {
  line: number
  field: string
  message: string
}

/** A row whose photo was kept but deserves a look: accepted weaknesses, or a face already registered. */
export interface PhotoNote {
  line: number
  code: string
  warnings: string[]
  matches: Array<{ personId: string; code: string; name: string; distance: number; blacklist: boolean; reason: string }>
}

export interface ImportReport {
  created: number
  updated: number
  failed: ImportProblem[]
  notices: string[]
  /** Rows whose photo matches someone registered (blacklist first) or was accepted with warnings. */
  photoNotes: PhotoNote[]
  rows: number
}

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
  ) {}

  async import(bytes: Buffer, options: ImportOptions): Promise<ImportReport> {
    const { text, notice } = decodeCsv(bytes, options.encoding)
    const report: ImportReport = { created: 0, updated: 0, failed: [], notices: notice ? [notice] : [], photoNotes: [], rows: 0 }
    let records: Array<{ record: string[]; info: { lines: number } }>
    try {
      records = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true, bom: true, trim: true }) as never
    } catch (error) {
      report.failed.push({ line: (error as { lines?: number }).lines ?? 1, field: 'file', message: `not a readable CSV file: ${(error as Error).message}` })
      return report
    }
    const [header, ...rows] = records
    if (!header) {
      report.failed.push({ line: 1, field: 'file', message: 'the file is empty (a header row is needed: code,name,type,…)' })
      return report
    }
    const columns = header.record.map(columnFor)
    const unknown = header.record.filter((_, i) => !columns[i])
    if (unknown.length) report.notices.push(`Ignored unknown column(s): ${unknown.join(', ')}`)
    if (!columns.includes('name')) {
      report.failed.push({ line: header.info.lines, field: 'name', message: 'the header row has no "name" (姓名) column' })
      return report
    }
    report.rows = rows.length
    for (const [index, { record, info }] of rows.entries()) {
      const cells = Object.fromEntries(columns.map((column, i) => [column, record[i] ?? ''])) as Record<CsvColumn, string>
      try {
        const outcome = await this.importRow(cells, options, info.lines, report.photoNotes)
        report[outcome]++
      } catch (error) {
        const field = isCoreError(error) ? (error.field ?? 'row') : 'row'
        const message = isCoreError(error) ? error.message.replace(new RegExp(`^${escapeRegExp(field)}: `), '') : (error as Error).message
        report.failed.push({ line: info.lines, field, message })
      }
      options.onProgress?.(index + 1, rows.length)
    }
    return report
  }

  private async importRow(cells: Record<CsvColumn, string>, options: ImportOptions, line: number, notes: PhotoNote[]): Promise<'created' | 'updated'> {
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
      return 'updated'
    }
    await this.persons.add({ ...input, photo: photo ?? null }, options.actor)
    return 'created'
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
    if (!photosDir) throw fieldError('photo', 'a photo is named but no photos folder was given (--photos DIR)')
    const base = resolve(photosDir)
    const path = resolve(join(base, name))
    if (!path.startsWith(base + sep)) throw fieldError('photo', `"${name}" points outside the photos folder`)
    try {
      return await readFile(path)
    } catch {
      throw fieldError('photo', `file "${name}" not found in ${photosDir}`)
    }
  }

  export(persons: Iterable<Person>, groupName: (id: string) => string): Buffer {
    const rows = [...persons].map((p) => [
      p.code,
      p.name,
      p.type,
      p.gender,
      p.phone ?? '',
      p.email ?? '',
      p.certificate?.type ?? '',
      p.certificate?.number ?? '',
      p.company,
      p.department,
      p.position,
      p.note,
      p.groups.map(groupName).join(';'),
      p.validFrom ?? '',
      p.validUntil ?? '',
      String(p.enabled),
      p.reason,
      p.photo ? `${p.photo.hash}.jpg` : '',
    ])
    const text = stringify([CSV_COLUMNS.map(([name]) => name), ...rows])
    // the BOM makes Excel open Chinese text as UTF-8
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
  }
}

function toIso(value: string, field: string): string {
  const date = new Date(value.includes('T') || value.length > 10 ? value : `${value}T00:00:00`)
  if (Number.isNaN(date.getTime())) throw fieldError(field, `"${value}" is not a date (use 2026-11-23 or 2026-11-23T18:00)`)
  return date.toISOString()
}

function toBoolean(value: string): boolean {
  const result = BOOLEAN_WORDS[value.trim().toLowerCase()]
  if (result === undefined) throw fieldError('enabled', `"${value}" is not yes/no`)
  return result
}

function stripEmpty<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
