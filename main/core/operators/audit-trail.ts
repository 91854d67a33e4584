import type { Station } from '../station'
import type { AuditEntry } from '../../../common/persons/audit-entry'
import type { AuditListEntry } from '../../../common/operators/operator-types'
import { csvLine, CSV_BOM } from '../csv/csv-export'

export interface AuditFilter {
  /** An operator's name, any case. */
  operator?: string
  /** A person's id or code. */
  person?: string
}

export const AUDIT_CSV_COLUMNS = ['at', 'operator', 'station', 'entity', 'entityId', 'subject', 'action', 'changes'] as const

/** The audit trail as the Audit screen, `enroll audit` and the CSV export read it: who, where, what. */
export async function auditEntries(station: Station, filter: AuditFilter): Promise<AuditListEntry[]> {
  const operator = filter.operator?.toLocaleLowerCase('en')
  // a purged person is no longer in the register, but its entries are still found by the id
  const personId = filter.person === undefined ? undefined : (station.persons.find(filter.person)?.id ?? filter.person)
  const entries = await station.store.auditEntries(
    (entry) => (operator === undefined || entry.actor.toLocaleLowerCase('en') === operator) && (personId === undefined || (entry.entity === 'person' && entry.entityId === personId)),
    personId,
  )
  return entries.map(listEntryOf).reverse()
}

export async function auditList(station: Station, query: AuditFilter & { limit?: number; before?: string }): Promise<AuditListEntry[]> {
  const entries = await auditEntries(station, query)
  const before = query.before
  return (before === undefined ? entries : entries.filter((entry) => entry.at < before)).slice(0, query.limit ?? 200)
}

/** UTF-8 with a BOM, so Excel opens Chinese names as written; every cell through the formula guard. */
export async function auditCsv(station: Station, filter: AuditFilter): Promise<{ bytes: Buffer; count: number }> {
  const entries = await auditEntries(station, filter)
  let text = CSV_BOM + csvLine([...AUDIT_CSV_COLUMNS])
  for (const entry of entries) {
    text += csvLine([entry.at, entry.operator, entry.station, entry.entity, entry.entityId, subjectOf(station, entry), entry.action, entry.changes ? JSON.stringify(entry.changes) : ''])
  }
  return { bytes: Buffer.from(text, 'utf8'), count: entries.length }
}

function listEntryOf(entry: AuditEntry): AuditListEntry {
  const { id, at, actor, station, entity, entityId, action, changes } = entry
  return { id, at, operator: actor, station: station ?? '', entity, entityId, action, ...(changes && { changes }) }
}

/** What the entry is about, in words a reader of the spreadsheet knows: the person's or group's name. */
function subjectOf(station: Station, entry: AuditListEntry): string {
  if (entry.entity === 'person') {
    const person = station.persons.get(entry.entityId)
    return person ? `${person.name} (${person.code})` : ''
  }
  if (entry.entity === 'group') return station.groups.get(entry.entityId)?.name ?? ''
  if (entry.entity === 'operator') return station.operators.get(entry.entityId)?.name ?? ''
  return ''
}
