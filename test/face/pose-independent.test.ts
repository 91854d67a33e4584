/**
 * The head-pose estimator against an independent reference on real faces (independent/canonical-
 * pose.ts): MediaPipe FaceMesh's 468 points fitted to MediaPipe's canonical face. Nothing of the
 * station's face code is shared but the least-squares solver, which pose-synthetic.test.ts proves.
 *
 * Bias is what this looks for: over many faces, the median of (station − reference) must sit within
 * ±5° in yaw and in pitch, on each half of the face library alone (the tuning half chose the nose
 * convention; the check half had no say in anything), and each frontal portrait from outside the
 * demo photos must read within 5° of the reference. The two models' frontal zeros are each their
 * authors' own definition, so a few degrees between them is expected; more is a bias of one of them.
 * The estimator the station used before fails it: it reads three of the four portraits 9–12° away.
 *
 * What the reference also shows (bench/face-library.ts prints it): the demo photos' people are
 * turned (median reference yaw −14° tuning, −16° check) and chin-down (−7°, −11°), as posed party
 * photos are, so no estimator without bias puts those medians within ±5° of zero; and people
 * looking into the lens for an official portrait read about −10° by both published models.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import type { Point } from '../../common/face/geometry'
import { estimatePose, type Pose } from '../../common/face/pose'
import { decodePhoto } from '../../main/core/face/image'
import { findFaces } from '../../main/core/face/pipeline'
import { ensureFaceLibrary, libraryPictures, type Half } from '../../scripts/make-face-library'
import { ensureHopperPortrait } from '../../scripts/hopper-portrait'
import { estimatePoseOld } from './fixtures/old-pose'
import { median } from './helpers'
import { canonicalFace, canonicalPoses } from './independent/canonical-pose'

interface Compared {
  name: string
  group: Half | 'outside'
  landmarks: Point[]
  reference: Pose
}

type Estimator = (landmarks: readonly Point[]) => Pose

const BIAS_LIMIT = 5

/** Median of (estimate − reference) in yaw and pitch over the faces. */
function bias(estimate: Estimator, faces: Compared[]): { yaw: number; pitch: number } {
  const poses = faces.map((f) => ({ pose: estimate(f.landmarks), reference: f.reference }))
  return { yaw: median(poses.map((p) => p.pose.yaw - p.reference.yaw)), pitch: median(poses.map((p) => p.pose.pitch - p.reference.pitch)) }
}

/** Frontal portraits whose estimate is further than the limit from the reference, with their gaps. */
function portraitsApart(estimate: Estimator, faces: Compared[]): string[] {
  return faces.flatMap((f) => {
    const pose = estimate(f.landmarks)
    const gaps = [pose.yaw - f.reference.yaw, pose.pitch - f.reference.pitch]
    return gaps.some((gap) => Math.abs(gap) > BIAS_LIMIT) ? [`${f.name}: yaw ${gaps[0].toFixed(1)}°, pitch ${gaps[1].toFixed(1)}° from the reference`] : []
  })
}

describe('head pose against an independent reference (MediaPipe FaceMesh on its canonical face)', () => {
  const faces: Compared[] = []
  before(async () => {
    const pictures = [...libraryPictures(await ensureFaceLibrary()), { name: 'hopper', group: 'outside' as const, path: await ensureHopperPortrait() }]
    const references = canonicalPoses(pictures.map((picture) => picture.path))
    for (const { name, group, path } of pictures) {
      const [face] = await findFaces(await decodePhoto(readFileSync(path)))
      const reference = references.get(path)
      assert.ok(face && reference, `${name}: face-api found ${face ? 'a face' : 'none'}, FaceMesh ${reference ? 'a face' : 'none'}`)
      faces.push({ name, group, landmarks: face.landmarks, reference })
    }
  })

  it('reads the canonical face as published: 468 vertices, symmetric, the nose tip nearest the viewer', () => {
    const face = canonicalFace()
    assert.equal(face.length, 468)
    const nearest = face.reduce((best, vertex, i) => (vertex[2] > face[best][2] ? i : best), 0)
    assert.equal(nearest, 4, 'MediaPipe numbers the nose tip 4 (pronasale)')
    // 1 and 4 lie on the midline; 33 and 263 (the eyes' outer corners) mirror each other.
    for (const i of [1, 4]) assert.equal(face[i][0], 0)
    assert.ok(face[33].every((v, c) => Math.abs(v - (c === 0 ? -face[263][0] : face[263][c])) < 1e-6), `${face[33]} vs ${face[263]}`)
  })

  it('shows no bias on either half of the face library: median (station − reference) within ±5° in yaw and pitch', () => {
    for (const half of ['tuning', 'check'] as const) {
      const members = faces.filter((f) => f.group === half)
      assert.ok(members.length >= 10, `${half}: ${members.length} faces`)
      const { yaw, pitch } = bias(estimatePose, members)
      assert.ok(Math.abs(yaw) <= BIAS_LIMIT && Math.abs(pitch) <= BIAS_LIMIT, `${half} half: median yaw ${yaw.toFixed(1)}°, pitch ${pitch.toFixed(1)}° from the reference`)
    }
  })

  it('turns the same way as the reference wherever either sees a turn of 10° or more', () => {
    for (const face of faces) {
      const pose = estimatePose(face.landmarks)
      if (Math.max(Math.abs(pose.yaw), Math.abs(face.reference.yaw)) >= 10) assert.equal(Math.sign(pose.yaw), Math.sign(face.reference.yaw), `${face.name}: yaw ${pose.yaw.toFixed(1)} vs reference ${face.reference.yaw.toFixed(1)}`)
    }
  })

  it('reads every frontal portrait from outside the demo photos within 5° of the reference; the old estimator did not', () => {
    const portraits = faces.filter((f) => f.group === 'outside')
    assert.equal(portraits.length, 4)
    assert.deepEqual(portraitsApart(estimatePose, portraits), [])
    assert.ok(portraitsApart(estimatePoseOld, portraits).length >= 3, `old estimator: ${portraitsApart(estimatePoseOld, portraits).join('; ')}`)
  })
})
