/**
 * Head pose (yaw, pitch, roll in degrees) from the 68 landmarks. PURE (runs in the renderer too).
 *
 *   estimatePose(landmarks, camera?) → { yaw, pitch, roll }
 *   webcamCamera(frame) → Camera        a typical webcam's focal length and centre for a frame size
 *
 * Yaw and pitch come from fitting a published mean 3-D face (MEAN_FACE_68, OpenFace's point
 * distribution model, with the nose where face-api puts it: POSE_MODEL_68 in face-model.ts) to the
 * landmarks of POSE_LANDMARKS under scaled-orthographic projection: a
 * least-squares rotation and scale (an affine start made orthonormal, then Gauss–Newton). Zero yaw
 * and pitch is that mean face seen from the front. With a camera (focal length in pixels), the fit
 * is repeated on points corrected for perspective (DeMenthon & Davis' POSIT): at 50 cm from a
 * webcam the nose is ~10 % nearer than the ears, which alone would overstate a 20° turn by 3°;
 * the angles are then read from the face's line of sight, as a photo shows them.
 * Without one (a photo file: lens and crop unknown) scaled orthography it is.
 * The rotation is read as R = Rz(roll)·Ry(turn)·Rx(nod): the image-plane part comes last, so turning
 * the picture changes roll only, and under this order the roll is the angle of the face's eye line
 * (the mean face's own eye line is level within 0.4°). The portrait crop levels the detected eye
 * line itself (geometry.ts), which perspective can tip by a degree or two against the head's roll.
 *
 * Signs: yaw > 0 when the face turns towards the image's right (the nose tip moves right), pitch > 0
 * when the chin rises (the nose tip moves up), roll > 0 clockwise in the image (the image-right eye
 * lower).
 */
import { eyeCentres, eyeLineAngle, type Point } from './geometry'
import { POSE_MODEL_68 } from './face-model'

export interface Pose {
  yaw: number
  pitch: number
  roll: number
}

/** A pinhole camera: focal length and principal point in the landmarks' pixels. */
export interface Camera {
  focal: number
  centre: Point
}

/**
 * Horizontal field of view of a typical desk webcam (Logitech C920/C922-class: 70° across a 16:9
 * frame). A wrong guess matters little: the correction is ~10 % at 50 cm and shrinks with distance.
 */
export const WEBCAM_HORIZONTAL_FOV_DEG = 70

export function webcamCamera(frame: { width: number; height: number }): Camera {
  const focal = frame.width / 2 / Math.tan((WEBCAM_HORIZONTAL_FOV_DEG * Math.PI) / 360)
  return { focal, centre: { x: frame.width / 2, y: frame.height / 2 } }
}

/**
 * The landmarks fitted: all 68. Compared on the tuning half of the face library (bench/face-library.ts
 * prints it), no subset stood out: a face and its mirror image agree to a median 1–3° whichever
 * points are fitted. With the published nose, eyes and nose alone read 8° more chin-down than the
 * rest: that offset was the nose's convention and is now in the model (face-model.ts); the other
 * groups still move the half's pitch by a few degrees each way, so none is dropped.
 */
export const POSE_LANDMARKS: readonly number[] = Array.from({ length: 68 }, (_, i) => i)

type Vec3 = [number, number, number]
type Mat3 = [Vec3, Vec3, Vec3]

/** A 68-point 3-D face in the published axes (x right, y down, z towards the viewer), in mm. */
export type FaceShape = ReadonlyArray<readonly [x: number, y: number, z: number]>

/** The face in camera axes (x right, y down, z away from the camera), centred on the fitted points. */
function cameraModel(indices: readonly number[], shape: FaceShape): Vec3[] {
  const points = indices.map((i): Vec3 => {
    const [x, y, z] = shape[i]
    return [x, y, -z]
  })
  const mean = [0, 1, 2].map((c) => points.reduce((sum, p) => sum + p[c], 0) / points.length)
  return points.map((p): Vec3 => [p[0] - mean[0], p[1] - mean[1], p[2] - mean[2]])
}

interface FitModel {
  indices: readonly number[]
  points: Vec3[]
  /** Bᵀ(B·Bᵀ)⁻¹ for the centred model, once: the affine start is then two dot products per point. */
  pseudoInverse: Vec3[]
}

function fitModel(indices: readonly number[], shape: FaceShape): FitModel {
  const points = cameraModel(indices, shape)
  const gram = [0, 1, 2].map((r) => [0, 1, 2].map((c) => points.reduce((sum, p) => sum + p[r] * p[c], 0)))
  const inverse = invert3(gram)
  const pseudoInverse = points.map((p): Vec3 => [0, 1, 2].map((r) => inverse[r][0] * p[0] + inverse[r][1] * p[1] + inverse[r][2] * p[2]) as Vec3)
  return { indices, points, pseudoInverse }
}

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

const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
const scaleVec = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k]
const toDegrees = (radians: number) => (radians * 180) / Math.PI

/** The nearest pair of orthonormal rows to the 2×3 affine rows m1, m2 (polar decomposition), and the mean scale. */
function orthonormalRows(m1: Vec3, m2: Vec3): { r1: Vec3; r2: Vec3; scale: number } | null {
  // G = M·Mᵀ; √G = (G + √det·I) / √(trace + 2√det); rows of √G⁻¹·M are orthonormal.
  const a = dot(m1, m1)
  const b = dot(m1, m2)
  const c = dot(m2, m2)
  const det = a * c - b * b
  if (!(det > 0)) return null
  const root = Math.sqrt(det)
  const t = Math.sqrt(a + c + 2 * root)
  const s11 = (a + root) / t
  const s12 = b / t
  const s22 = (c + root) / t
  const sDet = s11 * s22 - s12 * s12
  const i11 = s22 / sDet
  const i12 = -s12 / sDet
  const i22 = s11 / sDet
  const r1: Vec3 = [0, 1, 2].map((k) => i11 * m1[k] + i12 * m2[k]) as Vec3
  const r2: Vec3 = [0, 1, 2].map((k) => i12 * m1[k] + i22 * m2[k]) as Vec3
  return { r1, r2, scale: (s11 + s22) / 2 }
}

/** Rotation by the small vector w (Rodrigues), left-multiplied onto R, rows kept orthonormal. */
function rotateBy(R: Mat3, w: Vec3): Mat3 {
  const angle = Math.hypot(w[0], w[1], w[2])
  if (angle < 1e-12) return R
  const k = scaleVec(w, 1 / angle)
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  const K: Mat3 = [
    [0, -k[2], k[1]],
    [k[2], 0, -k[0]],
    [-k[1], k[0], 0],
  ]
  const step: Mat3 = [0, 1, 2].map((r) =>
    [0, 1, 2].map((c) => (r === c ? 1 : 0) + sin * K[r][c] + (1 - cos) * (K[r][0] * K[0][c] + K[r][1] * K[1][c] + K[r][2] * K[2][c])),
  ) as Mat3
  const next = [0, 1, 2].map((r) => [0, 1, 2].map((c) => step[r][0] * R[0][c] + step[r][1] * R[1][c] + step[r][2] * R[2][c])) as Mat3
  const r1 = scaleVec(next[0], 1 / Math.hypot(...next[0]))
  const r2raw = next[1].map((v, i) => v - dot(r1, next[1]) * r1[i]) as Vec3
  const r2 = scaleVec(r2raw, 1 / Math.hypot(...r2raw))
  return [r1, r2, cross(r1, r2)]
}

/** Solves the n×n system A·x = b by Gaussian elimination with partial pivoting (null when singular). */
export function solveLinear(A: readonly number[][], b: readonly number[]): number[] | null {
  const n = b.length
  const m = A.map((row, i) => [...row, b[i]])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r
    if (Math.abs(m[pivot][col]) < 1e-12) return null
    ;[m[col], m[pivot]] = [m[pivot], m[col]]
    for (let r = 0; r < n; r++) {
      if (r === col) continue
      const f = m[r][col] / m[col][col]
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c]
    }
  }
  return m.map((row, i) => row[n] / row[i])
}

const REFINE_STEPS = 8

/**
 * The rotation R (model → camera) and scale s minimising Σ‖a − s·P·R·b‖² over the fitted points
 * (a centred image points, b centred model points, P the first two rows): scaled orthography.
 */
function fitRotation(model: FitModel, landmarks: readonly Point[]): { R: Mat3; scale: number } | null {
  const { indices, points, pseudoInverse } = model
  const n = indices.length
  let mx = 0
  let my = 0
  for (const i of indices) {
    mx += landmarks[i].x / n
    my += landmarks[i].y / n
  }
  const image = indices.map((i) => [landmarks[i].x - mx, landmarks[i].y - my] as const)

  // Affine start: M = A·Bᵀ(B·Bᵀ)⁻¹, made a scaled rotation.
  const m1: Vec3 = [0, 0, 0]
  const m2: Vec3 = [0, 0, 0]
  image.forEach(([u, v], k) => {
    for (let c = 0; c < 3; c++) {
      m1[c] += u * pseudoInverse[k][c]
      m2[c] += v * pseudoInverse[k][c]
    }
  })
  const start = orthonormalRows(m1, m2)
  if (!start) return null
  let R: Mat3 = [start.r1, start.r2, cross(start.r1, start.r2)]
  let s = start.scale

  // Gauss–Newton on a small rotation w (left-multiplied) and the scale.
  for (let step = 0; step < REFINE_STEPS; step++) {
    const JtJ = [0, 1, 2, 3].map(() => [0, 0, 0, 0])
    const Jtr = [0, 0, 0, 0]
    image.forEach(([u, v], k) => {
      const c = [dot(R[0], points[k]), dot(R[1], points[k]), dot(R[2], points[k])]
      // d(s·P·(I + [w]×)·c)/d(w, s): x row, y row
      const jx = [0, s * c[2], -s * c[1], c[0]]
      const jy = [-s * c[2], 0, s * c[0], c[1]]
      const ex = u - s * c[0]
      const ey = v - s * c[1]
      for (let r = 0; r < 4; r++) {
        Jtr[r] += jx[r] * ex + jy[r] * ey
        for (let q = 0; q < 4; q++) JtJ[r][q] += jx[r] * jx[q] + jy[r] * jy[q]
      }
    })
    const delta = solveLinear(JtJ, Jtr)
    if (!delta) break
    R = rotateBy(R, [delta[0], delta[1], delta[2]])
    s += delta[3]
    if (Math.hypot(delta[0], delta[1], delta[2]) < 1e-7) break
  }
  return { R, scale: s }
}

/** Perspective rounds: each moves the points to where a scaled orthographic camera would see them. */
const PERSPECTIVE_ROUNDS = 4

/**
 * POSIT's loop: a point at depth d behind the face's reference depth Z₀ (= focal / scale) shows at
 * centre + (p − centre)·Z₀/(Z₀ + d) under perspective; multiplying back by (1 + d/Z₀) gives its
 * scaled-orthographic image, which the fit then explains exactly.
 */
function fitPerspective(model: FitModel, landmarks: readonly Point[], camera: Camera): { R: Mat3; scale: number } | null {
  let fit = fitRotation(model, landmarks)
  for (let round = 0; fit && round < PERSPECTIVE_ROUNDS; round++) {
    const distance = camera.focal / fit.scale
    const R = fit.R
    const corrected = landmarks.slice()
    model.indices.forEach((i, k) => {
      const w = 1 + dot(R[2], model.points[k]) / distance
      corrected[i] = { x: camera.centre.x + (landmarks[i].x - camera.centre.x) * w, y: camera.centre.y + (landmarks[i].y - camera.centre.y) * w }
    })
    fit = fitRotation(model, corrected)
  }
  return fit && { R: relativeToLineOfSight(fit.R, model, landmarks, camera), scale: fit.scale }
}

/**
 * The rotation seen from the face's own line of sight rather than the optical axis: a face off the
 * middle of the frame that looks into the lens is turned towards the camera by the angle of its ray
 * (8° at 14 cm off-centre in a 1280-px frame), and should read as frontal, as it does in a photo.
 * R_los = Qᵀ·R, Q the smallest rotation taking the optical axis onto the ray to the fitted points'
 * centroid.
 */
function relativeToLineOfSight(R: Mat3, model: FitModel, landmarks: readonly Point[], camera: Camera): Mat3 {
  let u = 0
  let v = 0
  for (const i of model.indices) {
    u += (landmarks[i].x - camera.centre.x) / model.indices.length
    v += (landmarks[i].y - camera.centre.y) / model.indices.length
  }
  const length = Math.hypot(u, v, camera.focal)
  const ray: Vec3 = [u / length, v / length, camera.focal / length]
  // Rodrigues for z → ray: axis z × ray, cos = ray.z
  const axis = cross([0, 0, 1], ray)
  const sin = Math.hypot(...axis)
  if (sin < 1e-12) return R
  const Q = rotateBy([[1, 0, 0], [0, 1, 0], [0, 0, 1]], scaleVec(axis, Math.atan2(sin, ray[2]) / sin))
  return [0, 1, 2].map((r) => [0, 1, 2].map((c) => Q[0][r] * R[0][c] + Q[1][r] * R[1][c] + Q[2][r] * R[2][c])) as Mat3
}

export type PoseEstimator = (landmarks: readonly Point[], camera?: Camera) => Pose

/** An estimator fitting only the given landmarks of a face (the benchmark and tests compare subsets and models with it). */
export function poseEstimator(indices: readonly number[], shape: FaceShape = POSE_MODEL_68): PoseEstimator {
  const model = fitModel(indices, shape)
  return (landmarks, camera) => poseOf(model, landmarks, camera)
}

export const estimatePose: PoseEstimator = poseEstimator(POSE_LANDMARKS)

/**
 * The scaled-orthographic fit of a face on the given landmarks: R takes the face in camera axes
 * (published z negated), centred on those points' centroid, to the camera; scale is pixels per mm.
 * For measuring where a detector puts its landmarks against a model (test/face/landmark-convention.ts).
 */
export function fitShape(landmarks: readonly Point[], indices: readonly number[], shape: FaceShape): { R: number[][]; scale: number } | null {
  return fitRotation(fitModel(indices, shape), landmarks)
}

function poseOf(model: FitModel, landmarks: readonly Point[], camera?: Camera): Pose {
  const fit = camera ? fitPerspective(model, landmarks, camera) : fitRotation(model, landmarks)
  if (!fit) return { yaw: 0, pitch: 0, roll: eyeLineAngle(eyeCentres(landmarks)) }
  const R = fit.R
  // Third row of Rz·Ry(θ)·Rx(φ) is (−sin θ, cos θ·sin φ, cos θ·cos φ), whatever the roll.
  // A positive θ carries the (near) nose tip to the image's left and a positive φ carries it down,
  // hence the signs.
  // Its first column is cos θ·(cos ρ, sin ρ, ·): ρ turns the image's x axis towards its y axis,
  // i.e. clockwise on screen.
  const [a, b, c] = R[2]
  const yaw = toDegrees(Math.asin(Math.max(-1, Math.min(1, a))))
  const pitch = -toDegrees(Math.atan2(b, c))
  const roll = toDegrees(Math.atan2(R[1][0], R[0][0]))
  return { yaw, pitch, roll }
}
