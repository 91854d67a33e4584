/** One audited change, as the journal keeps it and `person.history` shows it. */
export interface AuditEntry {
  id: string
  at: string
  actor: string
  entity: string
  entityId: string
  action: string
  changes?: Record<string, [unknown, unknown]>
}
