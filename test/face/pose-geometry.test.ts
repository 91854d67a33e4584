import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LANDMARK, PORTRAIT, eyeCentres, eyeLineAngle, portraitTransform, type Point } from '../../main/core/face/geometry'
import { estimatePose } from '../../main/core/face/pose'

/**
 * 68 synthetic landmarks: the six points the pose fit uses, from the generic head model, turned by
 * `turn` (radians about the vertical axis, applied to the model), `nod` (about the horizontal axis),
 * projected orthographically, then rotated in the image plane by `tiltDeg` (clockwise) and scaled.
 */
function syntheticLandmarks({ turn = 0, nod = 0, tiltDeg = 0 }): Point[] {
  const model: Array<[number, number, number]> = Array.from({ length: 68 }, () => [0, 0, 0])
  model[LANDMARK.noseTip] = [0, 0, 0]
  model[LANDMARK.chin] = [0, 330, 65]
  model[LANDMARK.mouthLeft] = [-150, 150, 125]
  model[LANDMARK.mouthRight] = [150, 150, 125]
  for (let i = LANDMARK.eyeLeft[0]; i <= LANDMARK.eyeLeft[1]; i++) model[i] = [-150, -170, 135]
  for (let i = LANDMARK.eyeRight[0]; i <= LANDMARK.eyeRight[1]; i++) model[i] = [150, -170, 135]
  model[LANDMARK.eyeLeftOuter] = [-225, -170, 135]
  model[LANDMARK.eyeRightOuter] = [225, -170, 135]
  const tilt = (tiltDeg * Math.PI) / 180
  return model.map(([x0, y0, z0]) => {
    // nod about x, then turn about y
    const y1 = Math.cos(nod) * y0 - Math.sin(nod) * z0
    const z1 = Math.sin(nod) * y0 + Math.cos(nod) * z0
    const x2 = Math.cos(turn) * x0 + Math.sin(turn) * z1
    const u = x2 * 0.4
    const v = y1 * 0.4
    return { x: 320 + Math.cos(tilt) * u - Math.sin(tilt) * v, y: 240 + Math.sin(tilt) * u + Math.cos(tilt) * v }
  })
}

const deg = (d: number) => (d * Math.PI) / 180

describe('estimatePose', () => {
  it('reads a frontal face as zero yaw, pitch and roll', () => {
    const pose = estimatePose(syntheticLandmarks({}))
    assert.ok(Math.abs(pose.yaw) < 0.5 && Math.abs(pose.pitch) < 0.5 && Math.abs(pose.roll) < 0.5, JSON.stringify(pose))
  })

  it('recovers a turn, with yaw positive when the nose moves towards the image right', () => {
    // A turn of −12° in model terms brings the near nose tip to the right of the far eyes.
    const landmarks = syntheticLandmarks({ turn: deg(-12) })
    const eyesMid = (eyeCentres(landmarks).left.x + eyeCentres(landmarks).right.x) / 2
    assert.ok(landmarks[LANDMARK.noseTip].x > eyesMid)
    const pose = estimatePose(landmarks)
    assert.ok(Math.abs(pose.yaw - 12) < 1, `yaw ${pose.yaw}`)
    assert.ok(Math.abs(pose.pitch) < 1, `pitch ${pose.pitch}`)
  })

  it('recovers a nod, with pitch negative when the chin drops', () => {
    // Nodding down moves the near nose tip down relative to the far eyes.
    const pose = estimatePose(syntheticLandmarks({ nod: deg(10) }))
    assert.ok(Math.abs(pose.pitch + 10) < 1, `pitch ${pose.pitch}`)
    assert.ok(Math.abs(pose.yaw) < 1, `yaw ${pose.yaw}`)
  })

  it('separates roll from yaw and pitch', () => {
    const pose = estimatePose(syntheticLandmarks({ turn: deg(-8), nod: deg(-6), tiltDeg: 20 }))
    assert.ok(Math.abs(pose.roll - 20) < 0.5, `roll ${pose.roll}`)
    assert.ok(Math.abs(pose.yaw - 8) < 1.5, `yaw ${pose.yaw}`)
    assert.ok(Math.abs(pose.pitch - 6) < 1.5, `pitch ${pose.pitch}`)
  })
})

describe('portraitTransform', () => {
  const eyes = { left: { x: 400, y: 310 }, right: { x: 520, y: 350 } }

  it('puts the eyes level, 120 px apart, at the standard place', () => {
    const t = portraitTransform(eyes)
    const left = t.toPortrait(eyes.left)
    const right = t.toPortrait(eyes.right)
    const half = (PORTRAIT.width * PORTRAIT.interEyeFraction) / 2
    assert.ok(Math.abs(left.y - PORTRAIT.height * PORTRAIT.eyeMidY) < 1e-9)
    assert.ok(Math.abs(right.y - left.y) < 1e-9)
    assert.ok(Math.abs(left.x - (PORTRAIT.width / 2 - half)) < 1e-9)
    assert.ok(Math.abs(right.x - (PORTRAIT.width / 2 + half)) < 1e-9)
  })

  it('maps back to the source', () => {
    const t = portraitTransform(eyes)
    const p = { x: 123, y: 456 }
    const back = t.toSource(t.toPortrait(p))
    assert.ok(Math.abs(back.x - p.x) < 1e-9 && Math.abs(back.y - p.y) < 1e-9)
    assert.ok(Math.abs(t.angle - eyeLineAngle(eyes)) < 1e-12)
  })
})
