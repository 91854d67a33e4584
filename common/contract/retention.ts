import { PurgeExpiredInputSchema, type RetentionRun } from '../settings/retention'
import { channel } from './channel'

/**
 * Retention of visitors' personal data: the purge the station runs daily, on demand. With
 * `dryRun` it lists who would go and changes nothing. The setting itself is in settings.get/set.
 */
export const retentionChannels = {
  'retention.purgeExpired': channel<RetentionRun>()(PurgeExpiredInputSchema),
}
