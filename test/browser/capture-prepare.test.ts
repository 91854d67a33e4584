/**
 * The capture's core side through the real contract (dispatch → handlers → station, in Node): a
 * camera frame with eye centres and a descriptor becomes a stored standard portrait, matched
 * against the register with the blacklist first, the register's changes followed.
 * (Next to the browser tests because it is the other half of the same capture.)
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import sharp from 'sharp'
import { createHandlers, dispatch, type DispatchResult } from '../../main/core/api/handlers'
import type { PreparedCapture } from '../../common/face/capture-types'
import { describeFace, detectFaces } from '../../main/core/face/detector-node'
import { eyeCentres } from '../../common/face/geometry'
import { isBaseline420, jpegInfo } from '../../main/core/face/jpeg-info'
import type { Person } from '../../common/model/person'
import { photoPath } from '../../main/core/photos/photo-files'
import { openStation, type Station } from '../../main/core/station'
import { ensureFaceFixtures, type FaceFixtures } from '../../scripts/make-face-fixtures'
import { openY4m } from '../face/helpers'

describe('face.prepare: the camera frame through the core (real station, Node)', () => {
  let fixtures: FaceFixtures
  let dataDir: string
  let station: Station
  let call: (channel: string, input: unknown) => Promise<DispatchResult>
  let frame: { base64: string; eyes: { left: { x: number; y: number }; right: { x: number; y: number } }; descriptor: number[] }
  const quality = { score: 83, passed: true, failures: [] }

  const ok = async <T>(channel: string, input: unknown): Promise<T> => {
    const outcome = await call(channel, input)
    if (!outcome.ok) assert.fail(`${channel}: ${outcome.error.message}`)
    return outcome.result as T
  }
  const prepare = (input: Partial<typeof frame> = {}) => {
    const { base64, eyes, descriptor } = { ...frame, ...input }
    return ok<PreparedCapture>('face.prepare', { frame: base64, eyes, descriptor, quality })
  }

  before(async () => {
    fixtures = await ensureFaceFixtures({ videos: true })
    dataDir = mkdtempSync(join(tmpdir(), 'capture-prepare-'))
    station = await openStation({ dataDir })
    const handlers = createHandlers(station, 'desk-test')
    call = (channel, input) => dispatch(handlers, channel, input)
    // What the renderer does on a live frame: landmarks → eye centres, descriptor of that frame.
    const image = openY4m(fixtures.videos!.good).frame(20)
    const faces = await detectFaces(image)
    assert.equal(faces.length, 1)
    frame = {
      base64: (await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer()).toString('base64'),
      eyes: eyeCentres(faces[0].landmarks),
      descriptor: Array.from(await describeFace(image, faces[0].landmarks)),
    }
  })
  after(async () => {
    await station?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('stores the standard portrait of the frame, with its quality, and finds nobody in an empty register', async () => {
    const prepared = await prepare()
    const jpeg = Buffer.from(prepared.portrait, 'base64')
    assert.ok(readFileSync(photoPath(dataDir, prepared.photo.hash)).equals(jpeg))
    const info = jpegInfo(jpeg)!
    assert.deepEqual([info.width, info.height], [480, 640])
    assert.ok(isBaseline420(info))
    assert.ok(jpeg.length < 200_000)
    assert.deepEqual(
      { source: prepared.photo.source, quality: prepared.photo.quality, width: prepared.photo.width, height: prepared.photo.height },
      { source: 'camera', quality: 83, width: 480, height: 640 },
    )
    assert.deepEqual(prepared.matches, [])
    // The same frame twice is the same file: saving the person attaches these very bytes.
    assert.equal((await prepare()).photo.hash, prepared.photo.hash)
  })

  test('person.add takes the prepared portrait by hash: the same stored bytes and quality, not cropped again', async () => {
    const strict = await openStation({ dataDir: mkdtempSync(join(tmpdir(), 'capture-save-')), faceProcessing: true })
    try {
      const handlers = createHandlers(strict, 'desk-test')
      const run = async <T>(channel: string, input: unknown) => {
        const outcome = await dispatch(handlers, channel, input)
        if (!outcome.ok) assert.fail(`${channel}: ${outcome.error.message}`)
        return outcome.result as T
      }
      const prepared = await run<PreparedCapture>('face.prepare', { frame: frame.base64, eyes: frame.eyes, descriptor: frame.descriptor, quality })
      const person = await run<{ photo: { hash: string; quality: number; source: string } }>('person.add', { name: 'Camera Visitor', photo: { hash: prepared.photo.hash, quality: 83 } })
      assert.deepEqual(person.photo, { ...person.photo, hash: prepared.photo.hash, quality: 83, source: 'camera' })
      const missing = await dispatch(handlers, 'person.add', { name: 'Ghost', photo: { hash: 'f'.repeat(64) } })
      assert.equal(missing.ok, false)
      assert.match(!missing.ok ? missing.error.message : '', /^photo: the captured portrait is no longer stored/)
    } finally {
      await strict.close()
    }
  })

  test('puts a blacklist entry first, even when a registered visitor is nearer, and leaves other people out', async () => {
    const banned = await ok<Person>('person.add', { name: 'Zhao Lei', type: 'blacklist', reason: 'Threatened the staff', photo: { base64: readFileSync(fixtures.faceAAgain).toString('base64') } })
    const twin = await ok<Person>('person.add', { name: 'Visitor A', photo: { base64: readFileSync(fixtures.faceA).toString('base64') } })
    await ok('person.add', { name: 'Visitor B', photo: { base64: readFileSync(fixtures.faceB).toString('base64') } })
    assert.deepEqual(await ok('face.status', {}), { indexed: 3, pending: 0, failed: 0 })

    const { matches } = await prepare()
    assert.deepEqual(
      matches.slice(0, 2).map((m) => [m.name, m.blacklist, m.likely]),
      [
        ['Zhao Lei', true, true],
        ['Visitor A', false, true],
      ],
    )
    // Anyone further is only a look-alike for a human to judge (the view does not stop for them).
    for (const other of matches.slice(2)) assert.deepEqual([other.name, other.blacklist, other.likely], ['Visitor B', false, false])
    assert.equal(matches[0].reason, 'Threatened the staff')
    assert.equal(matches[0].code, banned.code)
    assert.equal(matches[1].photoHash, twin.photo!.hash)
    assert.ok(matches[1].distance <= matches[0].distance, 'the visitor is the nearer of the two, yet comes second')

    // Without the renderer's descriptor the core computes one from the portrait: same answer.
    const computed = await prepare({ descriptor: undefined })
    assert.deepEqual(computed.matches.filter((m) => m.likely).map((m) => m.name), ['Zhao Lei', 'Visitor A'])
    assert.equal(computed.descriptor.length, 128)
  })

  test('follows the register: a deleted entry no longer matches, a visitor turned blacklist does', async () => {
    const list = await ok<{ items: Person[] }>('person.list', { limit: 10 })
    const banned = list.items.find((p) => p.name === 'Zhao Lei')!
    const twin = list.items.find((p) => p.name === 'Visitor A')!
    await ok('person.delete', { id: banned.id })
    await ok('person.edit', { id: twin.id, version: twin.version, type: 'blacklist', reason: 'Tailgating' })
    const { matches } = await prepare()
    assert.deepEqual(
      matches.filter((m) => m.likely).map((m) => [m.name, m.blacklist, m.reason]),
      [['Visitor A', true, 'Tailgating']],
    )
    assert.ok(!matches.some((m) => m.name === 'Zhao Lei'))
  })

  test('refuses what is not a capture, with the field named', async () => {
    const refused = async (input: Record<string, unknown>, field: string, message: RegExp) => {
      const outcome = await call('face.prepare', { frame: frame.base64, eyes: frame.eyes, quality, ...input })
      assert.equal(outcome.ok, false)
      if (outcome.ok) return
      assert.equal(outcome.error.code, 'invalid')
      assert.equal(outcome.error.field ?? outcome.error.issues[0]?.field, field)
      assert.match(outcome.error.message, message)
    }
    await refused({ descriptor: frame.descriptor.slice(1) }, 'descriptor', /descriptor/)
    await refused({ eyes: { left: { x: 300, y: 200 }, right: { x: 305, y: 200 } } }, 'photo', /^photo: the eyes are too close together/)
    await refused({ frame: Buffer.from('not an image at all').toString('base64') }, 'photo', /^photo: the file is not a readable image/)
    await refused({ eyes: { left: { x: -4000, y: 0 }, right: { x: -3900, y: 0 } } }, 'photo', /^photo: the face is outside the image/)
  })
})
