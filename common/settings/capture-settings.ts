/** The station's capture settings as the channels carry them (kept by main/core/settings/station-settings.ts). */
import { z } from 'zod'
import type { QualityThresholds } from '../face/quality'
import type { ThresholdName } from './thresholds'

export interface CaptureSettings {
  /** In effect: the stored changes over the defaults. */
  thresholds: QualityThresholds
  defaults: QualityThresholds
  /** Measures whose limit differs from its default. */
  changed: ThresholdName[]
  /** 0 until first saved. */
  version: number
  updatedAt: string | null
  updatedBy: string | null
}

export interface CaptureSettingsInput {
  /** The whole set: a measure left out goes back to its default ({} resets them all). */
  thresholds: Record<string, unknown>
  /** The version the user edited; a save over someone else's newer one is refused. */
  version?: number
}

export const SettingsSetInputSchema = z
  .object({
    capture: z
      .object({
        /** Measure → limit; checked against the quality gate's schema by the core (field named on refusal). */
        thresholds: z.record(z.string(), z.unknown()),
        version: z.int().min(0).optional(),
      })
      .strict(),
  })
  .strict()
