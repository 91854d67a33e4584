import { randomUUID } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CoreError, coreError, fieldCodeError } from '../../../common/errors/core-error'
import { copyWithHash, manifestPath } from './file-copy'
import { SECRETS_NOTE, type BackupManifest } from './backup-format'
import { verifyBackup } from './verify-backup'
import { fsReason } from './backup-destination'

export interface RestoreResult {
  dataDir: string
  files: number
  bytes: number
  counts: BackupManifest['counts']
  createdAt: string
  secretsNote: string
}

/**
 * Copies a verified backup into a data folder that holds nothing yet, never over a register.
 * The files go to a sibling temp folder first and are renamed into place at the end, so an
 * interrupted restore leaves no half register where the station would open it.
 */
export async function restoreBackup(path: string, dataDir: string, options: { onProgress?: (done: number, total: number) => void } = {}): Promise<RestoreResult> {
  const verified = await verifyBackup(path)
  if (!verified.ok) {
    const damaged = [...verified.missing, ...verified.changed]
    throw fieldCodeError('path', 'backup.damaged', { path, count: damaged.length, files: damaged.slice(0, 3).join(', ') })
  }
  await requireEmptyDataFolder(dataDir)
  const { manifest } = verified
  const temp = join(dirname(dataDir), `.${basename(dataDir)}.restoring-${randomUUID().slice(0, 8)}`)
  let bytes = 0
  try {
    await mkdir(temp, { recursive: true })
    for (const [index, file] of manifest.files.entries()) {
      const target = join(temp, file.path)
      await mkdir(dirname(target), { recursive: true })
      const copied = await copyWithHash(join(path, file.path), target)
      // the backup could change between the check and the copy (another program, a failing disk)
      if (copied.sha256 !== file.sha256) throw fieldCodeError('path', 'backup.changed_during_restore', { file: file.path })
      bytes += copied.bytes
      options.onProgress?.(index + 1, manifest.files.length)
    }
    await rm(dataDir, { recursive: true, force: true })
    await rename(temp, dataDir)
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => {})
    if (error instanceof CoreError) throw error
    throw coreError('storage', 'backup.restore_failed', { folder: dataDir, reason: fsReason(error) }, { cause: error })
  }
  return { dataDir, files: manifest.files.length, bytes, counts: manifest.counts, createdAt: manifest.createdAt, secretsNote: SECRETS_NOTE }
}

/**
 * A data folder a restore may fill: missing, empty, or a register opened once that never saved
 * anything (what starting the app or a CLI command on a new folder leaves: meta.json and empty
 * journals). Any snapshot shard, non-empty journal, photo or other file means data: refused.
 */
export async function requireEmptyDataFolder(dataDir: string): Promise<void> {
  const info = await stat(dataDir).catch(() => null)
  if (!info) return
  if (!info.isDirectory()) throw coreError('conflict', 'backup.data_is_file', { folder: dataDir }, { field: 'data' })
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const path = manifestPath(dataDir, join(entry.parentPath, entry.name))
    if (path === 'register/LOCK') {
      throw coreError('conflict', 'backup.data_in_use', { folder: dataDir }, { field: 'data' })
    }
    const freshFile = /^register\/meta\.json(\.bak)?$/.test(path) || (/^register\/journal-\d+\.log$/.test(path) && (await stat(join(dataDir, path))).size === 0)
    if (!freshFile) {
      throw coreError('conflict', 'backup.data_not_empty', { folder: dataDir, path }, { field: 'data' })
    }
  }
}
