/**
 * Helpers for the face tests: reading frames out of the Y4M fake-camera fixtures, and the fixtures
 * themselves (built on first use).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import sharp from 'sharp'
import type { RgbImage } from '../../main/core/face/image'

export { ensureFaceFixtures } from '../../scripts/make-face-fixtures'

export interface Y4mVideo {
  width: number
  height: number
  fps: number
  /** Frame n as packed RGB (BT.601, limited range, as ffmpeg wrote it). */
  frame(n: number): RgbImage
  frameCount: number
}

/** Reads 4:2:0 Y4M files (what make-face-fixtures writes and Chromium's fake camera plays). */
export function openY4m(path: string): Y4mVideo {
  const fd = openSync(path, 'r')
  const head = Buffer.alloc(256)
  readSync(fd, head, 0, head.length, 0)
  const headerEnd = head.indexOf(0x0a)
  const tags = head.subarray(0, headerEnd).toString('latin1').split(' ')
  if (tags[0] !== 'YUV4MPEG2') throw new Error(`${path} is not a Y4M file`)
  const tag = (letter: string) => tags.find((t) => t.startsWith(letter))?.slice(1)
  const width = Number(tag('W'))
  const height = Number(tag('H'))
  const [num, den] = (tag('F') ?? '25:1').split(':').map(Number)
  const frameBytes = (width * height * 3) / 2
  const frameStride = 'FRAME\n'.length + frameBytes
  const size = statSync(path).size
  closeSync(fd)
  const frameCount = Math.floor((size - headerEnd - 1) / frameStride)
  return {
    width,
    height,
    fps: num / den,
    frameCount,
    frame(n) {
      if (n < 0 || n >= frameCount) throw new Error(`frame ${n} out of 0..${frameCount - 1}`)
      const yuv = Buffer.alloc(frameBytes)
      const handle = openSync(path, 'r')
      try {
        readSync(handle, yuv, 0, frameBytes, headerEnd + 1 + n * frameStride + 'FRAME\n'.length)
      } finally {
        closeSync(handle)
      }
      return i420ToRgb(yuv, width, height)
    },
  }
}

function i420ToRgb(yuv: Buffer, width: number, height: number): RgbImage {
  const rgb = Buffer.alloc(width * height * 3)
  const uOffset = width * height
  const vOffset = uOffset + (width / 2) * (height / 2)
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = 1.164 * (yuv[y * width + x] - 16)
      const chroma = (y >> 1) * (width >> 1) + (x >> 1)
      const d = yuv[uOffset + chroma] - 128
      const e = yuv[vOffset + chroma] - 128
      const at = (y * width + x) * 3
      rgb[at] = clamp(c + 1.596 * e)
      rgb[at + 1] = clamp(c - 0.392 * d - 0.813 * e)
      rgb[at + 2] = clamp(c + 2.017 * d)
    }
  }
  return { data: rgb, width, height }
}

/** A horizontal band of a photo: rows from `top` to `top + height`, as fractions of its height. */
export async function band(path: string, top: number, height: number): Promise<Buffer> {
  const meta = await sharp(path).metadata()
  const rows = { top: Math.round(meta.height! * top), height: Math.round(meta.height! * height) }
  return sharp(path).extract({ left: 0, width: meta.width!, ...rows }).jpeg().toBuffer()
}

/** The middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length / 2
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2
}
