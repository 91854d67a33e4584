import { mkdir, access, constants } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { CoreError } from '../../../common/errors/core-error'

/**
 * Checks a folder chosen for backups and creates it: an absolute path, outside the data folder
 * (a backup inside the register would be copied into the next one and lost with the same disk),
 * and writable.
 */
export async function prepareDestination(destination: string, dataDir: string): Promise<string> {
  const trimmed = destination.trim()
  if (!trimmed) throw new CoreError('invalid', 'destination: is required', { field: 'destination' })
  if (!isAbsolute(trimmed)) throw new CoreError('invalid', `destination: must be a full path (e.g. ${resolve('/backups')}), not "${trimmed}"`, { field: 'destination' })
  const folder = resolve(trimmed)
  const inside = relative(resolve(dataDir), folder)
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new CoreError('invalid', `destination: must be outside the data folder ${dataDir}`, { field: 'destination' })
  }
  try {
    await mkdir(folder, { recursive: true })
    await access(folder, constants.W_OK)
  } catch (error) {
    throw new CoreError('invalid', `destination: cannot write to ${folder} (${describeFsError(error)})`, { field: 'destination', cause: error })
  }
  return folder
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOSPC') return 'the disk is full'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EROFS') return 'the disk is read-only'
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way'
  return code ?? (error as Error).message
}
