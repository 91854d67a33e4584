/**
 * Why no face is found: a picture too dark, too bright or too blurred for the detector says so,
 * since that is what the visitor can fix. The limits are the gate's own (no-face-cause.ts says
 * why); they are checked here on pictures they were not chosen on: Grace Hopper's and NASA's
 * portraits at a webcam's framing (scripts/make-portrait-videos.ts) and the face library's six
 * demo photos.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import { AutoCapture } from '../../common/face/auto-capture'
import { detectFaces } from '../../main/core/face/detector-node'
import { grayFromPixels } from '../../common/face/gray'
import type { RgbImage } from '../../main/core/face/image'
import { frameCentre, measureFrame, noFaceCause, type FrameMeasures } from '../../common/face/no-face-cause'
import { PhotoRejectedError, processPhoto } from '../../main/core/face/pipeline'
import { assessPixels, assessQuality, DEFAULT_QUALITY_THRESHOLDS, QualityThresholdsSchema, type QualityReport } from '../../common/face/quality'
import { LIVE_INPUT_SIZES } from '../../renderer/capture/detector-sizes'
import { refusalText } from '../../common/i18n/error-text'
import { translatorFor } from '../../common/i18n/translator'
import { cameraFrame, DARK_STOPS, exposureFactor } from '../../scripts/make-portrait-videos'
import { ensureFaceFixtures } from './helpers'

const limits = DEFAULT_QUALITY_THRESHOLDS
const codes = (report: QualityReport) => report.failures.map((f) => f.code)

describe('noFaceCause: the decision', () => {
  const lit: FrameMeasures = { brightness: 120, brightest: 200, sharpness: 9 }

  it('says "too dark" when even the brightest 5 % of the centre is darker than the darkest face the gate accepts', () => {
    assert.equal(noFaceCause({ ...lit, brightness: 30, brightest: limits.minBrightness - 1 }, limits), 'too_dark')
    assert.equal(noFaceCause({ ...lit, brightness: 30, brightest: limits.minBrightness }, limits), null)
  })

  it('says "too bright" when the centre is on average brighter than the brightest face the gate accepts', () => {
    assert.equal(noFaceCause({ ...lit, brightness: limits.maxBrightness + 1, brightest: 255 }, limits), 'too_bright')
    assert.equal(noFaceCause({ ...lit, brightness: limits.maxBrightness, brightest: 255 }, limits), null)
  })

  it('says "blurry" when the centre is less sharp than the gate wants a face', () => {
    assert.equal(noFaceCause({ ...lit, sharpness: limits.minSharpness - 0.01 }, limits), 'blurry')
    assert.equal(noFaceCause({ ...lit, sharpness: limits.minSharpness }, limits), null)
  })

  it('puts light first (a dark picture is a soft one too), and follows the limits set in Settings', () => {
    assert.equal(noFaceCause({ brightness: 10, brightest: 20, sharpness: 0.5 }, limits), 'too_dark')
    const tolerant = QualityThresholdsSchema.parse({ minBrightness: 15, minSharpness: 0.4 })
    assert.equal(noFaceCause({ brightness: 10, brightest: 20, sharpness: 0.5 }, tolerant), null)
  })
})

/** A dim room (luma ~12 with sensor noise) with a lit patch covering `share` of the frame's centre. */
function dimRoom(share: number, patchLuma = 140): { gray: { data: Uint8Array; width: number; height: number }; frame: { width: number; height: number } } {
  const frame = { width: 640, height: 480 }
  const data = new Uint8Array(frame.width * frame.height)
  const centre = frameCentre(frame)
  const side = Math.sqrt(share * centre.width * centre.height)
  const x0 = centre.x + (centre.width - side) / 2
  const y0 = centre.y + (centre.height - side) / 2
  for (let y = 0, seed = 7; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0
      const noise = ((seed >>> 24) / 255 - 0.5) * 8
      const inPatch = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side
      data[y * frame.width + x] = Math.round((inPatch ? patchLuma : 12) + noise)
    }
  }
  return { gray: { data, width: frame.width, height: frame.height }, frame }
}

describe('measureFrame and the gate on frames without a face', () => {
  it('a dark room with a lit face-sized patch (10 % of the centre) is not "too dark"; the same room without it is', () => {
    const withFace = dimRoom(0.1)
    assert.equal(noFaceCause(measureFrame(withFace.gray, withFace.frame), limits), null)
    const empty = dimRoom(0.02)
    const measures = measureFrame(empty.gray, empty.frame)
    assert.ok(measures.brightest < limits.minBrightness, JSON.stringify(measures))
    assert.equal(noFaceCause(measures, limits), 'too_dark')
  })

  it('the gate reports the cause before "no face", so the live guidance shows it; without pixels it stays "no face"', () => {
    const { gray, frame } = dimRoom(0)
    const report = assessQuality({ frame, faces: [], gray })
    assert.deepEqual(codes(report), ['too_dark', 'no_face'])
    assert.equal(report.passed, false)
    assert.equal(report.score, 0)
    assert.deepEqual(codes(assessQuality({ frame, faces: [] })), ['no_face'])
    const status = new AutoCapture().push({ id: 1, timestamp: 0, report })
    assert.ok(status.state === 'waiting' && status.guidance === 'too_dark')
  })
})

async function rgb(png: Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

/** What the live loop does with a frame: the detector at each live input size, then the gate. */
async function liveFaces(image: RgbImage): Promise<number[]> {
  const counts: number[] = []
  for (const size of LIVE_INPUT_SIZES) counts.push((await detectFaces(image, { inputSizes: [size] })).length)
  return counts
}

const assess = (image: RgbImage) => assessPixels({ data: image.data, width: image.width, height: image.height, channels: 3 }, [], limits)

describe('check: two outside portraits at a webcam’s framing, which the limits were not chosen on', () => {
  const cases: Array<[portrait: 'hopper' | 'nasa', picture: { stops?: number; blur?: number }, cause: string]> = [
    ['hopper', { stops: -DARK_STOPS }, 'too_dark'],
    ['nasa', { stops: -7 }, 'too_dark'],
    ['nasa', { stops: 3 }, 'too_bright'],
    ['hopper', { blur: 16 }, 'blurry'],
    ['nasa', { blur: 16 }, 'blurry'],
  ]
  for (const [portrait, picture, cause] of cases) {
    it(`${portrait} ${JSON.stringify(picture)}: the detector finds no face at any live size, and the guidance says "${cause}"`, async () => {
      const image = await rgb(await cameraFrame(portrait, picture))
      assert.deepEqual(await liveFaces(image), [0, 0, 0])
      assert.deepEqual(codes(assess(image)), [cause, 'no_face'])
    })
  }

  it('as shot, the picture itself gives no cause: a face missed there stays "no face"', async () => {
    for (const portrait of ['hopper', 'nasa'] as const) assert.deepEqual(codes(assess(await rgb(await cameraFrame(portrait)))), ['no_face'], portrait)
  })

  it('a dark photo file is refused for its light first, in English and Chinese', async () => {
    const jpeg = await sharp(await cameraFrame('hopper', { stops: -DARK_STOPS })).jpeg({ quality: 92 }).toBuffer()
    const error = await processPhoto(jpeg).catch((caught: unknown) => caught)
    assert.ok(error instanceof PhotoRejectedError)
    assert.equal(error.message, 'photo: too dark: add light in front of the face; no face found: look at the camera')
    assert.deepEqual(error.issues.map((issue) => issue.messageCode), ['photo.fault', 'photo.fault'])
    assert.equal(refusalText(error, translatorFor('zh-CN')), '照片：太暗：请在面部前方补光；未检测到人脸：请看向摄像头')
    assert.equal(refusalText(error, translatorFor('en')), `photo: ${error.message.slice('photo: '.length)}`)
    // a bulk import keeps imperfect faces, never a photo without one
    await assert.rejects(processPhoto(jpeg, { strict: false }), PhotoRejectedError)
  })
})

describe('check: the demo photos and scenes, as shot and 7 stops under', () => {
  const demo = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/demo/sample1.jpg'))
  let noFaceScene: RgbImage
  before(async () => {
    noFaceScene = await rgb(readFileSync((await ensureFaceFixtures()).noFace))
  })

  it('a lit room without anybody stays "no face"', () => {
    assert.deepEqual(codes(assess(noFaceScene)), ['no_face'])
  })

  it('the six group photos as a 1280×720 camera would frame them: no cause as shot, "too dark" at 7 stops under', async () => {
    for (let n = 1; n <= 6; n++) {
      const framed = await sharp(join(demo, `sample${n}.jpg`)).resize(1280, 720, { fit: 'cover' }).png().toBuffer()
      const shot = await rgb(framed)
      const measures = measureFrame(grayFromPixels(shot.data, shot.width, shot.height, 3), shot)
      assert.equal(noFaceCause(measures, limits), null, `sample${n} as shot: ${JSON.stringify(measures)}`)
      const dark = await rgb(await sharp(framed).linear(exposureFactor(-7), 0).png().toBuffer())
      assert.deepEqual(codes(assess(dark)), ['too_dark', 'no_face'], `sample${n} 7 stops under`)
    }
  })
})
