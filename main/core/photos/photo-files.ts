import { createHash } from 'node:crypto'
import { access, mkdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import sharp, { type Metadata } from 'sharp'
import { writeFileDurably } from '../store/durable-file'
import { coreError, fieldCodeError, type CoreError } from '../../../common/errors/core-error'
import { isDiskFull } from '../store/storage-errors'
import type { PhotoRef } from '../../../common/model/person'

/**
 * Face images are separate JPEG files named by the SHA-256 of their bytes: the same photo is
 * stored once, a file never changes once written, and the JSON register only holds the reference.
 */
export const MAX_PHOTO_INPUT_BYTES = 25 * 1024 * 1024
export const MAX_PHOTO_PIXELS = 40_000_000

export function photoPath(dataDir: string, hash: string): string {
  return join(dataDir, 'photos', hash.slice(0, 2), `${hash}.jpg`)
}

/** Stores bytes that must already be a JPEG (the face pipeline produces them); anything else is re-encoded. */
export async function savePhotoFile(
  dataDir: string,
  bytes: Buffer,
  meta: { source: PhotoRef['source']; quality: number | null; capturedAt?: string },
): Promise<PhotoRef> {
  if (bytes.length > MAX_PHOTO_INPUT_BYTES) throw fieldCodeError('photo', 'photo.input_too_large', { limit: String(MAX_PHOTO_INPUT_BYTES / 1024 / 1024) })
  let info: Metadata
  try {
    info = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata()
  } catch (error) {
    throw fieldCodeError('photo', 'photo.not_an_image', { detail: (error as Error).message })
  }
  if (!info.width || !info.height) throw fieldCodeError('photo', 'photo.no_size')
  let jpeg = bytes
  let { width, height } = info
  if (info.format !== 'jpeg' || (info.orientation ?? 1) !== 1) {
    const output = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS })
      .rotate()
      .jpeg({ quality: 90, progressive: false, chromaSubsampling: '4:2:0' })
      .toBuffer({ resolveWithObject: true })
    jpeg = output.data
    width = output.info.width
    height = output.info.height
  }
  const hash = createHash('sha256').update(jpeg).digest('hex')
  const path = photoPath(dataDir, hash)
  if (!(await exists(path))) {
    try {
      await mkdir(join(dataDir, 'photos', hash.slice(0, 2)), { recursive: true })
      await writeFileDurably(path, jpeg)
    } catch (error) {
      throw photoNotSaved(error, join(dataDir, 'photos'))
    }
  }
  return {
    hash,
    width,
    height,
    bytes: jpeg.length,
    quality: meta.quality,
    source: meta.source,
    capturedAt: meta.capturedAt ?? new Date().toISOString(),
  }
}

/**
 * A photo that could not be written, in words that say why and where; nothing refers to it yet
 * (the person is saved after their photo), so the register and the app go on as before.
 */
function photoNotSaved(error: unknown, folder: string): CoreError {
  if (isDiskFull(error)) {
    return coreError('disk_full', 'photo.disk_full', { folder }, { field: 'photo', cause: error })
  }
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
  return coreError('storage', 'photo.save_failed', { folder, cause: reason }, { field: 'photo', cause: error })
}

export function readPhotoFile(dataDir: string, hash: string): Promise<Buffer> {
  return readFile(photoPath(dataDir, hash))
}

export async function deletePhotoFile(dataDir: string, hash: string): Promise<void> {
  await unlink(photoPath(dataDir, hash)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
