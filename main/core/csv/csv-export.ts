import type { Person } from '../../../common/model/person'
import { CSV_COLUMNS } from './columns'
import { neutraliseFormula } from './formula-guard'

/** The BOM makes Excel open Chinese text as UTF-8. */
export const CSV_BOM = '\ufeff'
/** Rows are gathered into pieces of about this size, never into one string per person. */
const CHUNK_CHARS = 1 << 20

export function personRow(p: Person, groupName: (id: string) => string): string[] {
  return [
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
  ]
}

/** RFC 4180 quoting, after the formula guard. */
export function csvLine(cells: string[]): string {
  return `${cells.map((cell) => quote(neutraliseFormula(cell))).join(',')}\n`
}

function quote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/**
 * The export as text pieces of about 1 MB: the BOM and header first, then every person the
 * iterable yields (the whole register when asked: no page limit). `counted` is told each row.
 */
export function* csvPieces(persons: Iterable<Person>, groupName: (id: string) => string, counted: () => void = () => {}): Generator<string> {
  let piece = CSV_BOM + csvLine(CSV_COLUMNS.map(([name]) => name))
  for (const person of persons) {
    piece += csvLine(personRow(person, groupName))
    counted()
    if (piece.length >= CHUNK_CHARS) {
      yield piece
      piece = ''
    }
  }
  if (piece) yield piece
}

/** The export in memory, for the contract (the UI receives it whole). */
export function exportCsv(persons: Iterable<Person>, groupName: (id: string) => string): { bytes: Buffer; count: number } {
  let count = 0
  const buffers: Buffer[] = []
  for (const piece of csvPieces(persons, groupName, () => count++)) buffers.push(Buffer.from(piece, 'utf8'))
  return { bytes: Buffer.concat(buffers), count }
}
