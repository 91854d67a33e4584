/**
 * Synthetic landmarks with a known pose: the face the estimator fits (POSE_MODEL_68: the published
 * mean face, MEAN_FACE_68, with face-api's nose) turned by given angles and projected by a known
 * camera into a 1280×720 frame, with landmark noise like face-api's. These test the fit itself, so
 * the landmarks are placed as the model says face-api places them; what the model says is measured
 * on real faces (pose-real-faces.test.ts).
 */
import { eyeCentres, interEyeDistance, type Point } from '../../common/face/geometry'
import { POSE_MODEL_68 } from '../../common/face/face-model'
import type { Pose } from '../../common/face/pose'

/** A 1280×720 webcam frame, the desk camera of the live tests. */
export const FRAME = { width: 1280, height: 720 }

/**
 * Per-axis landmark noise as a fraction of the inter-eye distance: face-api's 68-point model on the
 * tuning half of the face library, re-detected at five scales (0.8–1.25×), moves its points by
 * 0.6 % (median) to 1.5 % (90th percentile), 1.0 % RMS. Twice the RMS is used.
 */
export const NOISE = 0.02

export type Projection = { kind: 'weak' } | { kind: 'perspective'; distanceMm: number; horizontalFovDeg: number; offset?: Point }

const rad = (deg: number) => (deg * Math.PI) / 180

/** R = Rz(roll)·Ry(−yaw)·Rx(−pitch) in camera axes (x right, y down, z away), the estimator's documented reading. */
function rotation({ yaw, pitch, roll }: Pose): number[][] {
  const [t, p, r] = [rad(-yaw), rad(-pitch), rad(roll)]
  const Rx = [[1, 0, 0], [0, Math.cos(p), -Math.sin(p)], [0, Math.sin(p), Math.cos(p)]]
  const Ry = [[Math.cos(t), 0, Math.sin(t)], [0, 1, 0], [-Math.sin(t), 0, Math.cos(t)]]
  const Rz = [[Math.cos(r), -Math.sin(r), 0], [Math.sin(r), Math.cos(r), 0], [0, 0, 1]]
  return mul(Rz, mul(Ry, Rx))
}

/** Deterministic Gaussian noise (Box–Muller on a linear congruential generator). */
export function gaussian(seed: number): () => number {
  let state = seed >>> 0
  const uniform = () => ((state = (state * 1664525 + 1013904223) >>> 0) + 1) / 2 ** 32
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
}

function focalFor(horizontalFovDeg: number): number {
  return FRAME.width / 2 / Math.tan(rad(horizontalFovDeg) / 2)
}

const mul = (A: number[][], B: number[][]) => A.map((row) => [0, 1, 2].map((c) => row[0] * B[0][c] + row[1] * B[1][c] + row[2] * B[2][c]))

/** The smallest rotation taking the optical axis (0, 0, 1) onto the direction d. */
function towards(d: number[]): number[][] {
  const n = Math.hypot(d[0], d[1], d[2])
  const [x, y, z] = [d[0] / n, d[1] / n, d[2] / n]
  const k = 1 / (1 + z)
  return [
    [1 - k * x * x, -k * x * y, x],
    [-k * x * y, 1 - k * y * y, y],
    [-x, -y, z],
  ]
}

const CENTROID = [0, 1, 2].map((c) => POSE_MODEL_68.reduce((sum, p) => sum + p[c], 0) / POSE_MODEL_68.length)

/**
 * The mean face (mm, centred on its centroid) posed and projected into the frame, noise added.
 * Under perspective the pose is taken from the face's line of sight (as the estimator reads it): an
 * off-axis face at pose zero looks straight into the lens.
 */
export function project(pose: Pose, projection: Projection, noise: () => number, noiseShare = NOISE): Point[] {
  const offset = projection.kind === 'perspective' ? (projection.offset ?? { x: 0, y: 0 }) : { x: 0, y: 0 }
  const distance = projection.kind === 'perspective' ? projection.distanceMm : 1
  const R = mul(towards([offset.x, offset.y, distance]), rotation(pose))
  const centre = { x: FRAME.width / 2, y: FRAME.height / 2 }
  const points = POSE_MODEL_68.map(([x, y, z]) => {
    const p = [x - CENTROID[0], y - CENTROID[1], -(z - CENTROID[2])]
    const c = R.map((row) => row[0] * p[0] + row[1] * p[1] + row[2] * p[2])
    if (projection.kind === 'weak') return { x: centre.x + 2 * c[0], y: centre.y + 2 * c[1] }
    const f = focalFor(projection.horizontalFovDeg)
    const depth = distance + c[2]
    return { x: centre.x + (f * (c[0] + offset.x)) / depth, y: centre.y + (f * (c[1] + offset.y)) / depth }
  })
  const sigma = noiseShare * interEyeDistance(eyeCentres(points))
  return points.map((p) => ({ x: p.x + sigma * noise(), y: p.y + sigma * noise() }))
}

