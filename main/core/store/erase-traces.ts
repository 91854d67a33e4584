/**
 * What erasing a person for good (retention) does to the audit trail: every entry about them
 * keeps when, who, where and what kind of change it was, and loses the values it recorded
 * (`changes`: the names, phones and certificate numbers before and after). The audit shard files
 * that hold such entries are rewritten whole, crash-safely (temp file, fsync, rename).
 *
 *   withoutRecordedValues(entry) → the entry without `changes`
 *   await scrubAuditFiles(auditDir, fs, ids) → how many entries lost their values
 *   oweErasure(tx, records)          in the transaction that erases them: their older copies are still to go
 *   owedErasures(store)              → the records erased whose older copies are not rewritten yet
 *   settleErasures(tx, records)      once their older copies are rewritten
 *
 * Erasing the records and rewriting their older copies cannot be one durable step, so the
 * transaction that erases them also notes that their copies are owed; a rewrite that fails (a
 * full disk, a crash) is finished by the next one, which starts from that note.
 */
import { join } from 'node:path'
import type { AuditEntry } from './journal'
import type { CollectionName } from './collections'
import type { Transaction } from './store'
import { writeFileDurably } from './durable-file'
import { isMissing, type StoreFs } from './store-fs'

export interface ErasedRecord {
  collection: CollectionName
  id: string
}

/** The note (collection `settings`): ids and collections only, nothing personal. */
const OWED_RECORD = 'erasures-owed'
interface OwedErasures {
  records: ErasedRecord[]
}

export function owedErasures(store: { get<T>(collection: CollectionName, id: string): T | undefined }): ErasedRecord[] {
  return store.get<OwedErasures>('settings', OWED_RECORD)?.records ?? []
}

export function oweErasure(tx: Transaction, records: readonly ErasedRecord[]): void {
  if (records.length === 0) return
  const owed = tx.get<OwedErasures>('settings', OWED_RECORD)?.records ?? []
  tx.put('settings', OWED_RECORD, { records: distinctRecords([...owed, ...records]) } satisfies OwedErasures)
}

export function settleErasures(tx: Transaction, records: readonly ErasedRecord[]): void {
  const owed = tx.get<OwedErasures>('settings', OWED_RECORD)?.records
  if (!owed) return
  const settled = new Set(records.map(recordKey))
  const left = owed.filter((record) => !settled.has(recordKey(record)))
  if (left.length === 0) tx.delete('settings', OWED_RECORD)
  else tx.put('settings', OWED_RECORD, { records: left } satisfies OwedErasures)
}

export function distinctRecords(records: readonly ErasedRecord[]): ErasedRecord[] {
  return [...new Map(records.map((record) => [recordKey(record), { collection: record.collection, id: record.id }])).values()]
}

function recordKey(record: ErasedRecord): string {
  return `${record.collection}\u0000${record.id}`
}

export function withoutRecordedValues(entry: AuditEntry): AuditEntry {
  const { changes: _changes, ...rest } = entry
  return rest
}

/** True for an entry about one of these records, or about something keyed by one of them (`<personId>:<targetId>`). */
export function concerns(entry: AuditEntry, ids: ReadonlySet<string>): boolean {
  return ids.has(entry.entityId) || ids.has(entry.entityId.split(':')[0])
}

/** An entry's entity id read off its line without parsing every line of a large trail. */
const ENTITY_ID = /"entityId":"([^"\\]*)"/

export async function scrubAuditFiles(auditDir: string, fs: StoreFs, ids: ReadonlySet<string>): Promise<number> {
  if (ids.size === 0) return 0
  let files: string[]
  try {
    files = (await fs.readdir(auditDir)).filter((name) => /^\d+\.jsonl$/.test(name))
  } catch (error) {
    if (isMissing(error)) return 0
    throw error
  }
  let scrubbed = 0
  for (const name of files) {
    const path = join(auditDir, name)
    const text = (await fs.readFile(path)).toString('utf8')
    let changed = false
    const lines = text.split('\n').flatMap((line) => {
      const entityId = ENTITY_ID.exec(line)?.[1]
      if (entityId === undefined || !ids.has(entityId.split(':')[0])) return [line]
      let entry: AuditEntry
      try {
        entry = JSON.parse(line) as AuditEntry
      } catch {
        // an append torn by a crash, about them: nobody can read it (the journal kept the entry,
        // which was written again whole), but its bytes may hold their values
        changed = true
        return []
      }
      if (!concerns(entry, ids) || entry.changes === undefined) return [line]
      changed = true
      scrubbed++
      return [JSON.stringify(withoutRecordedValues(entry))]
    })
    if (changed) await writeFileDurably(path, lines.join('\n'), { fs })
  }
  return scrubbed
}
