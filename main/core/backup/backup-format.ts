import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { BACKUP_FORMAT_VERSION, MANIFEST_FILE, ManifestSchema, type BackupManifest } from '../../../common/backup/manifest'
import { coreError, fieldCodeError } from '../../../common/errors/core-error'

export { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_NAME_PATTERN, MANIFEST_FILE, ManifestSchema, SECRETS_NOTE, type BackupManifest, type ManifestFile } from '../../../common/backup/manifest'

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
    throw fieldCodeError('path', 'backup.not_a_backup', { path: backupPath, file: MANIFEST_FILE, detail: code ?? (error as Error).message })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw fieldCodeError('path', 'backup.manifest_damaged', { path: backupPath, file: MANIFEST_FILE })
  }
  const result = ManifestSchema.safeParse(parsed)
  if (!result.success) {
    throw fieldCodeError('path', 'backup.manifest_unreadable', { path: backupPath, file: MANIFEST_FILE, detail: String(result.error.issues[0]?.message) })
  }
  if (result.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw coreError('unsupported', 'backup.newer_format', { path: backupPath, format: String(result.data.formatVersion) }, { field: 'path' })
  }
  return result.data
}
