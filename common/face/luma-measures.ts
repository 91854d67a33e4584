/**
 * Brightness, contrast and sharpness of a grayscale region: what the quality gate measures on a
 * face, and the no-face check on the frame's centre. PURE (renderer and Node).
 *
 *   measureLuma(pixels, width, height) → { brightness, contrast, sharpness }
 *
 * brightness: mean luma (0–255); contrast: its standard deviation; sharpness: 100 × std(Laplacian)
 * / contrast, the variance-of-Laplacian focus measure (Pech-Pacheco et al., 2000) after a 3×3
 * [1 2 1] smoothing, which keeps sensor and JPEG noise from passing for detail, normalised by
 * contrast so that it does not depend on exposure.
 */

export interface LumaMeasures {
  brightness: number
  contrast: number
  sharpness: number
}

export function measureLuma(pixels: Float32Array, width: number, height: number): LumaMeasures {
  let sum = 0
  let sumSq = 0
  for (const v of pixels) {
    sum += v
    sumSq += v * v
  }
  const n = pixels.length
  const brightness = sum / n
  const contrast = Math.sqrt(Math.max(0, sumSq / n - brightness * brightness))
  const lapStd = laplacianStd(smooth121(pixels, width, height), width, height)
  return { brightness, contrast, sharpness: contrast > 0 ? (100 * lapStd) / contrast : 0 }
}

/** Separable [1 2 1]/4 smoothing, edges repeated: takes pixel and JPEG noise out before the Laplacian. */
function smooth121(pixels: Float32Array, width: number, height: number): Float32Array {
  const across = new Float32Array(pixels.length)
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      const left = pixels[row + Math.max(0, x - 1)]
      const right = pixels[row + Math.min(width - 1, x + 1)]
      across[row + x] = (left + 2 * pixels[row + x] + right) / 4
    }
  }
  const out = new Float32Array(pixels.length)
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width
    const down = Math.min(height - 1, y + 1) * width
    for (let x = 0; x < width; x++) out[y * width + x] = (across[up + x] + 2 * across[y * width + x] + across[down + x]) / 4
  }
  return out
}

/** Standard deviation of the 4-neighbour Laplacian over the interior. */
function laplacianStd(pixels: Float32Array, width: number, height: number): number {
  let sum = 0
  let sumSq = 0
  let count = 0
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const k = y * width + x
      const lap = pixels[k - 1] + pixels[k + 1] + pixels[k - width] + pixels[k + width] - 4 * pixels[k]
      sum += lap
      sumSq += lap * lap
      count++
    }
  }
  if (count === 0) return 0
  const mean = sum / count
  return Math.sqrt(Math.max(0, sumSq / count - mean * mean))
}
