import { CoreError } from '../../../common/errors/core-error'

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT'])

export function isDiskFull(error: unknown): boolean {
  return DISK_FULL.has((error as NodeJS.ErrnoException)?.code ?? '')
}

/**
 * A write to the data folder that failed, in words: a full disk says so and names the folder
 * (code disk_full), anything else is a storage failure with the system's reason. Either way the
 * change was not saved and everything saved before is kept.
 */
export function storageFailure(error: unknown, folder: string): CoreError {
  const cause = error instanceof Error ? error : new Error(String(error))
  if (isDiskFull(error)) {
    return new CoreError('disk_full', `The disk holding ${folder} is full; the change was not saved. Free some space and try again (everything saved before is kept).`, { cause })
  }
  return new CoreError('storage', `The register could not be written (${cause.message}); the change was not saved. Try again; if it keeps failing, check the disk holding ${folder} (everything saved before is kept).`, { cause })
}

/** Opening for changes needs a little room (the lock, the journal): on a full disk, say so. */
export function openFailure(error: unknown, folder: string): unknown {
  if (!isDiskFull(error)) return error
  return new CoreError('disk_full', `The disk holding ${folder} is full; the register cannot be opened for changes. Free some space and try again (nothing was changed).`, {
    cause: error,
  })
}
