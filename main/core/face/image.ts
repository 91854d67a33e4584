/**
 * Decoding photos for the face pipeline (Node, sharp).
 *
 *   decodePhoto(bytes, limits?) → RgbImage    upright (EXIF orientation applied) 8-bit RGB pixels
 *   PHOTO_LIMITS                              what is refused before decoding
 *   shrinkImage(image, maxSide) → RgbImage     a smaller copy (or the same image when it already fits)
 *
 * Every refusal is a CoreError on the field `photo`, so the CLI and the UI can show it as is.
 */
import sharp from 'sharp'
import { coreError, type CoreError, type ErrorParams, type MessageCode } from '../../../common/errors/core-error'

export interface RgbImage {
  /** Packed RGB, 3 bytes per pixel, rows top to bottom. */
  data: Buffer
  width: number
  height: number
}

export interface PhotoLimits {
  maxBytes: number
  maxPixels: number
}

/**
 * 25 MB and 40 megapixels cover every camera and phone photo an admin is likely to import while
 * keeping one decode under ~120 MB of RGB in memory; anything bigger is almost surely not a portrait.
 */
export const PHOTO_LIMITS: Readonly<PhotoLimits> = Object.freeze({ maxBytes: 25 * 1024 * 1024, maxPixels: 40_000_000 })

export const ACCEPTED_FORMATS = ['jpeg', 'png', 'webp'] as const

export function photoError(messageCode: MessageCode, params: ErrorParams = {}, cause?: unknown): CoreError {
  return coreError('invalid', messageCode, params, { field: 'photo', cause })
}

/** Reads the header only: refuses wrong formats and huge images before any pixel is decoded. */
async function checkHeader(bytes: Buffer, limits: PhotoLimits): Promise<void> {
  if (bytes.length === 0) throw photoError('photo.empty')
  if (bytes.length > limits.maxBytes) {
    throw photoError('photo.too_large', { size: megabytes(bytes.length), limit: megabytes(limits.maxBytes) })
  }
  const metadata = await sharp(bytes)
    .metadata()
    .catch((error: unknown) => {
      throw photoError('photo.unreadable', {}, error)
    })
  if (!ACCEPTED_FORMATS.includes(metadata.format as (typeof ACCEPTED_FORMATS)[number])) {
    throw photoError('photo.format_not_accepted', { format: metadata.format ?? 'unknown' })
  }
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0)
  if (!(pixels > 0)) throw photoError('photo.no_size')
  if (pixels > limits.maxPixels) {
    const size = { width: String(metadata.width), height: String(metadata.height), megapixels: (pixels / 1e6).toFixed(1) }
    throw photoError('photo.too_many_pixels', { ...size, limit: String(limits.maxPixels / 1e6) })
  }
}

export async function decodePhoto(bytes: Buffer, limits: PhotoLimits = PHOTO_LIMITS): Promise<RgbImage> {
  await checkHeader(bytes, limits)
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .rotate()
      .toColourspace('srgb')
      .flatten({ background: '#ffffff' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    return { data, width: info.width, height: info.height }
  } catch (error) {
    throw photoError('photo.damaged', {}, error)
  }
}

export async function shrinkImage(image: RgbImage, maxSide: number): Promise<RgbImage> {
  if (Math.max(image.width, image.height) <= maxSide) return image
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(maxSide, maxSide, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')
}
