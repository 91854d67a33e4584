/** One audited change, as the journal keeps it and `person.history` shows it. */
export interface AuditEntry {
  id: string
  at: string
  /** The operator who made the change (`local:<osuser>` for the machine's own administrator). */
  actor: string
  /** The station it was made on (absent on entries from before operators). */
  station?: string
  entity: string
  entityId: string
  action: string
  changes?: Record<string, [unknown, unknown]>
}
