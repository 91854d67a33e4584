import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { BACKUP_NAME_PATTERN, readManifest, type BackupManifest } from './backup-format'
import type { BackupSummary } from '../../../common/backup/backup-results'

export type { BackupSummary } from '../../../common/backup/backup-results'

/** Complete backups in a folder, newest first; temp folders and unreadable manifests are skipped. */
export async function listBackups(folder: string): Promise<BackupSummary[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const summaries: BackupSummary[] = []
  for (const name of names.filter((n) => BACKUP_NAME_PATTERN.test(n))) {
    const path = join(folder, name)
    const manifest = await readManifest(path).catch(() => null)
    if (!manifest) continue
    summaries.push({
      path,
      name,
      createdAt: manifest.createdAt,
      createdBy: manifest.createdBy,
      appVersion: manifest.appVersion,
      counts: manifest.counts,
      bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
      files: manifest.files.length,
    })
  }
  return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name))
}
