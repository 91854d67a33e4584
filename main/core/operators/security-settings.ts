import { diffFields } from '../audit/diff'
import { parseOrThrow } from '../../../common/errors/core-error'
import { DEFAULT_SECURITY_SETTINGS, SecuritySettingsPatchSchema, type SecuritySettings } from '../../../common/operators/operator-types'
import type { Store } from '../store/store'

const RECORD_ID = 'security'

interface StoredSecuritySettings extends Partial<SecuritySettings> {
  updatedAt: string
  updatedBy: string
}

/** The idle lock and the lock-out after wrong passwords, kept in the register (collection `settings`, record `security`) and audited. */
export class SecuritySettingsStore {
  constructor(private readonly store: Store) {}

  get(): SecuritySettings {
    const stored = this.store.get<StoredSecuritySettings>('settings', RECORD_ID)
    return {
      idleLockMinutes: stored?.idleLockMinutes ?? DEFAULT_SECURITY_SETTINGS.idleLockMinutes,
      maxFailedAttempts: stored?.maxFailedAttempts ?? DEFAULT_SECURITY_SETTINGS.maxFailedAttempts,
    }
  }

  async set(patch: unknown, actor: string): Promise<SecuritySettings> {
    const changes = parseOrThrow(SecuritySettingsPatchSchema, patch, 'security')
    await this.store.transact((tx) => {
      const before = this.get()
      const after: SecuritySettings = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) }
      const diff = diffFields(before, after)
      if (Object.keys(diff).length === 0) return
      tx.put('settings', RECORD_ID, { ...after, updatedAt: new Date().toISOString(), updatedBy: actor } satisfies StoredSecuritySettings)
      tx.audit({ entity: 'settings', entityId: RECORD_ID, action: 'update', actor, changes: diff })
    })
    return this.get()
  }
}
