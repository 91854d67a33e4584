/**
 * Acceptance on faces the gate was not tuned on: NASA's official portrait of Eileen Collins
 * (scikit-image's astronaut.png, built by scripts/make-face-library.ts) as an agency portrait at
 * 1024 px, the same rolled 12° and enlarged 2×, and a head-and-shoulders cut at 640 px, given to the
 * real `enroll person add --photo`. The old estimator read all three beyond the ±15° pitch limit.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import { PORTRAIT } from '../../common/face/geometry'
import { decodePhoto } from '../../main/core/face/image'
import { findFaces, processPhoto } from '../../main/core/face/pipeline'
import { estimatePose } from '../../common/face/pose'
import { assessQuality, DEFAULT_QUALITY_THRESHOLDS, type FrameSource } from '../../common/face/quality'
import type { Person } from '../../common/model/person'
import { photoPath } from '../../main/core/photos/photo-files'
import { ensureFaceLibrary, type FaceLibrary, type OutsidePortraits } from '../../scripts/make-face-library'
import { enroll } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { estimatePoseOld } from './fixtures/old-pose'
import { assertGeometry, eyesFoundIn } from './portrait-geometry'
import { FRAME, project } from './synthetic-face'

const NAMES: Record<keyof OutsidePortraits, string> = {
  agency: 'agency portrait, 1024 px',
  agencyRolled: 'agency portrait rolled 12° and enlarged 2×',
  frontal640: 'frontal portrait, 640 px',
}

/**
 * A frontal portrait must sit inside the pitch limit by at least what the detector alone moves a
 * pitch: a face and its mirror image, the same head, read a median 2° apart (pose-real-faces.test.ts).
 * With the published nose the 640 px portrait read −14.0°, 1° from the limit.
 */
const DETECTOR_PITCH_SPREAD = 2

describe('frontal portraits from outside the demo photos', () => {
  let library: FaceLibrary
  const dataDir = tempDir('outside-portraits-')
  before(async () => {
    library = await ensureFaceLibrary()
  })

  for (const key of Object.keys(NAMES) as Array<keyof OutsidePortraits>) {
    it(`enroll person add --photo accepts the ${NAMES[key]} and stores it at the standard geometry`, async () => {
      const added = enroll(dataDir, 'person', 'add', '--name', `Portrait ${key}`, '--photo', library.outside[key], '--json')
      assert.equal(added.status, 0, added.stderr)
      const person = added.json<Person>()
      assert.deepEqual([person.photo?.width, person.photo?.height], [PORTRAIT.width, PORTRAIT.height])
      assertGeometry(await eyesFoundIn(readFileSync(photoPath(dataDir, person.photo!.hash))))
    })
  }

  it('reads them within the pose limits, where the old estimator put them beyond the pitch limit', async () => {
    const { maxYaw, maxPitch } = DEFAULT_QUALITY_THRESHOLDS
    const figures: string[] = []
    let oldRefused = 0
    for (const key of Object.keys(NAMES) as Array<keyof OutsidePortraits>) {
      const [face] = await findFaces(await decodePhoto(readFileSync(library.outside[key])))
      const pose = estimatePose(face.landmarks)
      const old = estimatePoseOld(face.landmarks)
      figures.push(`${key}: new ${pose.yaw.toFixed(1)}/${pose.pitch.toFixed(1)}, old ${old.yaw.toFixed(1)}/${old.pitch.toFixed(1)}`)
      assert.ok(Math.abs(pose.yaw) < 3, figures.at(-1))
      assert.ok(Math.abs(pose.pitch) <= maxPitch - DETECTOR_PITCH_SPREAD && Math.abs(pose.yaw) < maxYaw, figures.at(-1))
      if (Math.abs(old.pitch) > maxPitch) oldRefused++
    }
    assert.equal(oldRefused, 3, `the old estimator should fail all three: ${figures.join('; ')}`)
  })

  for (const degrees of [20, -20]) {
    it(`accepts the portrait rolled ${degrees}° from a file and stores it level`, async () => {
      const rolled = await sharp(readFileSync(library.outside.agency)).rotate(degrees, { background: '#7f7f7f' }).jpeg({ quality: 92 }).toBuffer()
      const processed = await processPhoto(rolled)
      assert.ok(Math.abs(Math.abs(processed.quality.measures.roll!) - 20) < 4, `roll ${processed.quality.measures.roll}`)
      assert.deepEqual(processed.warnings, [])
      assertGeometry(await eyesFoundIn(processed.jpeg))
    })
  }

  it('still refuses a head turned 25° or raised or lowered 25°, each with its own direction', () => {
    const codeFor = (pose: { yaw: number; pitch: number }, measure: 'yaw' | 'pitch', source: FrameSource) => {
      const landmarks = project({ ...pose, roll: 0 }, { kind: 'perspective', distanceMm: 700, horizontalFovDeg: 70 }, () => 0)
      const box = { x: 500, y: 200, width: 280, height: 320 }
      const report = assessQuality({ frame: FRAME, faces: [{ box, score: 0.9, landmarks }], source })
      const failure = report.failures.find((f) => f.measure === measure)
      assert.ok(failure, `${JSON.stringify(pose)} (${source}) was not refused for ${measure}: ${JSON.stringify(report.measures)}`)
      return failure.code
    }
    for (const source of ['still', 'live'] as const) {
      assert.notEqual(codeFor({ yaw: 25, pitch: 0 }, 'yaw', source), codeFor({ yaw: -25, pitch: 0 }, 'yaw', source))
      assert.notEqual(codeFor({ yaw: 0, pitch: 25 }, 'pitch', source), codeFor({ yaw: 0, pitch: -25 }, 'pitch', source))
    }
  })
})
