import { constants } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { fieldError } from '../../../common/errors/core-error'
import { MAX_PHOTO_INPUT_BYTES } from './photo-files'

/**
 * Reads a file a user named (`--photo`, a CSV's photo cell, the CSV itself) without trusting
 * it: only a regular file (not /dev/zero, a FIFO or a folder), at most `maxBytes` (checked on
 * the open handle before reading, and again while reading in case it grows), so a path can
 * never make the process read without end.
 */
export async function readBoundedFile(path: string, options: { field: string; maxBytes: number; shownAs?: string }): Promise<Buffer> {
  const shown = options.shownAs ?? path
  const limit = `${(options.maxBytes / 1024 / 1024).toFixed(0)} MB`
  const before = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw fieldError(options.field, `cannot read "${shown}" (${error.code === 'ENOENT' ? 'no such file' : (error.code ?? error.message)})`)
  })
  if (!before.isFile()) throw fieldError(options.field, `"${shown}" is not a regular file`)
  // O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it does not hang
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw fieldError(options.field, `cannot read "${shown}" (${error.code ?? error.message})`)
  })
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw fieldError(options.field, `"${shown}" is not a regular file`)
    if (info.size > options.maxBytes) throw fieldError(options.field, `"${shown}" is ${(info.size / 1024 / 1024).toFixed(1)} MB; at most ${limit}`)
    const buffer = Buffer.alloc(info.size + 1)
    let filled = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
      if (filled > info.size) throw fieldError(options.field, `"${shown}" grew while it was read; at most ${limit}`)
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
  if (!path.startsWith(base + sep)) throw fieldError(field, `"${name}" points outside the photos folder`)
  let real: string
  let realBase: string
  try {
    ;[real, realBase] = await Promise.all([realpath(path), realpath(base)])
  } catch {
    throw fieldError(field, `file "${name}" not found in ${folder}`)
  }
  if (!real.startsWith(realBase + sep)) throw fieldError(field, `"${name}" is a link to a file outside the photos folder`)
  return readBoundedFile(real, { field, maxBytes: MAX_PHOTO_INPUT_BYTES, shownAs: name })
}
