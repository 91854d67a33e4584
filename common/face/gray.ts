/**
 * Grayscale pixel helpers for the quality gate. PURE (renderer and Node).
 *
 *   grayFromPixels(data, width, height, channels, rect?)  RGB(A) → 8-bit luma (BT.601), optionally a sub-rectangle
 *   resampleGray(image, rect, width, height)              area-averaged (down) / bilinear (up) resampling
 */
import type { Box } from './geometry'

/** A grayscale image, or a window of one: pixel (i, j) of `data` is frame pixel (left + i, top + j). */
export interface GrayImage {
  data: Uint8Array | Uint8ClampedArray | Float32Array
  width: number
  height: number
  left?: number
  top?: number
}

/** Works on canvas ImageData (channels 4) as well as sharp's raw RGB (channels 3). */
export function grayFromPixels(
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  rect: Box = { x: 0, y: 0, width, height },
): GrayImage {
  const left = Math.max(0, Math.floor(rect.x))
  const top = Math.max(0, Math.floor(rect.y))
  const right = Math.min(width, Math.ceil(rect.x + rect.width))
  const bottom = Math.min(height, Math.ceil(rect.y + rect.height))
  const w = Math.max(0, right - left)
  const h = Math.max(0, bottom - top)
  const out = new Uint8Array(w * h)
  for (let j = 0; j < h; j++) {
    let src = ((top + j) * width + left) * channels
    let dst = j * w
    for (let i = 0; i < w; i++, src += channels, dst++) {
      out[dst] = channels === 1 ? data[src] : (299 * data[src] + 587 * data[src + 1] + 114 * data[src + 2] + 500) / 1000
    }
  }
  return { data: out, width: w, height: h, left, top }
}

/**
 * Samples `rect` (frame coordinates) of `image` onto a width×height float grid. Downscaling
 * averages every source pixel under the target pixel (no aliasing, so sharpness stays comparable
 * across face sizes); upscaling interpolates bilinearly. Pixels outside the image repeat the edge.
 */
export function resampleGray(image: GrayImage, rect: Box, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height)
  const left = image.left ?? 0
  const top = image.top ?? 0
  const sx = rect.width / width
  const sy = rect.height / height
  const at = (x: number, y: number) => {
    const cx = Math.min(image.width - 1, Math.max(0, x))
    const cy = Math.min(image.height - 1, Math.max(0, y))
    return image.data[cy * image.width + cx]
  }
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const x0 = rect.x - left + i * sx
      const y0 = rect.y - top + j * sy
      let value: number
      if (sx > 1 || sy > 1) {
        const xa = Math.floor(x0)
        const ya = Math.floor(y0)
        const xb = Math.max(xa + 1, Math.floor(x0 + sx))
        const yb = Math.max(ya + 1, Math.floor(y0 + sy))
        let sum = 0
        for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) sum += at(x, y)
        value = sum / ((xb - xa) * (yb - ya))
      } else {
        const x = x0 + sx / 2 - 0.5
        const y = y0 + sy / 2 - 0.5
        const xf = Math.floor(x)
        const yf = Math.floor(y)
        const fx = x - xf
        const fy = y - yf
        value =
          (at(xf, yf) * (1 - fx) + at(xf + 1, yf) * fx) * (1 - fy) + (at(xf, yf + 1) * (1 - fx) + at(xf + 1, yf + 1) * fx) * fy
      }
      out[j * width + i] = value
    }
  }
  return out
}
