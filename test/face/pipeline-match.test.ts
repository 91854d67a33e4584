import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { before, describe, it } from 'node:test'
import { tensorMemory } from '../../main/core/face/detector-node'
import { FaceIndex, MATCH_DISTANCE } from '../../main/core/face/face-index'
import { isBaseline420, jpegInfo } from '../../main/core/face/jpeg-info'
import { describePortrait, PhotoRejectedError, processPhoto, type ProcessedPhoto } from '../../main/core/face/pipeline'
import { isCoreError } from '../../common/errors/core-error'
import { ensureFaceFixtures } from './helpers'

type Fixtures = Awaited<ReturnType<typeof ensureFaceFixtures>>

const distance = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0))
const demoDir = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/demo/sample1.jpg'))

describe('processPhoto', () => {
  let fx: Fixtures
  const processed: Record<string, ProcessedPhoto> = {}
  before(async () => {
    fx = await ensureFaceFixtures()
    for (const key of ['faceA', 'faceAAgain', 'faceB', 'faceC'] as const) {
      processed[key] = await processPhoto(readFileSync(fx[key]), { strict: false })
    }
  })

  it('turns the portraits cut from the demo photos into standard crops with descriptors', () => {
    for (const photo of Object.values(processed)) {
      assert.equal(photo.width, 480)
      assert.equal(photo.height, 640)
      assert.ok(isBaseline420(jpegInfo(photo.jpeg)))
      assert.ok(photo.jpeg.length < 200_000)
      assert.equal(photo.descriptor.length, 128)
      assert.ok(photo.descriptor.every(Number.isFinite))
    }
    assert.equal(processed.faceA.quality.passed, true)
    assert.deepEqual(processed.faceA.warnings, [])
  })

  it('refuses a photo without a face and a photo of several people, strict or not', async () => {
    for (const strict of [true, false]) {
      await assert.rejects(processPhoto(readFileSync(fx.noFace), { strict }), (error) => {
        assert.ok(error instanceof PhotoRejectedError)
        assert.equal(error.field, 'photo')
        assert.equal(error.message, 'photo: no face found: look at the camera')
        assert.deepEqual(error.report.failures.map((f) => f.code), ['no_face'])
        return true
      })
      await assert.rejects(processPhoto(readFileSync(fx.twoFaces), { strict }), (error) => {
        assert.ok(error instanceof PhotoRejectedError)
        assert.match(error.message, /^photo: only one person please/)
        return true
      })
    }
    // The demo photos themselves are group pictures.
    await assert.rejects(processPhoto(readFileSync(join(demoDir, 'sample3.jpg'))), (error) => {
      assert.ok(error instanceof PhotoRejectedError)
      assert.ok(error.report.measures.faceCount >= 2, `found ${error.report.measures.faceCount}`)
      return true
    })
  })

  it('refuses a failing photo when strict, keeps it with warnings otherwise', async () => {
    const dark = readFileSync(fx.faceADark)
    await assert.rejects(processPhoto(dark), (error) => {
      assert.ok(error instanceof PhotoRejectedError)
      assert.match(error.message, /^photo: too dark: add light in front of the face; the face lacks contrast/)
      assert.deepEqual(
        error.issues.map((i) => i.field),
        ['photo', 'photo'],
      )
      return true
    })
    const kept = await processPhoto(dark, { strict: false })
    assert.deepEqual(kept.warnings.map((w) => w.code), ['too_dark', 'low_contrast'])
    assert.equal(kept.quality.passed, false)
  })

  it('refuses corrupt files before looking for faces', async () => {
    await assert.rejects(processPhoto(readFileSync(fx.corrupt)), (error) => isCoreError(error) && error.field === 'photo' && !(error instanceof PhotoRejectedError))
  })

  it('finds the same photo imported twice, and the same person in another picture', () => {
    const index = new FaceIndex()
    index.set('person-a', processed.faceA.descriptor)
    index.set('person-b', processed.faceB.descriptor)
    index.set('person-c', processed.faceC.descriptor)
    const twice = index.search(processed.faceA.descriptor)
    assert.equal(twice[0].key, 'person-a')
    assert.ok(twice[0].distance < 1e-6)
    const again = index.search(processed.faceAAgain.descriptor, { maxDistance: MATCH_DISTANCE })
    assert.deepEqual(again.map((m) => m.key), ['person-a'])
    assert.ok(again[0].distance < MATCH_DISTANCE, `distance ${again[0].distance}`)
  })

  it('does not match different people', () => {
    const people = [processed.faceA, processed.faceB, processed.faceC]
    for (let i = 0; i < people.length; i++) {
      for (let j = i + 1; j < people.length; j++) {
        const d = distance(people[i].descriptor, people[j].descriptor)
        assert.ok(d > MATCH_DISTANCE, `persons ${i} and ${j} are only ${d.toFixed(3)} apart`)
      }
    }
  })

  it('raises the blacklist entry first when a blacklisted person enrolls again', () => {
    const index = new FaceIndex()
    index.set('visitor-b', processed.faceB.descriptor)
    index.set('banned-a', processed.faceA.descriptor, { blacklist: true })
    index.set('visitor-c', processed.faceC.descriptor)
    const matches = index.search(processed.faceAAgain.descriptor, { maxDistance: 0.8, limit: 3 })
    assert.equal(matches[0].key, 'banned-a')
    assert.equal(matches[0].blacklist, true)
    assert.ok(matches[0].distance < MATCH_DISTANCE)
  })

  it('recomputes a close descriptor from the stored portrait alone', async () => {
    const again = await describePortrait(processed.faceA.jpeg)
    assert.ok(distance(again, processed.faceA.descriptor) < 0.15)
  })

  it('leaks no tensors', async () => {
    const before = await tensorMemory()
    for (let i = 0; i < 3; i++) await processPhoto(readFileSync(fx.faceB), { strict: false })
    await processPhoto(readFileSync(fx.noFace)).catch(() => undefined)
    assert.deepEqual(await tensorMemory(), before)
  })
})
