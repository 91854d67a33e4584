import { mkdir, access, constants } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { coreError, fieldCodeError } from '../../../common/errors/core-error'

/**
 * Checks a folder chosen for backups and creates it: an absolute path, outside the data folder
 * (a backup inside the register would be copied into the next one and lost with the same disk),
 * and writable.
 */
export async function prepareDestination(destination: string, dataDir: string): Promise<string> {
  const trimmed = destination.trim()
  if (!trimmed) throw fieldCodeError('destination', 'field.required')
  if (!isAbsolute(trimmed)) throw fieldCodeError('destination', 'backup.destination_not_absolute', { example: resolve('/backups'), given: trimmed })
  const folder = resolve(trimmed)
  const inside = relative(resolve(dataDir), folder)
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw fieldCodeError('destination', 'backup.destination_inside_data', { folder: dataDir })
  }
  try {
    await mkdir(folder, { recursive: true })
    await access(folder, constants.W_OK)
  } catch (error) {
    throw coreError('invalid', 'backup.cannot_write', { folder, reason: fsReason(error) }, { field: 'destination', cause: error })
  }
  return folder
}

/** Why a file operation failed, as the catalogues' `reason` select names it (disk_full, denied, read_only, in_the_way), else the system's code or message. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOSPC') return 'disk_full'
  if (code === 'EACCES' || code === 'EPERM') return 'denied'
  if (code === 'EROFS') return 'read_only'
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'in_the_way'
  return code ?? (error as Error).message
}
