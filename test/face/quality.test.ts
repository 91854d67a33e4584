import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import { decodePhoto } from '../../main/core/face/image'
import { assessPhoto, findFaces } from '../../main/core/face/pipeline'
import {
  DEFAULT_QUALITY_THRESHOLDS,
  GUIDANCE_CODES,
  GUIDANCE_MESSAGES,
  QualityThresholdsSchema,
  assessPixels,
  assessQuality,
  type QualityReport,
} from '../../common/face/quality'
import { band, ensureFaceFixtures } from './helpers'

type Fixtures = Awaited<ReturnType<typeof ensureFaceFixtures>>

async function assess(bytes: Buffer, thresholds = DEFAULT_QUALITY_THRESHOLDS): Promise<QualityReport> {
  const image = await decodePhoto(bytes)
  return assessPhoto(image, await findFaces(image), thresholds)
}

const codes = (report: QualityReport) => report.failures.map((f) => f.code)

describe('quality gate on real photos', () => {
  let fx: Fixtures
  before(async () => {
    fx = await ensureFaceFixtures()
  })

  it('passes a good frontal portrait with a high score and sane measures', async () => {
    const report = await assess(readFileSync(fx.faceA))
    assert.deepEqual(codes(report), [])
    assert.equal(report.passed, true)
    assert.ok(report.score >= 70, `score ${report.score}`)
    const m = report.measures
    assert.equal(m.faceCount, 1)
    assert.ok(m.interEyeDistance! > 150 && m.interEyeDistance! < 250, `inter-eye ${m.interEyeDistance}`)
    // The most frontal face of the demo set: within a few degrees of straight on.
    assert.ok(Math.abs(m.yaw!) < 8 && Math.abs(m.pitch!) < 10 && Math.abs(m.roll!) < 10, JSON.stringify(m))
    assert.equal(m.inFrame, true)
  })

  it('flags the dark variant as too dark', async () => {
    const report = await assess(readFileSync(fx.faceADark))
    assert.equal(report.passed, false)
    assert.equal(codes(report)[0], 'too_dark')
    assert.ok(report.measures.brightness! < DEFAULT_QUALITY_THRESHOLDS.minBrightness)
    assert.ok(report.score < 50)
  })

  it('flags the blurred variant as blurry, and only that', async () => {
    const report = await assess(readFileSync(fx.faceABlurred))
    assert.deepEqual(codes(report), ['blurry'])
    assert.ok(report.measures.sharpness! < DEFAULT_QUALITY_THRESHOLDS.minSharpness)
  })

  it('flags an over-exposed face as too bright', async () => {
    const bright = await sharp(readFileSync(fx.faceB)).linear(1.6, 40).jpeg().toBuffer()
    const report = await assess(bright)
    assert.ok(codes(report).includes('too_bright'), JSON.stringify(report.measures))
  })

  it('says "only one person please" for two faces and "no face" for none', async () => {
    const two = await assess(readFileSync(fx.twoFaces))
    assert.equal(two.measures.faceCount, 2)
    assert.equal(codes(two)[0], 'multiple_faces')
    assert.equal(two.score, 0)
    const none = await assess(readFileSync(fx.noFace))
    assert.deepEqual(codes(none), ['no_face'])
    assert.equal(none.face, null)
  })

  it('asks a small face to come closer', async () => {
    const small = await sharp(readFileSync(fx.faceA)).resize({ width: 180 }).jpeg().toBuffer()
    const report = await assess(small)
    assert.ok(report.measures.interEyeDistance! < DEFAULT_QUALITY_THRESHOLDS.minInterEyeDistance)
    assert.equal(codes(report)[0], 'too_far')
  })

  it('asks a face cut by the frame edge to move into the picture', async () => {
    const report = await assess(await band(fx.faceA, 0.3, 0.7))
    assert.equal(report.measures.inFrame, false)
    assert.ok(codes(report).includes('not_in_frame'))
  })

  it('reads a head tilted in the image as roll (levelled in a photo, refused live), and a mirrored face as the opposite yaw', async () => {
    const original = await assess(readFileSync(fx.faceB))
    const tiltedBytes = await sharp(readFileSync(fx.faceB)).rotate(25, { background: '#808080' }).jpeg().toBuffer()
    const tilted = await assess(tiltedBytes)
    assert.ok(Math.abs(tilted.measures.roll! - original.measures.roll! - 25) < 3, `${original.measures.roll} → ${tilted.measures.roll}`)
    assert.ok(!codes(tilted).includes('tilted'), 'a photo is levelled by the crop, not refused')
    const tiltedImage = await decodePhoto(tiltedBytes)
    const live = assessPixels({ ...tiltedImage, channels: 3 }, await findFaces(tiltedImage))
    assert.ok(codes(live).includes('tilted'), 'a live frame asks for a level head')
    const mirrored = await assess(await sharp(readFileSync(fx.faceB)).flop().jpeg().toBuffer())
    assert.ok(Math.abs(original.measures.yaw!) > 5, `yaw ${original.measures.yaw}`)
    assert.ok(Math.abs(mirrored.measures.yaw! + original.measures.yaw!) < 4, `${original.measures.yaw} vs ${mirrored.measures.yaw}`)
    assert.ok(Math.abs(mirrored.measures.pitch! - original.measures.pitch!) < 4)
  })

  it('flags a turned head and a lowered head', async () => {
    // Person C has her head tipped down (pitch ≈ −25°); sample 5's woman at x≈598 looks aside.
    assert.ok(codes(await assess(readFileSync(fx.faceC))).includes('chin_up'))
  })

  it('gives the same report from canvas-style RGBA pixels as from RGB', async () => {
    const image = await decodePhoto(readFileSync(fx.faceB))
    const faces = await findFaces(image)
    const rgba = new Uint8ClampedArray(image.width * image.height * 4)
    for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
      rgba[j] = image.data[i]
      rgba[j + 1] = image.data[i + 1]
      rgba[j + 2] = image.data[i + 2]
      rgba[j + 3] = 255
    }
    const fromRgba = assessPixels({ data: rgba, width: image.width, height: image.height, channels: 4 }, faces, DEFAULT_QUALITY_THRESHOLDS, 'still')
    assert.deepEqual(fromRgba, assessPhoto(image, faces, DEFAULT_QUALITY_THRESHOLDS))
  })

  it('lets Settings move every limit', async () => {
    const bytes = readFileSync(fx.faceA)
    const strict = QualityThresholdsSchema.parse({ minInterEyeDistance: 500 })
    assert.equal(codes(await assess(bytes, strict))[0], 'too_far')
    const lenient = QualityThresholdsSchema.parse({ minBrightness: 0, minContrast: 0 })
    assert.deepEqual(codes(await assess(readFileSync(fx.faceADark), lenient)), [])
  })
})

describe('quality gate rules', () => {
  const landmarks = Array.from({ length: 68 }, (_, i) => ({ x: 300 + (i % 17) * 5, y: 200 + Math.floor(i / 17) * 20 }))

  it('ignores a small face in the background but not a second person beside the first', () => {
    const main = { box: { x: 280, y: 180, width: 120, height: 120 }, score: 0.9, landmarks }
    const passerBy = { box: { x: 20, y: 20, width: 40, height: 40 }, score: 0.9 }
    const neighbour = { box: { x: 450, y: 180, width: 110, height: 110 }, score: 0.9 }
    const frame = { width: 640, height: 480 }
    assert.equal(assessQuality({ frame, faces: [passerBy, main] }).measures.faceCount, 1)
    const two = assessQuality({ frame, faces: [main, neighbour] })
    assert.equal(two.measures.faceCount, 2)
    assert.equal(two.failures[0].code, 'multiple_faces')
  })

  it('has defaults that parse from nothing, and a message for every code', () => {
    assert.deepEqual(QualityThresholdsSchema.parse({}), DEFAULT_QUALITY_THRESHOLDS)
    for (const code of GUIDANCE_CODES) assert.ok(GUIDANCE_MESSAGES[code].length > 3)
    assert.throws(() => QualityThresholdsSchema.parse({ maxYaw: -1 }))
  })
})
