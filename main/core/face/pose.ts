/**
 * Head pose (yaw, pitch, roll in degrees) from the 68 landmarks. PURE (runs in the renderer too).
 *
 *   estimatePose(landmarks) → { yaw, pitch, roll }
 *
 * Roll is the eye line's angle (positive = clockwise in the image). Yaw and pitch come from fitting
 * a generic 3-D face to six landmarks under scaled-orthographic projection (the "POS" step of
 * DeMenthon & Davis' POSIT): no camera calibration is needed and the error at a desk distance
 * (face depth ≪ distance) is a few degrees, well inside the ±15° the gate cares about.
 * Signs: yaw > 0 when the face turns towards the image's right, pitch > 0 when the chin rises.
 */
import { LANDMARK, eyeCentres, eyeLineAngle, type Point } from './geometry'

export interface Pose {
  yaw: number
  pitch: number
  roll: number
}

/**
 * The widely used generic head model for these six iBUG points (as in OpenCV's head-pose samples),
 * converted to camera axes: x right, y down, z away from the camera (the nose tip is nearest).
 */
const MODEL: ReadonlyArray<readonly [index: number, x: number, y: number, z: number]> = [
  [LANDMARK.noseTip, 0, 0, 0],
  [LANDMARK.chin, 0, 330, 65],
  [LANDMARK.eyeLeftOuter, -225, -170, 135],
  [LANDMARK.eyeRightOuter, 225, -170, 135],
  [LANDMARK.mouthLeft, -150, 150, 125],
  [LANDMARK.mouthRight, 150, 150, 125],
]

/** (B·Bᵀ)⁻¹·B for the centred model, computed once: the fit is then two small dot products. */
const PSEUDO_INVERSE = (() => {
  const n = MODEL.length
  const mean = [0, 0, 0]
  for (const [, x, y, z] of MODEL) {
    mean[0] += x / n
    mean[1] += y / n
    mean[2] += z / n
  }
  const centred = MODEL.map(([, x, y, z]) => [x - mean[0], y - mean[1], z - mean[2]])
  const gram = [0, 1, 2].map((r) => [0, 1, 2].map((c) => centred.reduce((sum, p) => sum + p[r] * p[c], 0)))
  const inverse = invert3(gram)
  return centred.map((p) => [0, 1, 2].map((r) => inverse[r][0] * p[0] + inverse[r][1] * p[1] + inverse[r][2] * p[2]))
})()

function invert3(m: number[][]): number[][] {
  const [a, b, c] = m[0]
  const [d, e, f] = m[1]
  const [g, h, i] = m[2]
  const A = e * i - f * h
  const B = -(d * i - f * g)
  const C = d * h - e * g
  const det = a * A + b * B + c * C
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ]
}

const toDegrees = (radians: number) => (radians * 180) / Math.PI

export function estimatePose(landmarks: readonly Point[]): Pose {
  const roll = eyeLineAngle(eyeCentres(landmarks))
  // Undo the roll first so the fitted rotation is (nearly) yaw and pitch only.
  const cos = Math.cos((-roll * Math.PI) / 180)
  const sin = Math.sin((-roll * Math.PI) / 180)
  const points = MODEL.map(([index]) => landmarks[index])
  const n = points.length
  let mx = 0
  let my = 0
  for (const p of points) {
    mx += p.x / n
    my += p.y / n
  }
  // Rows of the 2×3 projection M = A·Bᵀ(B·Bᵀ)⁻¹.
  const r1 = [0, 0, 0]
  const r2 = [0, 0, 0]
  points.forEach((p, k) => {
    const dx = p.x - mx
    const dy = p.y - my
    const u = cos * dx - sin * dy
    const v = sin * dx + cos * dy
    for (let c = 0; c < 3; c++) {
      r1[c] += u * PSEUDO_INVERSE[k][c]
      r2[c] += v * PSEUDO_INVERSE[k][c]
    }
  })
  const n1 = Math.hypot(r1[0], r1[1], r1[2])
  const n2 = Math.hypot(r2[0], r2[1], r2[2])
  if (!(n1 > 0 && n2 > 0)) return { yaw: 0, pitch: 0, roll }
  // Image x picks up the model's depth when the head turns about the vertical axis, image y when it nods.
  const yaw = toDegrees(Math.asin(clamp(-r1[2] / n1)))
  const pitch = toDegrees(Math.asin(clamp(r2[2] / n2)))
  return { yaw, pitch, roll }
}

function clamp(value: number): number {
  return Math.max(-1, Math.min(1, value))
}
