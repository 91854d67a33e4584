import { z } from 'zod'
import { definitionOf } from '../connectors/definitions'
import type { TargetConfig } from '../../../common/targets/target-config'
import type { SyncLimits } from '../../../common/sync/sync-status'

export type { SyncLimits } from '../../../common/sync/sync-status'

/**
 * How hard the queue may push to one target. Kept in the target's `settings` (which each
 * connector's schema reads leniently, ignoring keys it does not know), so they travel with the
 * target and need no second record:
 *   syncRatePerSecond  HTTP calls per second to this back end's account
 *   syncConcurrency    persons pushed at once
 */
export const SyncLimitsSchema = z.object({
  syncRatePerSecond: z.number().positive('must be more than 0').max(10_000).optional(),
  syncConcurrency: z.int().min(1, 'at least 1').max(64, 'at most 64').optional(),
})

export function syncLimitsOf(target: Pick<TargetConfig, 'kind' | 'settings'>): SyncLimits {
  // each back end's own defaults: its definition's `syncLimits`, where the reason for its figures is given
  const defaults = definitionOf(target.kind).syncLimits
  const parsed = SyncLimitsSchema.safeParse({ syncRatePerSecond: target.settings.syncRatePerSecond, syncConcurrency: target.settings.syncConcurrency })
  const limits = parsed.success ? parsed.data : {}
  return { ratePerSecond: limits.syncRatePerSecond ?? defaults.ratePerSecond, concurrency: limits.syncConcurrency ?? defaults.concurrency }
}

/**
 * Targets that share an account share its rate limit, where the kind's definition names that
 * account (`rateAccount`: two Tuya targets with the same client id on the same cloud draw from one
 * bucket). Others are limited per target.
 */
export function rateAccountKey(target: Pick<TargetConfig, 'id' | 'kind' | 'baseUrl' | 'settings'>): string {
  const account = definitionOf(target.kind).rateAccount?.(target) ?? null
  return account === null ? `target|${target.id}` : `account|${account}`
}
