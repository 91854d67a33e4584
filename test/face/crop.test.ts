import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import { cropPortrait, PORTRAIT } from '../../main/core/face/crop'
import { eyeCentres, type EyePair } from '../../common/face/geometry'
import { decodePhoto, PHOTO_LIMITS } from '../../main/core/face/image'
import { isBaseline420, jpegInfo } from '../../main/core/face/jpeg-info'
import { isCoreError } from '../../common/errors/core-error'
import { findFaces } from '../../main/core/face/pipeline'
import { band, ensureFaceFixtures } from './helpers'
import { assertGeometry, eyesFoundIn } from './portrait-geometry'

type Fixtures = Awaited<ReturnType<typeof ensureFaceFixtures>>

async function eyesOf(bytes: Buffer): Promise<EyePair> {
  const faces = await findFaces(await decodePhoto(bytes))
  assert.equal(faces.length, 1, 'expected exactly one face')
  return eyeCentres(faces[0].landmarks)
}

describe('cropPortrait', () => {
  let fx: Fixtures
  before(async () => {
    fx = await ensureFaceFixtures()
  })

  it('puts the eyes where the geometry says, in a baseline 4:2:0 JPEG under 200 KB', async () => {
    const bytes = readFileSync(fx.faceA)
    const portrait = await cropPortrait(bytes, await eyesOf(bytes))
    assert.equal(portrait.width, PORTRAIT.width)
    assert.equal(portrait.height, PORTRAIT.height)
    assert.ok(portrait.jpeg.length < 200_000)
    const info = jpegInfo(portrait.jpeg)
    assert.equal(info?.process, 'baseline') // SOF0, not SOF2
    assert.equal(info?.sof, 0)
    assert.deepEqual(info?.components.map((c) => [c.h, c.v]), [[2, 2], [1, 1], [1, 1]])
    assert.ok(isBaseline420(info))
    assert.equal(info?.width, PORTRAIT.width)
    assert.equal(info?.height, PORTRAIT.height)
    const meta = await sharp(portrait.jpeg).metadata()
    assert.equal(meta.isProgressive, false)
    assert.equal(meta.chromaSubsampling, '4:2:0')
    assert.equal(meta.exif, undefined)
    assertGeometry(await eyesFoundIn(portrait.jpeg))
  })

  it('levels a tilted head', async () => {
    const tilted = await sharp(readFileSync(fx.faceB)).rotate(-18, { background: '#808080' }).jpeg().toBuffer()
    const eyes = await eyesOf(tilted)
    assert.ok(Math.abs(eyes.right.y - eyes.left.y) > 30, 'the fixture should really be tilted')
    assertGeometry(await eyesFoundIn((await cropPortrait(tilted, eyes)).jpeg))
  })

  it('pads a face near the edge instead of failing', async () => {
    const tight = await band(fx.faceA, 0.2, 0.6)
    const portrait = await cropPortrait(tight, await eyesOf(tight))
    const { data } = await sharp(portrait.jpeg).raw().toBuffer({ resolveWithObject: true })
    // The top row lies above the source: filled with the white background.
    assert.ok(data[0] > 240 && data[1] > 240 && data[2] > 240)
    assertGeometry(await eyesFoundIn(portrait.jpeg))
  })

  it('respects the EXIF orientation of the file', async () => {
    const upright = readFileSync(fx.faceA)
    const rotated = readFileSync(fx.faceAExif)
    const raw = await sharp(rotated).metadata()
    assert.equal(raw.orientation, 6)
    assert.ok(raw.width! > raw.height!, 'stored sideways')
    const eyesUpright = await eyesOf(upright)
    const eyesRotated = await eyesOf(rotated)
    assert.ok(Math.abs(eyesRotated.left.x - eyesUpright.left.x) < 6 && Math.abs(eyesRotated.left.y - eyesUpright.left.y) < 6)
    assertGeometry(await eyesFoundIn((await cropPortrait(rotated, eyesRotated)).jpeg))
  })

  it('accepts PNG and WebP', async () => {
    for (const path of [fx.faceAPng, fx.faceAWebp]) {
      const bytes = readFileSync(path)
      const portrait = await cropPortrait(bytes, await eyesOf(bytes))
      assert.ok(isBaseline420(jpegInfo(portrait.jpeg)))
    }
  })

  it('steps the quality down to fit a smaller byte limit', async () => {
    const bytes = readFileSync(fx.faceC)
    const eyes = await eyesOf(bytes)
    const normal = await cropPortrait(bytes, eyes)
    const limit = Math.round(normal.jpeg.length * 0.6)
    const small = await cropPortrait(bytes, eyes, { maxBytes: limit })
    assert.ok(small.jpeg.length <= limit)
    assert.ok(small.jpegQuality < normal.jpegQuality)
    await assert.rejects(cropPortrait(bytes, eyes, { maxBytes: 2000 }), (error) => isCoreError(error) && error.field === 'photo')
  })

  it('refuses corrupt, truncated, huge and oversized files with a clear reason on "photo"', async () => {
    const eyes = { left: { x: 10, y: 10 }, right: { x: 50, y: 10 } }
    const cases: Array<[Buffer, RegExp, object?]> = [
      [readFileSync(fx.corrupt), /^photo: the file is not a readable image/],
      [readFileSync(fx.truncated), /^photo: the image is damaged/],
      [readFileSync(fx.huge), /^photo: the image is too large \(8000×6000 = 48\.0 megapixels; at most 40\)/],
      [Buffer.alloc(0), /^photo: the file is empty/],
    ]
    for (const [bytes, message] of cases) {
      await assert.rejects(cropPortrait(bytes, eyes), (error) => {
        assert.ok(isCoreError(error))
        assert.equal(error.field, 'photo')
        assert.match(error.message, message)
        return true
      })
    }
    const bytes = readFileSync(fx.faceA)
    await assert.rejects(
      decodePhoto(bytes, { ...PHOTO_LIMITS, maxBytes: 1024 }),
      (error) => isCoreError(error) && /^photo: the file is too large/.test(error.message),
    )
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).gif().toBuffer()
    await assert.rejects(decodePhoto(gif), (error) => isCoreError(error) && /gif images are not accepted/.test(error.message))
  })
})
