import { z } from 'zod'

/**
 * What a backup folder is: the data folder's own layout (register/, audit/, photos/, faces/)
 * beside a manifest.json that names every file with its size and SHA-256. Restoring is copying
 * the files back; verifying is hashing them again.
 */
export const BACKUP_FORMAT = 'enrollment-station-backup'
export const BACKUP_FORMAT_VERSION = 1
export const MANIFEST_FILE = 'manifest.json'
export const BACKUP_NAME_PATTERN = /^enroll-backup-\d{8}-\d{6}(-\d+)?$/
export const SECRETS_NOTE = 'Back-end secrets (passwords, keys) are not in this backup: re-enter them in Settings after a restore.'

const ManifestFileSchema = z.object({
  path: z.string().min(1),
  bytes: z.int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
})

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.int().positive(),
  appVersion: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  sourceDataDir: z.string(),
  counts: z.object({
    persons: z.int().min(0),
    deletedPersons: z.int().min(0),
    groups: z.int().min(0),
    targets: z.int().min(0),
    photos: z.int().min(0),
  }),
  secretsIncluded: z.literal(false),
  secretsNote: z.string(),
  /** Photos the register named that were not on disk when the backup was taken. */
  missingPhotos: z.array(z.string()),
  files: z.array(ManifestFileSchema),
})

export type BackupManifest = z.infer<typeof ManifestSchema>
export type ManifestFile = z.infer<typeof ManifestFileSchema>
