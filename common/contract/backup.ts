import { z } from 'zod'
import type { BackupListResult, BackupResult, VerifySummary } from '../backup/backup-results'
import { channel, id } from './channel'

export const backupChannels = {
  /** Backups in the chosen backup folder (default: a "backups" folder beside the data folder), newest first, from their manifests; `destination` must be inside it. */
  'backup.list': channel<BackupListResult>()(z.object({ destination: z.string().max(4096).optional() }).strict()),
  /** Chooses the backup folder (audited; "" goes back to the default) and lists it; create, list and verify stay inside it. */
  'backup.setFolder': channel<BackupListResult>()(z.object({ folder: z.string().max(4096) }).strict()),
  /** A new backup in the chosen backup folder (`destination` must be inside it; register at one instant, photos, descriptors, manifest; no secrets); progress as `progress` events, task "backup". */
  'backup.create': channel<BackupResult>()(z.object({ destination: z.string().max(4096).optional() }).strict()),
  /** Every file of a backup hashed again against its manifest; missing and changed files named. */
  'backup.verify': channel<VerifySummary>()(z.object({ path: id }).strict()),
}
