/**
 * Reads a JPEG's frame header without decoding it. PURE.
 *
 *   jpegInfo(bytes) → { process, width, height, components: [{ id, h, v }] } | null
 *
 * Used to check that portraits are what device firmware expects (baseline SOF0, 3 components,
 * 4:2:0 = luma 2×2 and chroma 1×1) and to report what an unusual file is.
 */

export type JpegProcess = 'baseline' | 'extended' | 'progressive' | 'lossless' | 'other'

export interface JpegInfo {
  process: JpegProcess
  /** The SOFn marker number (0 = baseline, 2 = progressive…). */
  sof: number
  width: number
  height: number
  precision: number
  components: Array<{ id: number; h: number; v: number }>
}

const PROCESS_BY_SOF: Record<number, JpegProcess> = { 0: 'baseline', 1: 'extended', 2: 'progressive', 3: 'lossless' }

export function jpegInfo(bytes: Uint8Array): JpegInfo | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]
    if (marker === 0xff) {
      offset++ // fill byte
      continue
    }
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3]
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const start = offset + 4
      if (start + 6 > bytes.length) return null
      const count = bytes[start + 5]
      const components: JpegInfo['components'] = []
      for (let i = 0; i < count; i++) {
        const at = start + 6 + i * 3
        if (at + 2 >= bytes.length) return null
        components.push({ id: bytes[at], h: bytes[at + 1] >> 4, v: bytes[at + 1] & 0x0f })
      }
      const sof = marker - 0xc0
      return {
        process: PROCESS_BY_SOF[sof] ?? 'other',
        sof,
        precision: bytes[start],
        height: (bytes[start + 1] << 8) | bytes[start + 2],
        width: (bytes[start + 3] << 8) | bytes[start + 4],
        components,
      }
    }
    if (marker === 0xda || marker === 0xd9) return null // scan data or end before any frame header
    offset += 2 + length
  }
  return null
}

/** True for baseline, 8-bit, three components sampled 2×2 / 1×1 / 1×1 (YCbCr 4:2:0). */
export function isBaseline420(info: JpegInfo | null): boolean {
  if (!info || info.process !== 'baseline' || info.precision !== 8 || info.components.length !== 3) return false
  const [y, cb, cr] = info.components
  return y.h === 2 && y.v === 2 && cb.h === 1 && cb.v === 1 && cr.h === 1 && cr.v === 1
}
