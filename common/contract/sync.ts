import { z } from 'zod'
import { SYNC_DISPLAY_STATES } from '../sync/display-states'
import type { HistoryBucket, SyncStatusRow, SyncSummary, TargetSyncSummary } from '../sync/sync-status'
import { channel, id } from './channel'

/** The sync screen: per target counts, rate, reachability; the queue per person × target; the user's actions. */
export const syncChannels = {
  'sync.summary': channel<SyncSummary>()(z.object({}).strict()),
  'sync.status': channel<{ items: SyncStatusRow[]; total: number }>()(
    z
      .object({
        target: z.string().optional(),
        person: z.string().optional(),
        state: z.enum(SYNC_DISPLAY_STATES).optional(),
        offset: z.int().min(0).optional(),
        limit: z.int().min(1).max(10_000).optional(),
      })
      .strict(),
  ),
  /** The person detail view: this person's state on every target (row null: nothing queued there). */
  'sync.person': channel<Array<{ targetId: string; targetName: string; row: SyncStatusRow | null }>>()(z.object({ id }).strict()),
  /** `person` is an id, a code, or "all". */
  'sync.retry': channel<{ moved: number }>()(z.object({ person: id, target: z.string().optional() }).strict()),
  'sync.pause': channel<TargetSyncSummary>()(z.object({ target: id, paused: z.boolean() }).strict()),
  'sync.now': channel<{ woken: number }>()(z.object({}).strict()),
  'sync.all': channel<{ queued: number }>()(z.object({ target: z.string().optional() }).strict()),
  'sync.limits': channel<TargetSyncSummary>()(
    z
      .object({
        target: id,
        ratePerSecond: z.number().positive('must be more than 0').max(10_000).optional(),
        concurrency: z.int('must be a whole number').min(1, 'at least 1').max(64, 'at most 64').optional(),
      })
      .strict(),
  ),
  /** Pushed / failed / refused per 10-minute bucket, oldest first. */
  'sync.history': channel<HistoryBucket[]>()(z.object({ hours: z.number().positive().max(24).optional(), target: z.string().optional() }).strict()),
}
