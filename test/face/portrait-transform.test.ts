import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PORTRAIT, eyeLineAngle, portraitTransform } from '../../common/face/geometry'

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
