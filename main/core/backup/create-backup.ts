import { randomUUID } from 'node:crypto'
import { mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Station } from '../station'
import { CoreError, coreError } from '../../../common/errors/core-error'
import { photoPath } from '../photos/photo-files'
import { captureRegister } from './register-capture'
import { copyWithHash, hashFile, manifestPath } from './file-copy'
import { APP_VERSION } from '../app-version'
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, MANIFEST_FILE, SECRETS_NOTE, backupFolderName, type BackupManifest, type ManifestFile } from './backup-format'
import { fsReason, prepareDestination } from './backup-destination'
import { fsyncDirectory } from '../store/durable-file'
import type { BackupResult } from '../../../common/backup/backup-results'

export type { BackupResult } from '../../../common/backup/backup-results'

export interface BackupProgress {
  phase: 'register' | 'photos' | 'done'
  filesDone: number
  filesTotal: number
  bytesDone: number
}

export interface CreateBackupOptions {
  onProgress?: (progress: BackupProgress) => void
  actor?: string
  now?: () => Date
}

/**
 * Writes one new `enroll-backup-YYYYMMDD-HHMMSS/` folder under `destinationDir`: the register as
 * it was at one instant, the photos it referenced then, the face descriptors and a manifest.
 * Writes are held only while the register files are hard-linked (milliseconds); photos are
 * content-addressed and never change, so they are copied while the desk keeps working. Everything
 * is written into a hidden temp folder renamed at the end: a half-made backup never looks complete.
 * Back-end secrets are left out (they are bound to this machine's keychain in the desktop app).
 */
export async function createBackup(station: Station, destinationDir: string, options: CreateBackupOptions = {}): Promise<BackupResult> {
  // an empty transaction writes nothing and is refused only by a closed or read-only register:
  // compacting from a read-only view would write into the register another program owns
  await station.store.transact(() => undefined).catch((error: Error) => {
    throw coreError('storage', 'backup.register_unavailable', { detail: error.message }, { field: 'backup', cause: error })
  })
  const destination = await prepareDestination(destinationDir, station.dataDir)
  const createdAt = (options.now ?? (() => new Date()))()
  const finalName = await freeName(destination, backupFolderName(createdAt))
  const temp = join(destination, `.${finalName}.partial-${randomUUID().slice(0, 8)}`)
  const stagingRoot = join(station.dataDir, 'backup-staging')
  const staging = join(stagingRoot, randomUUID())
  const report = options.onProgress ?? (() => {})
  // Only this process writes this register (the register lock), so with no backup running here
  // anything left in the staging folder is from a backup that died mid-way: links, safe to drop.
  if (backupsRunning === 0) await rm(stagingRoot, { recursive: true, force: true })
  backupsRunning++
  try {
    await mkdir(temp, { recursive: true }).catch((error) => {
      throw coreError('invalid', 'backup.cannot_write', { folder: destination, reason: fsReason(error) }, { field: 'destination', cause: error })
    })
    await mkdir(staging, { recursive: true })
    await station.store.flush()
    await station.store.compact()
    const capture = captureRegister(station.store, staging)

    const missingPhotos: string[] = []
    const photoSources: Array<{ path: string; source: string }> = []
    for (const hash of capture.photoHashes) {
      const source = photoPath(station.dataDir, hash)
      if (await stat(source).catch(() => null)) photoSources.push({ path: manifestPath(station.dataDir, source), source })
      else missingPhotos.push(hash)
    }
    const filesTotal = capture.files.length + photoSources.length
    const files: ManifestFile[] = []
    let bytesDone = 0
    const copy = async (path: string, source: string, length?: number) => {
      const target = join(temp, path)
      await mkdir(dirname(target), { recursive: true })
      const { bytes, sha256 } = await copyWithHash(source, target, length)
      files.push({ path, bytes, sha256 })
      bytesDone += bytes
    }
    for (const file of capture.files) {
      await copy(file.path, file.staged, file.bytes)
      report({ phase: 'register', filesDone: files.length, filesTotal, bytesDone })
    }
    await removeStaging(staging)
    for (const photo of photoSources) {
      await copy(photo.path, photo.source)
      report({ phase: 'photos', filesDone: files.length, filesTotal, bytesDone })
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: APP_VERSION,
      createdAt: createdAt.toISOString(),
      createdBy: options.actor ?? 'station',
      sourceDataDir: station.dataDir,
      counts: capture.counts,
      secretsIncluded: false,
      secretsNote: SECRETS_NOTE,
      missingPhotos,
      files,
    }
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`
    await writeFile(join(temp, MANIFEST_FILE), manifestText)
    const { sha256 } = await hashFile(join(temp, MANIFEST_FILE))
    await fsyncDirectory(temp)
    const path = join(destination, finalName)
    await rename(temp, path)
    await fsyncDirectory(destination)
    report({ phase: 'done', filesDone: filesTotal, filesTotal, bytesDone })
    return {
      path,
      persons: capture.counts.persons,
      photos: photoSources.length,
      bytes: bytesDone + Buffer.byteLength(manifestText),
      sha256,
      createdAt: manifest.createdAt,
      missingPhotos,
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => {})
    await removeStaging(staging).catch(() => {})
    if (error instanceof CoreError) throw error
    throw coreError('storage', 'backup.failed', { reason: fsReason(error), detail: (error as Error).message }, { cause: error })
  } finally {
    backupsRunning--
  }
}

let backupsRunning = 0

/** The links die with the backup; the shared parent goes too unless another backup is running. */
async function removeStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true })
  await rmdir(dirname(staging)).catch(() => {})
}

/** Two backups in the same second get -2, -3…: a backup never replaces another. */
async function freeName(destination: string, name: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}-${n}`
    if (!(await stat(join(destination, candidate)).catch(() => null))) return candidate
  }
}
