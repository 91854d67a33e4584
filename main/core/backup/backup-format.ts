import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { BACKUP_FORMAT_VERSION, MANIFEST_FILE, ManifestSchema, type BackupManifest } from '../../../common/backup/manifest'
import { CoreError } from '../../../common/errors/core-error'

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
