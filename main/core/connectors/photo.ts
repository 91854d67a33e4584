import sharp from 'sharp'
import type { FieldIssue } from '../../../common/errors/core-error'

export interface PhotoLimits {
  maxBytes: number
  /** Longest side in pixels; face terminals gain nothing from more. */
  maxSide: number
}

const QUALITY_STEPS = [90, 82, 74, 66, 58, 50]
const SMALLEST_SIDE = 160

export function isJpeg(bytes: Buffer): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
}

/**
 * Width and height from the JPEG's frame header, without decoding: `validate` must answer at
 * once, at the desk. Null when no frame header is found (not a JPEG, or truncated).
 */
export function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  if (!isJpeg(bytes)) return null
  let offset = 2
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]
    if (marker === 0xff) {
      offset += 1
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2
      continue
    }
    const length = bytes.readUInt16BE(offset + 2)
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) }
    }
    offset += 2 + length
  }
  return null
}

export function photoIssues(photo: Buffer | null): FieldIssue[] {
  if (!photo) return []
  if (!isJpeg(photo) || !jpegSize(photo)) return [{ field: 'photo', message: 'is not a readable JPEG image', messageCode: 'connector.photo_not_jpeg', params: {} }]
  return []
}

/**
 * Returns a JPEG within the limits: the stored photo itself when it already fits (the common
 * case: no work, byte-identical), else re-encoded, upright, with quality then size stepped down.
 */
export async function fitJpeg(photo: Buffer, limits: PhotoLimits): Promise<Buffer> {
  const size = jpegSize(photo)
  if (size && photo.length <= limits.maxBytes && Math.max(size.width, size.height) <= limits.maxSide) return photo

  let side = limits.maxSide
  for (;;) {
    for (const quality of QUALITY_STEPS) {
      const encoded = await sharp(photo, { failOn: 'error' })
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality, chromaSubsampling: '4:2:0' })
        .toBuffer()
      if (encoded.length <= limits.maxBytes) return encoded
    }
    if (side <= SMALLEST_SIDE) break
    side = Math.max(SMALLEST_SIDE, Math.floor(side * 0.75))
  }
  throw new Error(`cannot make the photo fit in ${limits.maxBytes} bytes`)
}
