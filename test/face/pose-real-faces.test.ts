/**
 * The head-pose estimator on real faces, with the real detector (face-api on tfjs WASM): every face
 * of the face library (the demo group photos cut out by person, both halves) and the outside
 * portraits, each also mirrored and turned in the image plane.
 *
 * Two levels. The estimator itself is exact: landmarks turned in the image plane keep yaw and
 * pitch to a thousandth of a degree. Through the detector, a mirrored or turned picture gets landmarks of its own, and
 * face-api's 68-point model is not mirror-symmetric: a face and its mirror image differ by a median
 * 2° (up to 8° in yaw on the made-up face of sample 1, more on a profile), which bounds what any
 * estimator can show on these pictures. bench/face-library.ts prints the figures.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import type { Point } from '../../common/face/geometry'
import { decodePhoto } from '../../main/core/face/image'
import { findFaces } from '../../main/core/face/pipeline'
import { estimatePose, poseEstimator, type Pose } from '../../common/face/pose'
import { NOSE_CONVENTION_MM } from '../../common/face/face-model'
import { MEAN_FACE_68 } from '../../common/face/mean-face'
import { ensureFaceLibrary, libraryPictures, type Half } from '../../scripts/make-face-library'
import { median } from './helpers'
import { conventionOffsets } from './landmark-convention'

function rotateLandmarks(landmarks: readonly Point[], degrees: number, about: Point): Point[] {
  const a = (degrees * Math.PI) / 180
  return landmarks.map((p) => {
    const dx = p.x - about.x
    const dy = p.y - about.y
    return { x: about.x + Math.cos(a) * dx - Math.sin(a) * dy, y: about.y + Math.sin(a) * dx + Math.cos(a) * dy }
  })
}

interface RealFace {
  name: string
  group: Half | 'outside'
  landmarks: Point[]
  mirrored: Point[] | null
  turned: Point[] | null
}

const TURN_DEGREES = 15
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const ALL = range(0, 67)
const NOSE = range(27, 35)

describe('head pose on real faces', () => {
  const faces: RealFace[] = []
  before(async () => {
    for (const { name, group, path } of libraryPictures(await ensureFaceLibrary())) {
      const bytes = readFileSync(path)
      const image = await decodePhoto(bytes)
      const [face] = await findFaces(image)
      assert.ok(face, `no face in ${name}`)
      const [mirrored] = await findFaces(await decodePhoto(await sharp(bytes).flop().png().toBuffer()))
      // sharp turns clockwise for positive angles, as roll counts.
      const [turned] = await findFaces(await decodePhoto(await sharp(bytes).rotate(TURN_DEGREES, { background: '#808080' }).png().toBuffer()))
      faces.push({ name, group, landmarks: face.landmarks, mirrored: mirrored?.landmarks ?? null, turned: turned?.landmarks ?? null })
    }
  })

  it('is blind to turning the landmarks in the image plane: yaw and pitch stay, roll takes the turn', () => {
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-3
    for (const face of faces) {
      const pose = estimatePose(face.landmarks)
      for (const degrees of [-30, 12, 45]) {
        const turned = estimatePose(rotateLandmarks(face.landmarks, degrees, { x: 17, y: -40 }))
        assert.ok(near(turned.yaw, pose.yaw) && near(turned.pitch, pose.pitch), `${face.name} turned ${degrees}°: ${JSON.stringify([pose, turned])}`)
        const rollChange = ((turned.roll - pose.roll + 540) % 360) - 180
        assert.ok(near(rollChange, degrees), `${face.name} turned ${degrees}°: roll ${pose.roll} → ${turned.roll}`)
      }
    }
  })

  it('gives a mirrored picture the opposite yaw and the same pitch (within face-api’s own asymmetry)', () => {
    const pairs = faces.filter((f) => f.mirrored).map((f) => ({ name: f.name, pose: estimatePose(f.landmarks), mirror: estimatePose(f.mirrored!) }))
    assert.ok(pairs.length >= faces.length - 1, `the mirror image of ${faces.length - pairs.length} faces was not found`)
    for (const { name, pose, mirror } of pairs) {
      if (Math.abs(pose.yaw) >= 10) assert.ok(Math.sign(mirror.yaw) === -Math.sign(pose.yaw), `${name}: yaw ${pose.yaw} vs mirrored ${mirror.yaw}`)
    }
    const yawGap = median(pairs.map((p) => Math.abs(p.pose.yaw + p.mirror.yaw)))
    const pitchGap = median(pairs.map((p) => Math.abs(p.pose.pitch - p.mirror.pitch)))
    assert.ok(yawGap <= 2.5 && pitchGap <= 2.5, `median |yaw + mirrored yaw| ${yawGap.toFixed(2)}°, |pitch − mirrored pitch| ${pitchGap.toFixed(2)}°`)
    // A face and its mirror image have opposite true yaws, so half their sum is what the detector and
    // estimator add: the bias in yaw. The demo photos' median yaw (about −12°) is then the people's own.
    const yawBias = median(pairs.map((p) => (p.pose.yaw + p.mirror.yaw) / 2))
    assert.ok(Math.abs(yawBias) <= 1.5, `median yaw bias ${yawBias.toFixed(2)}°`)
  })

  it('keeps yaw and pitch when the picture is turned in the image plane, and reads the turn as roll', () => {
    const pairs = faces.filter((f) => f.turned).map((f) => ({ pose: estimatePose(f.landmarks), turned: estimatePose(f.turned!) }))
    assert.ok(pairs.length >= faces.length - 2, `${faces.length - pairs.length} turned faces were not found`)
    const rollChange = median(pairs.map((p) => p.turned.roll - p.pose.roll))
    const yawChange = median(pairs.map((p) => Math.abs(p.turned.yaw - p.pose.yaw)))
    const pitchChange = median(pairs.map((p) => Math.abs(p.turned.pitch - p.pose.pitch)))
    assert.ok(Math.abs(rollChange - TURN_DEGREES) < 2, `median roll change ${rollChange}`)
    assert.ok(yawChange <= 3 && pitchChange <= 3, `median |Δyaw| ${yawChange.toFixed(2)}°, |Δpitch| ${pitchChange.toFixed(2)}°`)
  })

  it('takes the nose convention from the tuning half, and the check half shows the same', () => {
    const reference = ALL.filter((i) => !NOSE.includes(i))
    const measured = (group: Half) => conventionOffsets(faces.filter((f) => f.group === group).map((f) => f.landmarks), MEAN_FACE_68, NOSE, reference)
    const tuning = measured('tuning')
    NOSE.forEach((i, k) => {
      assert.ok(tuning[k].every((v, c) => Math.abs(v - NOSE_CONVENTION_MM[i][c]) < 0.006), `landmark ${i}: table ${NOSE_CONVENTION_MM[i]}, tuning half ${tuning[k].map((v) => v.toFixed(2))}`)
    })
    // The ridge (27–30) is the convention that matters for pitch: lower than the published mean by
    // 3.8 mm on the tuning half; the check half, measured the same way, must find it too.
    const ridgeDrop = (offsets: Array<readonly number[]>) => [0, 1, 2, 3].reduce((sum, k) => sum + offsets[k][1], 0) / 4
    const check = ridgeDrop(measured('check'))
    assert.ok(check >= 2 && Math.abs(check - ridgeDrop(NOSE.map((i) => NOSE_CONVENTION_MM[i]))) <= 1, `nose ridge lower than the published mean by ${check.toFixed(2)} mm on the check half`)
  })

  it('reads the same pitch from the nose as from the rest of the face, on faces the nose convention was not measured on', () => {
    // A pose is shared by every landmark; an offset that only the nose shows is the detector's
    // convention. NOSE_CONVENTION_MM was measured on the tuning half; here the check half and the
    // outside portraits. With the published nose the gap was −6.4° (check) and −13.4° (portraits).
    const noseAndEyes = poseEstimator([...NOSE, ...range(36, 47)])
    const rest = poseEstimator(ALL.filter((i) => !NOSE.includes(i)))
    const gap = (f: RealFace) => noseAndEyes(f.landmarks).pitch - rest(f.landmarks).pitch
    const check = faces.filter((f) => f.group === 'check').map(gap)
    assert.ok(check.length >= 10 && Math.abs(median(check)) <= 3, `check half: nose-and-eyes pitch − rest pitch ${check.map((g) => g.toFixed(1)).join(', ')}`)
    for (const face of faces.filter((f) => f.group === 'outside')) assert.ok(Math.abs(gap(face)) <= 3, `${face.name}: nose-and-eyes pitch − rest pitch ${gap(face).toFixed(1)}`)
  })
})
