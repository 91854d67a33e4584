/**
 * How long visitors' personal data is kept, as a station setting in the register (collection
 * `settings`, record `retention`), beside the capture settings: written durably with the journal
 * and audited. Nothing is stored until someone changes it, so a station follows the documented
 * default (common/settings/retention.ts).
 */
import { coreError, parseOrThrow } from '../../../common/errors/core-error'
import { DEFAULT_VISITOR_RETENTION_DAYS, RetentionPatchSchema, type RetentionPatch, type RetentionSettings } from '../../../common/settings/retention'
import type { Store } from '../store/store'

const RECORD_ID = 'retention'

interface StoredRetention {
  visitorDays: number | null
  version: number
  updatedAt: string
  updatedBy: string
}

export class RetentionSettingsStore {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(): RetentionSettings {
    const stored = this.store.get<StoredRetention>('settings', RECORD_ID)
    return {
      visitorDays: stored ? stored.visitorDays : DEFAULT_VISITOR_RETENTION_DAYS,
      defaults: { visitorDays: DEFAULT_VISITOR_RETENTION_DAYS },
      version: stored?.version ?? 0,
      updatedAt: stored?.updatedAt ?? null,
      updatedBy: stored?.updatedBy ?? null,
    }
  }

  async set(patch: RetentionPatch, actor: string): Promise<RetentionSettings> {
    const { visitorDays, version: expected } = parseOrThrow(RetentionPatchSchema, patch)
    await this.store.transact((tx) => {
      const before = tx.get<StoredRetention>('settings', RECORD_ID)
      const version = before?.version ?? 0
      if (expected !== undefined && expected !== version) {
        throw coreError('stale', 'settings.retention_changed_meanwhile', { by: before?.updatedBy ?? 'unknown' }, { field: 'version' })
      }
      const previous = before ? before.visitorDays : DEFAULT_VISITOR_RETENTION_DAYS
      if (previous === visitorDays && before) return
      tx.put('settings', RECORD_ID, { visitorDays, version: version + 1, updatedAt: this.now().toISOString(), updatedBy: actor } satisfies StoredRetention)
      tx.audit({ entity: 'settings', entityId: RECORD_ID, action: 'update', actor, changes: { visitorDays: [previous, visitorDays] } })
    })
    return this.get()
  }
}
