/**
 * Pose guidance says which way: yaw and pitch out of range name the direction the visitor must
 * move, in their own terms (their left, their chin), for the live guidance and for photo files.
 */
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import type { Point } from '../../common/face/geometry'
import { decodePhoto } from '../../main/core/face/image'
import { MEAN_FACE_68 } from '../../common/face/mean-face'
import { photoFault } from '../../main/core/face/photo-faults'
import { assessPhoto, findFaces, PhotoRejectedError, processPhoto } from '../../main/core/face/pipeline'
import { assessQuality, DEFAULT_QUALITY_THRESHOLDS, GUIDANCE_CODES, GUIDANCE_MESSAGES, type QualityReport } from '../../common/face/quality'
import { refusalText } from '../../common/i18n/error-text'
import { translatorFor } from '../../common/i18n/translator'
import { englishText } from '../../common/errors/core-error'

const radians = (degrees: number) => (degrees * Math.PI) / 180

/**
 * The mean face turned by `yaw` (positive: the nose towards the image's right) and nodded by
 * `pitch` (positive: the chin up), seen by a distant camera, about 110 px between the eyes.
 */
function turnedFace(yaw: number, pitch: number): Point[] {
  const [cy, sy, cp, sp] = [Math.cos(radians(yaw)), Math.sin(radians(yaw)), Math.cos(radians(pitch)), Math.sin(radians(pitch))]
  // MEAN_FACE_68: x to the image's right, y down, z towards the camera
  return MEAN_FACE_68.map(([x, y, z]) => {
    const y1 = y * cp - z * sp
    const z1 = y * sp + z * cp
    const x2 = x * cy + z1 * sy
    return { x: 640 + 1.7 * x2, y: 360 + 1.7 * y1 }
  })
}

function poseCodes(yaw: number, pitch: number): string[] {
  const landmarks = turnedFace(yaw, pitch)
  const xs = landmarks.map((p) => p.x)
  const ys = landmarks.map((p) => p.y)
  const box = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) }
  const report = assessQuality({ frame: { width: 1280, height: 720 }, faces: [{ box, score: 0.9, landmarks }] })
  return report.failures.filter((f) => f.measure === 'yaw' || f.measure === 'pitch').map((f) => f.code)
}

describe('pose guidance names the direction (the mean 3-D face turned)', () => {
  it('a face turned towards the image’s right (the visitor’s own left) is told to turn to their right, and the other way round', () => {
    assert.deepEqual(poseCodes(25, 0), ['turn_right'])
    assert.deepEqual(poseCodes(-25, 0), ['turn_left'])
    assert.equal(GUIDANCE_MESSAGES.turn_right, 'Turn your head to your right')
    assert.equal(GUIDANCE_MESSAGES.turn_left, 'Turn your head to your left')
  })

  it('a raised chin is told to lower it, a lowered one to raise it', () => {
    assert.deepEqual(poseCodes(0, 25), ['chin_down'])
    assert.deepEqual(poseCodes(0, -25), ['chin_up'])
    assert.equal(GUIDANCE_MESSAGES.chin_down, 'Lower your chin')
    assert.equal(GUIDANCE_MESSAGES.chin_up, 'Raise your chin')
  })

  it('says nothing about the pose of a frontal face, and both directions of a face turned and nodded', () => {
    assert.deepEqual(poseCodes(0, 0), [])
    assert.deepEqual(poseCodes(-28, 26), ['turn_left', 'chin_down'])
  })
})

describe('pose guidance on a real turned face and its mirror image', () => {
  const demo = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/demo/sample5.jpg'))
  let turned: Buffer
  let mirrored: Buffer
  const assess = async (bytes: Buffer): Promise<QualityReport> => {
    const image = await decodePhoto(bytes)
    return assessPhoto(image, await findFaces(image), DEFAULT_QUALITY_THRESHOLDS)
  }

  before(async () => {
    // The woman at the front left of demo sample 5, her head turned well to her own left (towards
    // the image's right: we see her right cheek), framed as a 3:4 portrait.
    turned = await sharp(join(demo, 'sample5.jpg')).extract({ left: 460, top: 330, width: 440, height: 586 }).jpeg({ quality: 92 }).toBuffer()
    mirrored = await sharp(turned).flop().jpeg({ quality: 92 }).toBuffer()
  })

  it('tells her to turn to her right, and her mirror image to turn to the left', async () => {
    const report = await assess(turned)
    assert.ok(report.measures.yaw! > 20, `yaw ${report.measures.yaw}`)
    assert.ok(report.failures.some((f) => f.code === 'turn_right'), JSON.stringify(report.failures))
    const mirror = await assess(mirrored)
    assert.ok(mirror.failures.some((f) => f.code === 'turn_left'), JSON.stringify(mirror.failures))
    assert.ok(!mirror.failures.some((f) => f.code === 'turn_right'))
  })

  it('refuses the photo file naming the way her head is turned, in English and Chinese', async () => {
    const error = await processPhoto(turned).then(
      () => assert.fail('a head turned this far is refused'),
      (caught: unknown) => caught,
    )
    assert.ok(error instanceof PhotoRejectedError)
    assert.match(error.message, /^photo: the head is turned \d+° to the person's left: choose a photo looking straight into the camera/)
    const degrees = /turned (\d+)°/.exec(error.message)![1]
    assert.equal(Number(degrees), Math.round(Math.abs(error.report.measures.yaw!)))
    assert.match(refusalText(error, translatorFor('zh-CN'))!, new RegExp(`^照片：头部向本人左侧转了 ${degrees}°：请选用正视镜头的照片`))

    const mirrorError = await processPhoto(mirrored).catch((caught: unknown) => caught)
    assert.ok(mirrorError instanceof PhotoRejectedError)
    assert.match(mirrorError.message, /^photo: the head is turned \d+° to the person's right/)
  })
})

describe('photo file wording of the pose (pure)', () => {
  const measures = { yaw: -31.4, pitch: 27.6 } as QualityReport['measures']
  const coded = (code: 'turn_left' | 'turn_right' | 'chin_up' | 'chin_down' | 'too_dark') =>
    photoFault({ measure: 'yaw', code, message: GUIDANCE_MESSAGES[code] }, measures)
  const fault = (code: Parameters<typeof coded>[0]) => englishText(coded(code).messageCode, coded(code).params)
  const zh = translatorFor('zh-CN')
  const reason = (code: Parameters<typeof coded>[0]) => ({ field: 'photo', message: fault(code), ...coded(code) })

  it('describes the photo, with the angle, rather than telling a visitor to move', () => {
    assert.equal(fault('turn_left'), "the head is turned 31° to the person's right: choose a photo looking straight into the camera")
    assert.equal(fault('chin_down'), 'the chin is raised 28°: choose a photo looking straight into the camera')
    assert.equal(fault('chin_up'), 'the chin is lowered 28°: choose a photo looking straight into the camera')
    assert.equal(fault('too_dark'), 'too dark: add light in front of the face')
  })

  it('reads in Chinese, one reason or several', () => {
    assert.equal(refusalText(reason('chin_down'), zh), '照片：下巴抬起了 28°：请选用正视镜头的照片')
    assert.equal(
      refusalText({ field: 'photo', message: '', issues: [reason('turn_right'), reason('chin_up')] }, zh),
      '照片：头部向本人左侧转了 31°：请选用正视镜头的照片；下巴压低了 28°：请选用正视镜头的照片',
    )
  })

  it('every guidance code but a pose has its own words as a photo fault, in both languages', () => {
    const poses = new Set(['turn_left', 'turn_right', 'chin_up', 'chin_down'])
    for (const code of GUIDANCE_CODES.filter((guidance) => !poses.has(guidance))) {
      for (const language of ['en', 'zh-CN'] as const) {
        const text = translatorFor(language)('error.photo.fault', { guidance: code })
        assert.notEqual(text, code, `${language}: photo.fault has no words for ${code}`)
      }
    }
  })
})
