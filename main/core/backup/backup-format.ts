import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { CoreError } from '../../../common/errors/core-error'

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

/**
 * Default destination: a `backups` folder beside the data folder (…/Enrollment Station/backups),
 * never inside it, so a backup is not itself backed up and a restore target stays empty. It is
 * on the same disk: the UI says to copy backups elsewhere (or choose another folder).
 */
export function defaultBackupDir(dataDir: string): string {
  return join(dirname(dataDir), 'backups')
}

/** `enroll-backup-YYYYMMDD-HHMMSS` in local time, which is what the person at the desk reads. */
export function backupFolderName(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`
  return `enroll-backup-${day}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`
}

export async function readManifest(backupPath: string): Promise<BackupManifest> {
  const path = join(backupPath, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CoreError('invalid', `path: ${backupPath} is not a backup (no readable ${MANIFEST_FILE}: ${code ?? (error as Error).message})`, { field: 'path' })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CoreError('invalid', `path: ${MANIFEST_FILE} in ${backupPath} is damaged (not JSON)`, { field: 'path' })
  }
  const result = ManifestSchema.safeParse(parsed)
  if (!result.success) {
    throw new CoreError('invalid', `path: ${MANIFEST_FILE} in ${backupPath} is not a backup manifest this version reads (${result.error.issues[0]?.message})`, { field: 'path' })
  }
  if (result.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new CoreError('unsupported', `path: the backup in ${backupPath} was written by a newer version (format ${result.data.formatVersion}); update the app to read it`, { field: 'path' })
  }
  return result.data
}
