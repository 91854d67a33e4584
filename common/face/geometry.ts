/**
 * Face geometry shared by the quality gate, the portrait crop and the renderer. PURE: no Node, no
 * sharp, no tfjs, so the renderer can import it.
 *
 *   PORTRAIT                      the standard crop's size and where the eyes land in it
 *   eyeCentres(landmarks)         centres of the two eyes from the 68 iBUG landmarks
 *   portraitTransform(eyes)       the similarity transform source → portrait (rotation by the eye
 *                                 line, scale to the standard inter-eye distance)
 *
 * Coordinates are pixels, x to the right, y down. "left"/"right" always mean the IMAGE's left and
 * right (the subject's right eye is the image's left eye).
 */

export interface Point {
  x: number
  y: number
}

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export interface Size {
  width: number
  height: number
}

export interface EyePair {
  left: Point
  right: Point
}

/**
 * The standard portrait: ISO/IEC 19794-5 "Token frontal" geometry (image width W, height W / 0.75,
 * eye midpoint centred horizontally and 0.6·W below the top edge, eye centres 0.25·W apart).
 * W = 480 gives 480×640: at least 400 px on the long side as asked, 120 px between the eye centres
 * (the figure usually quoted from ISO/IEC 19794-5 and ICAO for full frontal portraits is at least
 * 90, preferably 120), the 3:4 frame of ID photos that terminals expect, and it encodes in
 * 30–60 KB as baseline JPEG at quality 90, far under 200 KB.
 * The margins follow: ~2.4 inter-eye distances above the eyes hold forehead and hair, ~2.9 below
 * hold chin and neck, ~2 each side hold ears.
 */
export const PORTRAIT = Object.freeze({
  width: 480,
  height: 640,
  /** Eye midpoint, as fractions of width and height (0.6·W / H = 0.45). */
  eyeMidX: 0.5,
  eyeMidY: 0.45,
  /** Distance between the eye centres as a fraction of the width. */
  interEyeFraction: 0.25,
})

export const PORTRAIT_INTER_EYE_PX = PORTRAIT.width * PORTRAIT.interEyeFraction

/** iBUG 68-point indices (face-api's FaceLandmarks68 uses the same numbering). */
export const LANDMARK = Object.freeze({
  jaw: [0, 16] as const,
  chin: 8,
  browLeft: [17, 21] as const,
  browRight: [22, 26] as const,
  noseTip: 30,
  eyeLeft: [36, 41] as const,
  eyeRight: [42, 47] as const,
  eyeLeftOuter: 36,
  eyeRightOuter: 45,
  mouthLeft: 48,
  mouthRight: 54,
  mouthBottom: 57,
})
export const LANDMARK_COUNT = 68

function meanOf(points: readonly Point[], from: number, to: number): Point {
  let x = 0
  let y = 0
  for (let i = from; i <= to; i++) {
    x += points[i].x
    y += points[i].y
  }
  const n = to - from + 1
  return { x: x / n, y: y / n }
}

export function eyeCentres(landmarks: readonly Point[]): EyePair {
  if (landmarks.length !== LANDMARK_COUNT) throw new Error(`expected ${LANDMARK_COUNT} landmarks, got ${landmarks.length}`)
  return { left: meanOf(landmarks, ...LANDMARK.eyeLeft), right: meanOf(landmarks, ...LANDMARK.eyeRight) }
}

export function interEyeDistance(eyes: EyePair): number {
  return Math.hypot(eyes.right.x - eyes.left.x, eyes.right.y - eyes.left.y)
}

/** Angle of the eye line in degrees; positive when the image-right eye is lower (clockwise tilt). */
export function eyeLineAngle(eyes: EyePair): number {
  return (Math.atan2(eyes.right.y - eyes.left.y, eyes.right.x - eyes.left.x) * 180) / Math.PI
}

export function boundsOf(points: readonly Point[]): Box {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of points) {
    if (p.x < minX) minX = p.x
    if (p.y < minY) minY = p.y
    if (p.x > maxX) maxX = p.x
    if (p.y > maxY) maxY = p.y
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY }
}

/**
 * Maps source pixels to portrait pixels: p' = scale·R(−angle)·(p − eyeMid) + portraitEyeMid.
 * `toSource` is the inverse, used to find which source region the portrait covers.
 */
export interface PortraitTransform {
  /** The eye line's tilt in degrees (clockwise positive, as eyeLineAngle); the crop turns the source back by it. */
  angle: number
  scale: number
  eyeMid: Point
  toPortrait(p: Point): Point
  toSource(p: Point): Point
}

export function portraitTransform(eyes: EyePair, size: Size = PORTRAIT): PortraitTransform {
  const distance = interEyeDistance(eyes)
  if (!(distance > 0)) throw new Error('the two eyes are at the same place')
  const scale = (size.width * PORTRAIT.interEyeFraction) / distance
  const theta = Math.atan2(eyes.right.y - eyes.left.y, eyes.right.x - eyes.left.x)
  const cos = Math.cos(theta)
  const sin = Math.sin(theta)
  const eyeMid = { x: (eyes.left.x + eyes.right.x) / 2, y: (eyes.left.y + eyes.right.y) / 2 }
  const target = { x: size.width * PORTRAIT.eyeMidX, y: size.height * PORTRAIT.eyeMidY }
  return {
    angle: (theta * 180) / Math.PI,
    scale,
    eyeMid,
    toPortrait(p) {
      const dx = p.x - eyeMid.x
      const dy = p.y - eyeMid.y
      return { x: target.x + scale * (cos * dx + sin * dy), y: target.y + scale * (-sin * dx + cos * dy) }
    },
    toSource(p) {
      const dx = (p.x - target.x) / scale
      const dy = (p.y - target.y) / scale
      return { x: eyeMid.x + cos * dx - sin * dy, y: eyeMid.y + sin * dx + cos * dy }
    },
  }
}
