import type { Station } from '../station'
import { coreError } from '../../../common/errors/core-error'
import { createBackup, type BackupResult } from './create-backup'
import { verifyBackup, type VerifyResult } from './verify-backup'
import { listBackups, type BackupSummary } from './list-backups'
import { SECRETS_NOTE, defaultBackupDir, type BackupManifest } from './backup-format'
import { chooseBackupFolder, configuredBackupFolder, withinBackupFolder } from './backup-folder'
import type { BackupListResult, VerifySummary } from '../../../common/backup/backup-results'

export type { BackupListResult, VerifySummary } from '../../../common/backup/backup-results'

const running = new WeakMap<Station, Promise<BackupResult>>()

/**
 * The contract's backup channels, for main/core/api/handlers.ts; progress goes out as `progress`
 * events (task "backup"). Every path stays inside the backup folder chosen in Settings
 * (backup-folder.ts).
 */
export function backupChannels(station: Station, actor: string) {
  const listing = async (folder: string): Promise<BackupListResult> => ({
    destination: folder,
    defaultDestination: defaultBackupDir(station.dataDir),
    backups: await listBackups(folder),
    secretsNote: SECRETS_NOTE,
  })
  const folderFor = async (destination: string | undefined) =>
    destination?.trim() ? withinBackupFolder(station, destination, 'destination', { allowFolderItself: true }) : configuredBackupFolder(station)
  return {
    'backup.list': async ({ destination }: { destination?: string }): Promise<BackupListResult> => listing(await folderFor(destination)),
    'backup.setFolder': async ({ folder }: { folder: string }): Promise<BackupListResult> => listing(await chooseBackupFolder(station, folder, actor)),
    'backup.create': async ({ destination }: { destination?: string }): Promise<BackupResult> => {
      if (running.has(station)) throw coreError('conflict', 'backup.already_running', {}, { field: 'backup' })
      const folder = await folderFor(destination)
      if (running.has(station)) throw coreError('conflict', 'backup.already_running', {}, { field: 'backup' })
      const work = createBackup(station, folder, {
        actor,
        onProgress: ({ filesDone, filesTotal }) => station.events.emit({ type: 'progress', task: 'backup', done: filesDone, total: filesTotal, label: 'files' }),
      }).finally(() => running.delete(station))
      running.set(station, work)
      return work
    },
    'backup.verify': async ({ path }: { path: string }): Promise<VerifySummary> => {
      const inside = await withinBackupFolder(station, path, 'path', { followLinks: true })
      const { manifest, ...result } = await verifyBackup(inside, {
        onProgress: (done, total) => station.events.emit({ type: 'progress', task: 'backup.verify', done, total, label: 'files' }),
      })
      return { ...result, counts: manifest.counts, createdAt: manifest.createdAt }
    },
  }
}
