/**
 * Why no face was found, when the picture itself is the reason. PURE (the quality gate runs it for
 * live frames and photo files alike).
 *
 *   frameCentre(frame) → Box                         where the visitor's face is expected
 *   measureFrame(gray, frame) → FrameMeasures        light and sharpness of that centre
 *   noFaceCause(measures, thresholds) → 'too_dark' | 'too_bright' | 'blurry' | null
 *
 * The detector misses faces that are too dark, too bright or too blurred. "No face found: look at
 * the camera" then sends the visitor looking for the lens, while what they can fix is the light or
 * the focus. When the centre of the picture itself is out of what the gate accepts for a face,
 * the guidance says that instead; otherwise it stays "no face".
 */
import type { Box, Size } from './geometry'
import { resampleGray, type GrayImage } from './gray'
import { measureLuma } from './luma-measures'

/**
 * The middle 60 % of the width and 80 % of the height: a visitor at the desk is in it (the gate
 * wants the whole face inside the picture with margins anyway); the corners are mostly room.
 */
export const FRAME_CENTRE: Readonly<Box> = Object.freeze({ x: 0.2, y: 0.1, width: 0.6, height: 0.8 })

export function frameCentre(frame: Size): Box {
  return {
    x: frame.width * FRAME_CENTRE.x,
    y: frame.height * FRAME_CENTRE.y,
    width: frame.width * FRAME_CENTRE.width,
    height: frame.height * FRAME_CENTRE.height,
  }
}

/**
 * The centre is measured at this width whatever the camera: the portrait's width, so a face at a
 * desk distance (80–110 px between the eyes on a 1280×720 camera, 60–70 on a 640×480 one) lands at
 * 50–90 px, under the 120 px at which the gate's sharpness limit is defined. A smaller
 * scale reads sharper, so applying that limit here errs towards "no face". It also bounds the
 * work on frames without a face (~170 k pixels for 1280×720).
 */
const MEASURE_WIDTH = 480

export interface FrameMeasures {
  /** Mean luma (0–255) of the centre. */
  brightness: number
  /** Luma that 95 % of the centre's pixels stay at or under: how bright its brightest part is. */
  brightest: number
  /** The gate's sharpness measure (100 × std(Laplacian) / std(luma)) on the centre. */
  sharpness: number
}

export function measureFrame(gray: GrayImage, frame: Size): FrameMeasures {
  const centre = frameCentre(frame)
  const width = MEASURE_WIDTH
  const height = Math.max(3, Math.round((centre.height * MEASURE_WIDTH) / centre.width))
  const pixels = resampleGray(gray, centre, width, height)
  const histogram = new Uint32Array(256)
  for (const v of pixels) histogram[Math.min(255, Math.max(0, Math.round(v)))]++
  const { brightness, sharpness } = measureLuma(pixels, width, height)
  return { brightness, brightest: lumaBelow(histogram, pixels.length, 0.95), sharpness }
}

/** The smallest luma that at least `share` of the pixels are at or under. */
function lumaBelow(histogram: Uint32Array, count: number, share: number): number {
  let seen = 0
  for (let luma = 0; luma < 256; luma++) {
    seen += histogram[luma]
    if (seen >= share * count) return luma
  }
  return 255
}

/**
 * The gate's own limits for a face, applied to the centre:
 * - too dark: even its brightest 5 % is darker than the darkest face the gate accepts
 *   (minBrightness). A face at the desk covers 5–20 % of the centre (forehead to chin ≈ 2.6 and
 *   cheek to cheek ≈ 2.3 inter-eye distances: 5 % for the smallest face the gate accepts on a
 *   1280×720 camera, 60 px between the eyes; 16 % at 110 px; 14 % at 60 px on 640×480), so no
 *   face in it is lit enough: a face found there would be refused as too dark, and only more
 *   light in front of it helps. A lit face in a dark room keeps the brightest 5 % above the
 *   limit, and the answer stays "no face".
 * - too bright: on average brighter than the brightest face the gate accepts (maxBrightness): the
 *   camera has clipped most of the picture to white. The mean, not the darkest part, because dark
 *   hair and clothes are in every centre however washed out the face is.
 * - blurred: less sharp than the gate's limit for a face (minSharpness), measured at a scale where
 *   the same picture reads sharper than at the gate's portrait scale (see MEASURE_WIDTH), so a
 *   doubtful frame stays "no face".
 * Light comes first: a dark picture also loses detail, and light is the first thing to fix.
 */
export function noFaceCause(
  measures: FrameMeasures,
  limits: { minBrightness: number; maxBrightness: number; minSharpness: number },
): 'too_dark' | 'too_bright' | 'blurry' | null {
  if (measures.brightest < limits.minBrightness) return 'too_dark'
  if (measures.brightness > limits.maxBrightness) return 'too_bright'
  if (measures.sharpness < limits.minSharpness) return 'blurry'
  return null
}
