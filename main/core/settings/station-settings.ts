/**
 * The station's capture settings, kept in the register (collection `settings`, record `capture`),
 * so they are written durably with the journal, audited, and the same for the live camera, the
 * CLI, photo files and CSV imports.
 *
 * Only the limits that differ from the documented defaults are stored: a station that never
 * changed a limit follows better defaults when the software brings them.
 */
import { diffFields } from '../audit/diff'
import { coreError } from '../../../common/errors/core-error'
import { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from '../../../common/face/quality'
import type { EventHub } from '../events'
import type { Store } from '../store/store'
import { parseThresholds, thresholdOverrides, thresholdsFrom, THRESHOLD_NAMES, type ThresholdName } from '../../../common/settings/thresholds'
import type { CaptureSettings, CaptureSettingsInput } from '../../../common/settings/capture-settings'

export type { CaptureSettings, CaptureSettingsInput } from '../../../common/settings/capture-settings'

const RECORD_ID = 'capture'

interface StoredCaptureSettings {
  thresholds: Partial<QualityThresholds>
  version: number
  updatedAt: string
  updatedBy: string
}

export interface StationSettingsOptions {
  /** Told of each saved change (`settings.changed`), so what is open on screen follows it. */
  events?: Pick<EventHub, 'emit'>
  now?: () => Date
}

export class StationSettings {
  private readonly now: () => Date

  constructor(
    private readonly store: Store,
    private readonly options: StationSettingsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date())
  }

  capture(): CaptureSettings {
    const stored = this.stored()
    const thresholds = thresholdsFrom(stored?.thresholds)
    return {
      thresholds,
      defaults: { ...DEFAULT_QUALITY_THRESHOLDS },
      changed: THRESHOLD_NAMES.filter((name) => thresholds[name] !== DEFAULT_QUALITY_THRESHOLDS[name]),
      version: stored?.version ?? 0,
      updatedAt: stored?.updatedAt ?? null,
      updatedBy: stored?.updatedBy ?? null,
    }
  }

  /** What the quality gate of photo files and imports uses right now. */
  thresholds(): QualityThresholds {
    return thresholdsFrom(this.stored()?.thresholds)
  }

  async setCapture(input: CaptureSettingsInput, actor: string): Promise<CaptureSettings> {
    const overrides = thresholdOverrides(parseThresholds(input.thresholds))
    let changed = false
    await this.store.transact((tx) => {
      const before = tx.get<StoredCaptureSettings>('settings', RECORD_ID)
      const version = before?.version ?? 0
      if (input.version !== undefined && input.version !== version) {
        throw coreError('stale', 'settings.capture_changed_meanwhile', { by: before?.updatedBy ?? 'unknown' }, { field: 'version' })
      }
      const next: StoredCaptureSettings = { thresholds: overrides, version: version + 1, updatedAt: this.now().toISOString(), updatedBy: actor }
      const changes = diffFields(thresholdsFrom(before?.thresholds), thresholdsFrom(overrides))
      if (Object.keys(changes).length === 0) return
      tx.put('settings', RECORD_ID, next)
      tx.audit({ entity: 'settings', entityId: RECORD_ID, action: 'update', actor, changes })
      changed = true
    })
    const capture = this.capture()
    if (changed) this.options.events?.emit({ type: 'settings.changed', capture })
    return capture
  }

  private stored(): StoredCaptureSettings | undefined {
    return this.store.get<StoredCaptureSettings>('settings', RECORD_ID)
  }
}
