import { coreError, type CoreError } from '../../../common/errors/core-error'

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT'])

export function isDiskFull(error: unknown): boolean {
  return DISK_FULL.has((error as NodeJS.ErrnoException)?.code ?? '')
}

/**
 * A write to the data folder that failed, in words: a full disk says so and names the folder
 * (code disk_full), anything else is a storage failure with the system's reason. Either way the
 * change was not saved and everything saved before is kept. `stuck`: the journal could not be put
 * back in order either, so the register takes no further change until the app restarts.
 */
export function storageFailure(error: unknown, folder: string, stuck = false): CoreError {
  const cause = error instanceof Error ? error : new Error(String(error))
  const lasting = stuck ? 'yes' : 'no'
  if (isDiskFull(error)) return coreError('disk_full', 'store.disk_full', { folder, stuck: lasting }, { cause })
  return coreError('storage', 'store.write_failed', { folder, cause: cause.message, stuck: lasting }, { cause })
}

/**
 * Records were erased, but rewriting their older copies (journal, shard copies, audit values)
 * failed: the erasure stands, and the next purge finishes the rewrite.
 */
export function erasureOwed(error: unknown, folder: string): CoreError {
  const cause = error instanceof Error ? error : new Error(String(error))
  return coreError(isDiskFull(error) ? 'disk_full' : 'storage', 'store.erasure_owed', { folder, cause: cause.message }, { cause })
}

/** Opening for changes needs a little room (the lock, the journal): on a full disk, say so. */
export function openFailure(error: unknown, folder: string): unknown {
  if (!isDiskFull(error)) return error
  return coreError('disk_full', 'store.disk_full_on_open', { folder }, { cause: error })
}
