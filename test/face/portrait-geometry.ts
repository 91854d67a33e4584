/** Checks that a stored portrait has the standard geometry, by finding its eyes again with the real detector. */
import assert from 'node:assert/strict'
import { PORTRAIT } from '../../main/core/face/crop'
import { detectFaces } from '../../main/core/face/detector-node'
import { eyeCentres } from '../../common/face/geometry'
import { decodePhoto } from '../../main/core/face/image'

/** Where the eyes are found again in the portrait, as fractions of its width and height. */
export async function eyesFoundIn(jpeg: Buffer) {
  const faces = await detectFaces(await decodePhoto(jpeg))
  assert.ok(faces.length >= 1, 'no face found in the portrait')
  const { left, right } = eyeCentres(faces[0].landmarks)
  return {
    midX: (left.x + right.x) / 2 / PORTRAIT.width,
    midY: (left.y + right.y) / 2 / PORTRAIT.height,
    distance: Math.hypot(right.x - left.x, right.y - left.y) / PORTRAIT.width,
    slope: (right.y - left.y) / (right.x - left.x),
  }
}

export function assertGeometry(found: Awaited<ReturnType<typeof eyesFoundIn>>) {
  const tolerance = 0.03
  assert.ok(Math.abs(found.midX - PORTRAIT.eyeMidX) < tolerance, `eye midpoint x ${found.midX}`)
  assert.ok(Math.abs(found.midY - PORTRAIT.eyeMidY) < tolerance, `eye midpoint y ${found.midY}`)
  assert.ok(Math.abs(found.distance - PORTRAIT.interEyeFraction) < tolerance, `inter-eye ${found.distance}`)
  assert.ok(Math.abs(found.slope) < Math.tan((3 * Math.PI) / 180), `eye line slope ${found.slope}`)
}
