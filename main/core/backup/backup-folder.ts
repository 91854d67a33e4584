import { realpath } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { Station } from '../station'
import { fieldCodeError } from '../../../common/errors/core-error'
import { defaultBackupDir } from './backup-format'
import { prepareDestination } from './backup-destination'

/**
 * The backup folder chosen in Settings, kept in the register (collection `settings`, record
 * `backup`) so the choice is audited and the same for every screen. Over the contract, backups
 * are written, listed and verified only inside it: a caller holding the token cannot make the
 * station write the register to, or probe, any other path. The CLI's `--to` is a local admin's
 * own choice and does not go through here.
 */
const RECORD_ID = 'backup'

interface StoredBackupFolder {
  folder: string
  version: number
  updatedAt: string
  updatedBy: string
}

export function configuredBackupFolder(station: Station): string {
  return station.store.get<StoredBackupFolder>('settings', RECORD_ID)?.folder ?? defaultBackupDir(station.dataDir)
}

/** Saves the folder after the destination checks (absolute, outside the data folder, writable); "" means the default. */
export async function chooseBackupFolder(station: Station, folder: string, actor: string): Promise<string> {
  const chosen = folder.trim() ? await prepareDestination(folder, station.dataDir) : defaultBackupDir(station.dataDir)
  const current = configuredBackupFolder(station)
  if (chosen === current) return chosen
  await station.store.transact((tx) => {
    const before = tx.get<StoredBackupFolder>('settings', RECORD_ID)
    tx.put('settings', RECORD_ID, { folder: chosen, version: (before?.version ?? 0) + 1, updatedAt: new Date().toISOString(), updatedBy: actor } satisfies StoredBackupFolder)
    tx.audit({ entity: 'settings', entityId: RECORD_ID, action: 'update', actor, changes: { folder: [current, chosen] } })
  })
  return chosen
}

/**
 * `path` resolved, when it is the backup folder or inside it (by its name first, so nothing
 * outside is touched, then through any symbolic links when `followLinks`); refused otherwise.
 */
export async function withinBackupFolder(station: Station, path: string, field: string, options: { followLinks?: boolean; allowFolderItself?: boolean } = {}): Promise<string> {
  const folder = configuredBackupFolder(station)
  const outside = () => fieldCodeError(field, 'backup.outside_folder', { folder })
  if (!isAbsolute(path.trim())) throw outside()
  const target = resolve(path.trim())
  if (!isInside(folder, target, options.allowFolderItself ?? false)) throw outside()
  if (options.followLinks) {
    const [realFolder, realTarget] = await Promise.all([realpath(folder).catch(() => folder), realpath(target).catch(() => target)])
    if (!isInside(realFolder, realTarget, options.allowFolderItself ?? false)) throw outside()
  }
  return target
}

function isInside(folder: string, target: string, allowItself: boolean): boolean {
  const rest = relative(folder, target)
  if (rest === '') return allowItself
  return rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest)
}
