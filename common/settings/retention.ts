/**
 * How long a station keeps a visitor's personal data after the visit (pure: the contract, the
 * Settings screen and the core read it). Kept by main/core/settings/retention-settings.ts.
 *
 * The default, 30 days after the visit ended, is what a reception desk expects: long enough to
 * answer "who visited last week?" and to re-enroll a returning visitor, short enough that a
 * stranger's face and ID number do not stay on a front-desk PC for years. `null` keeps visitors
 * until someone deletes them (the behaviour before this setting existed).
 */
import { z } from 'zod'

export const DEFAULT_VISITOR_RETENTION_DAYS = 30
/** Ten years: beyond that "keep forever" (null) says what is meant. */
export const MAX_VISITOR_RETENTION_DAYS = 3650

export interface RetentionSettings {
  /** Days after a visit's end before the visitor is purged; null: kept until deleted by hand. */
  visitorDays: number | null
  defaults: { visitorDays: number | null }
  /** 0 until first saved. */
  version: number
  updatedAt: string | null
  updatedBy: string | null
}

export const RetentionPatchSchema = z
  .object({
    visitorDays: z.int().min(1).max(MAX_VISITOR_RETENTION_DAYS).nullable(),
    /** The version the user edited; a save over someone else's newer one is refused. */
    version: z.int().min(0).optional(),
  })
  .strict()
export type RetentionPatch = z.input<typeof RetentionPatchSchema>

/** One visitor that a purge removes (or, with dryRun, would remove). No other field: the list may be printed. */
export interface ExpiredVisitor {
  id: string
  code: string
  name: string
  /** When the visit ended: validUntil, or the day the visitor was deleted, or their last change (see visitEnd). */
  visitEnd: string
}

export interface RetentionRun {
  dryRun: boolean
  /** null: the station keeps visitors (visitorDays is null), nothing was looked at. */
  visitorDays: number | null
  /** Visits that ended before this time are expired. */
  cutoff: string | null
  /** With dryRun the persons who would go; otherwise those who went (names only in this answer, never in the audit trail). */
  visitors: ExpiredVisitor[]
  /** Photo files removed (or that would be): photos no other person uses. */
  photos: number
}

export const PurgeExpiredInputSchema = z.object({ dryRun: z.boolean().optional() }).strict()
