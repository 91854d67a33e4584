import { resolve } from 'node:path'
import type { Station } from '../station'
import { CoreError } from '../model/errors'
import { createBackup, type BackupResult } from './create-backup'
import { verifyBackup, type VerifyResult } from './verify-backup'
import { listBackups, type BackupSummary } from './list-backups'
import { SECRETS_NOTE, defaultBackupDir, type BackupManifest } from './backup-format'
import { prepareDestination } from './backup-destination'

export interface BackupListResult {
  /** The folder listed. */
  destination: string
  defaultDestination: string
  backups: BackupSummary[]
  secretsNote: string
}

/** What the UI needs from a verification: the manifest's file list stays on disk. */
export type VerifySummary = Omit<VerifyResult, 'manifest'> & { counts: BackupManifest['counts']; createdAt: string }

const running = new WeakMap<Station, Promise<BackupResult>>()

/** The contract's backup channels, for main/core/api/handlers.ts; progress goes out as `progress` events (task "backup"). */
export function backupChannels(station: Station, actor: string) {
  const destinationOf = (destination?: string) => (destination?.trim() ? destination.trim() : defaultBackupDir(station.dataDir))
  return {
    'backup.list': async ({ destination }: { destination?: string }): Promise<BackupListResult> => {
      const folder = destination?.trim() ? await prepareDestination(destination, station.dataDir) : defaultBackupDir(station.dataDir)
      return { destination: folder, defaultDestination: defaultBackupDir(station.dataDir), backups: await listBackups(folder), secretsNote: SECRETS_NOTE }
    },
    'backup.create': ({ destination }: { destination?: string }): Promise<BackupResult> => {
      if (running.has(station)) return Promise.reject(new CoreError('conflict', 'backup: a backup is already running; wait for it to finish', { field: 'backup' }))
      const work = createBackup(station, destinationOf(destination), {
        actor,
        onProgress: ({ filesDone, filesTotal }) => station.events.emit({ type: 'progress', task: 'backup', done: filesDone, total: filesTotal, label: 'files' }),
      }).finally(() => running.delete(station))
      running.set(station, work)
      return work
    },
    'backup.verify': async ({ path }: { path: string }): Promise<VerifySummary> => {
      const { manifest, ...result } = await verifyBackup(resolve(path), {
        onProgress: (done, total) => station.events.emit({ type: 'progress', task: 'backup.verify', done, total, label: 'files' }),
      })
      return { ...result, counts: manifest.counts, createdAt: manifest.createdAt }
    },
  }
}
