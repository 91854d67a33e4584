import { constants } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { fieldCodeError } from '../../../common/errors/core-error'
import { MAX_PHOTO_INPUT_BYTES } from './photo-files'

/**
 * Reads a file a user named (`--photo`, a CSV's photo cell, the CSV itself) without trusting
 * it: only a regular file (not /dev/zero, a FIFO or a folder), at most `maxBytes` (checked on
 * the open handle before reading, and again while reading in case it grows), so a path can
 * never make the process read without end.
 */
export async function readBoundedFile(path: string, options: { field: string; maxBytes: number; shownAs?: string }): Promise<Buffer> {
  const shown = options.shownAs ?? path
  const limit = (options.maxBytes / 1024 / 1024).toFixed(0)
  const before = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw fieldCodeError(options.field, 'file.unreadable', { name: shown, reason: error.code === 'ENOENT' ? 'missing' : (error.code ?? error.message) })
  })
  if (!before.isFile()) throw fieldCodeError(options.field, 'file.not_regular', { name: shown })
  // O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it does not hang
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw fieldCodeError(options.field, 'file.unreadable', { name: shown, reason: error.code ?? error.message })
  })
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw fieldCodeError(options.field, 'file.not_regular', { name: shown })
    if (info.size > options.maxBytes) throw fieldCodeError(options.field, 'file.too_large', { name: shown, size: (info.size / 1024 / 1024).toFixed(1), limit })
    const buffer = Buffer.alloc(info.size + 1)
    let filled = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
      if (filled > info.size) throw fieldCodeError(options.field, 'file.grew', { name: shown, limit })
    }
    return buffer.subarray(0, filled)
  } finally {
    await handle.close()
  }
}

/** A photo file named on the command line or picked by a user. */
export function readPhotoInput(path: string, field = 'photo'): Promise<Buffer> {
  return readBoundedFile(path, { field, maxBytes: MAX_PHOTO_INPUT_BYTES })
}

/**
 * A photo a CSV row names, from the photos folder given with the import: the name and any
 * symbolic link on the way must stay inside that folder.
 */
export async function readPhotoFromFolder(folder: string, name: string, field = 'photo'): Promise<Buffer> {
  const base = resolve(folder)
  const path = resolve(join(base, name))
  if (!path.startsWith(base + sep)) throw fieldCodeError(field, 'photo.name_outside_folder', { name })
  let real: string
  let realBase: string
  try {
    ;[real, realBase] = await Promise.all([realpath(path), realpath(base)])
  } catch {
    throw fieldCodeError(field, 'photo.not_in_folder', { name, folder })
  }
  if (!real.startsWith(realBase + sep)) throw fieldCodeError(field, 'photo.link_outside_folder', { name })
  return readBoundedFile(real, { field, maxBytes: MAX_PHOTO_INPUT_BYTES, shownAs: name })
}
