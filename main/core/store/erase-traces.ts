/**
 * What erasing a person for good (retention) does to the audit trail: every entry about them
 * keeps when, who, where and what kind of change it was, and loses the values it recorded
 * (`changes`: the names, phones and certificate numbers before and after). The audit shard files
 * that hold such entries are rewritten whole, crash-safely (temp file, fsync, rename).
 *
 *   withoutRecordedValues(entry) → the entry without `changes`
 *   await scrubAuditFiles(auditDir, fs, ids) → how many entries lost their values
 */
import { join } from 'node:path'
import type { AuditEntry } from './journal'
import { writeFileDurably } from './durable-file'
import { isMissing, type StoreFs } from './store-fs'

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
    const lines = text.split('\n').map((line) => {
      const entityId = ENTITY_ID.exec(line)?.[1]
      if (entityId === undefined || !ids.has(entityId.split(':')[0])) return line
      let entry: AuditEntry
      try {
        entry = JSON.parse(line) as AuditEntry
      } catch {
        return line
      }
      if (!concerns(entry, ids) || entry.changes === undefined) return line
      changed = true
      scrubbed++
      return JSON.stringify(withoutRecordedValues(entry))
    })
    if (changed) await writeFileDurably(path, lines.join('\n'), { fs })
  }
  return scrubbed
}
