/**
 * The head-pose estimator against synthetic ground truth: the face it fits (POSE_MODEL_68, the
 * published mean face with face-api's nose) turned by known angles, projected by a known camera,
 * with landmark noise like face-api's own.
 * The old six-point estimator (test/face/fixtures/old-pose.ts) is put through the same grid and
 * must fail it: these proofs can tell a biased estimator from a good one.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { eyeCentres, LANDMARK, type Point } from '../../common/face/geometry'
import { estimatePose, webcamCamera, type Camera, type Pose } from '../../common/face/pose'
import { estimatePoseOld } from './fixtures/old-pose'
import { FRAME, gaussian, project, type Projection } from './synthetic-face'

function grid(limit: number, step: number): Pose[] {
  const values: number[] = []
  for (let v = -limit; v <= limit + 1e-9; v += step) values.push(v)
  return values.flatMap((yaw) => values.flatMap((pitch) => values.map((roll) => ({ yaw, pitch, roll }))))
}

interface Errors {
  yaw: number
  pitch: number
  roll: number
  worst: { truth: Pose; found: Pose } | null
}

function worstErrors(estimate: (landmarks: Point[], camera?: Camera) => Pose, projection: Projection, poses: Pose[], seed = 1): Errors {
  const noise = gaussian(seed)
  const camera = projection.kind === 'perspective' ? webcamCamera(FRAME) : undefined
  const errors: Errors = { yaw: 0, pitch: 0, roll: 0, worst: null }
  let worst = -1
  for (const truth of poses) {
    const found = estimate(project(truth, projection, noise), camera)
    const e = { yaw: Math.abs(found.yaw - truth.yaw), pitch: Math.abs(found.pitch - truth.pitch), roll: Math.abs(found.roll - truth.roll) }
    errors.yaw = Math.max(errors.yaw, e.yaw)
    errors.pitch = Math.max(errors.pitch, e.pitch)
    errors.roll = Math.max(errors.roll, e.roll)
    if (Math.max(e.yaw, e.pitch, e.roll) > worst) {
      worst = Math.max(e.yaw, e.pitch, e.roll)
      errors.worst = { truth, found }
    }
  }
  return errors
}

const PROJECTIONS: Array<[string, Projection]> = [
  ['weak perspective', { kind: 'weak' }],
  ['0.5 m from a 70° webcam', { kind: 'perspective', distanceMm: 500, horizontalFovDeg: 70 }],
  ['1.0 m from a 70° webcam', { kind: 'perspective', distanceMm: 1000, horizontalFovDeg: 70 }],
  ['1.5 m from a 70° webcam', { kind: 'perspective', distanceMm: 1500, horizontalFovDeg: 70 }],
  ['0.6 m, 15 cm off the axis', { kind: 'perspective', distanceMm: 600, horizontalFovDeg: 70, offset: { x: 150, y: -80 } }],
]

const INSIDE = grid(20, 5)

describe('head pose on the synthetic mean face', () => {
  for (const [name, projection] of PROJECTIONS) {
    it(`recovers yaw, pitch and roll within 2° inside ±20°: ${name}`, () => {
      const errors = worstErrors(estimatePose, projection, INSIDE)
      assert.ok(Math.max(errors.yaw, errors.pitch, errors.roll) <= 2, JSON.stringify(errors))
    })
  }

  it('stays within 2° when the real webcam is wider or narrower (60–78°) than the one assumed', () => {
    for (const horizontalFovDeg of [60, 78]) {
      const errors = worstErrors(estimatePose, { kind: 'perspective', distanceMm: 500, horizontalFovDeg }, INSIDE)
      assert.ok(Math.max(errors.yaw, errors.pitch, errors.roll) <= 2, `${horizontalFovDeg}°: ${JSON.stringify(errors)}`)
    }
  })

  it('keeps every sign and stays within 3° out to ±30°', () => {
    const errors = worstErrors(estimatePose, { kind: 'perspective', distanceMm: 700, horizontalFovDeg: 70 }, grid(30, 10))
    assert.ok(Math.max(errors.yaw, errors.pitch, errors.roll) <= 3, JSON.stringify(errors))
  })

  it('reads the documented signs: nose to the image right is yaw > 0, nose up (chin raised) is pitch > 0, image-right eye lower is roll > 0', () => {
    const none = () => 0
    const turned = project({ yaw: 15, pitch: 0, roll: 0 }, { kind: 'weak' }, none)
    const eyes = eyeCentres(turned)
    assert.ok(turned[LANDMARK.noseTip].x > (eyes.left.x + eyes.right.x) / 2, 'the nose tip is right of the eye midpoint')
    assert.ok(estimatePose(turned).yaw > 14)
    const raised = project({ yaw: 0, pitch: 15, roll: 0 }, { kind: 'weak' }, none)
    const level = project({ yaw: 0, pitch: 0, roll: 0 }, { kind: 'weak' }, none)
    const noseBelowEyes = (points: Point[]) => points[LANDMARK.noseTip].y - (eyeCentres(points).left.y + eyeCentres(points).right.y) / 2
    assert.ok(noseBelowEyes(raised) < noseBelowEyes(level), 'raising the chin brings the nose tip up towards the eyes')
    assert.ok(estimatePose(raised).pitch > 14)
    const rolled = project({ yaw: 0, pitch: 0, roll: 10 }, { kind: 'weak' }, none)
    const rolledEyes = eyeCentres(rolled)
    assert.ok(rolledEyes.right.y > rolledEyes.left.y)
    assert.ok(estimatePose(rolled).roll > 9)
  })

  it('fails the old six-point estimator (turns and nods misread)', () => {
    // Its frontal reading is no proof either way: on the published nose it read +8° pitch, on
    // face-api's nose (POSE_MODEL_68) 1°; what it cannot do is follow a turned or nodded head.
    for (const [name, projection] of PROJECTIONS) {
      const errors = worstErrors(estimatePoseOld, projection, INSIDE)
      assert.ok(Math.max(errors.yaw, errors.pitch) > 2, `${name}: the old estimator passed ${JSON.stringify(errors)}`)
    }
  })
})
