/**
 * face.prepareFile through the contract's own dispatch, on a real station with the face pipeline
 * on and the real face fixtures: the photo file is cropped, stored and matched before anyone saves it.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ChannelInput, ChannelResult, Channel, BridgeErrorShape } from '../../common/contract'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { openStation, type Station } from '../../main/core/station'
import { PORTRAIT } from '../../common/face/geometry'
import { decodePhoto } from '../../main/core/face/image'
import { photoPath } from '../../main/core/photos/photo-files'
import type { Person } from '../../common/model/person'
import { tempDir } from '../helpers/temp'
import { ensureFaceFixtures } from './helpers'

type Fixtures = Awaited<ReturnType<typeof ensureFaceFixtures>>

describe('face.prepareFile (real station, real face photos)', () => {
  let fx: Fixtures
  let station: Station
  let handlers: ReturnType<typeof createHandlers>
  let visitor: Person
  let banned: Person
  let other: Person
  const dataDir = tempDir('prepare-file-')

  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
    const outcome = await dispatch(handlers, channel, input)
    if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { shape: outcome.error })
    return outcome.result as ChannelResult<C>
  }
  async function refusal<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<BridgeErrorShape> {
    const outcome = await dispatch(handlers, channel, input)
    assert.equal(outcome.ok, false, `${channel} was expected to refuse`)
    return (outcome as { error: BridgeErrorShape }).error
  }
  const file = (path: string) => ({ base64: readFileSync(path).toString('base64') })
  const storedPhotos = () => readdirSync(join(dataDir, 'photos'), { recursive: true }).filter((name) => String(name).endsWith('.jpg')).length

  before(async () => {
    fx = await ensureFaceFixtures()
    station = await openStation({ dataDir, faceProcessing: true })
    handlers = createHandlers(station, 'desk')
    visitor = await call('person.add', { name: 'Li Na', type: 'visitor', photo: { ...file(fx.faceA), source: 'file' } })
    banned = await call('person.add', { name: 'Zhao Lei', type: 'blacklist', reason: 'Threatened the reception staff', photo: { ...file(fx.faceA), source: 'file' } })
    other = await call('person.add', { name: 'Someone Else', type: 'visitor', photo: { ...file(fx.faceB), source: 'file' } })
  })
  after(async () => {
    await station?.close()
  })

  it('crops and stores the portrait, and finds the blacklist entry first, then the duplicate', async () => {
    const prepared = await call('face.prepareFile', file(fx.faceAAgain))
    const names = prepared.matches.map((match) => match.name)
    assert.deepEqual(names, ['Zhao Lei', 'Li Na'], 'blacklist first; a different face is no match')
    const [first, second] = prepared.matches
    assert.equal(first.blacklist, true)
    assert.equal(first.personId, banned.id)
    assert.equal(first.reason, 'Threatened the reception staff')
    assert.equal(first.likely, true)
    assert.equal(second.personId, visitor.id)
    assert.equal(second.blacklist, false)
    assert.equal(second.likely, true)
    assert.ok(second.distance <= 0.5, `the same face photographed again: ${second.distance}`)

    const jpeg = Buffer.from(prepared.portrait, 'base64')
    assert.equal(prepared.photo.hash, createHash('sha256').update(jpeg).digest('hex'))
    assert.ok(readFileSync(photoPath(dataDir, prepared.photo.hash)).equals(jpeg), 'the portrait is the stored photo')
    assert.equal(prepared.photo.source, 'file')
    const image = await decodePhoto(jpeg)
    assert.deepEqual([image.width, image.height], [PORTRAIT.width, PORTRAIT.height])
    assert.equal(prepared.descriptor.length, 128)
    assert.ok(prepared.quality >= 50 && prepared.quality <= 100, `quality ${prepared.quality}`)
    assert.deepEqual(prepared.failures, [])
  })

  it('saves the checked portrait by reference, as a file photo, without cropping it again', async () => {
    const prepared = await call('face.prepareFile', file(fx.faceB))
    assert.deepEqual(
      prepared.matches.map((match) => match.personId),
      [other.id],
    )
    const before = storedPhotos()
    const person = await call('person.add', { name: 'Wu Fang', type: 'visitor', photo: { hash: prepared.photo.hash, quality: prepared.quality, source: 'file' } })
    assert.equal(person.photo?.hash, prepared.photo.hash)
    assert.equal(person.photo?.source, 'file')
    assert.equal(person.photo?.quality, prepared.quality)
    assert.equal(storedPhotos(), before, 'no second file')
  })

  it('leaves out the person whose photo is being replaced', async () => {
    const withoutVisitor = await call('face.prepareFile', { ...file(fx.faceAAgain), excludePersonId: visitor.id })
    assert.deepEqual(
      withoutVisitor.matches.map((match) => match.personId),
      [banned.id],
    )
    const withoutBanned = await call('face.prepareFile', { ...file(fx.faceAAgain), excludePersonId: banned.id })
    assert.deepEqual(
      withoutBanned.matches.map((match) => match.personId),
      [visitor.id],
    )
    const replaced = await call('person.setPhoto', { id: visitor.id, version: visitor.version, photo: { hash: withoutVisitor.photo.hash, quality: withoutVisitor.quality, source: 'file' } })
    assert.equal(replaced.photo?.hash, withoutVisitor.photo.hash)
  })

  it('refuses a photo without a face with the reasons on the photo field, and stores nothing', async () => {
    const before = storedPhotos()
    const error = await refusal('face.prepareFile', file(fx.noFace))
    assert.equal(error.field, 'photo')
    assert.equal(error.message, 'photo: no face found: look at the camera')
    assert.deepEqual(error.issues, [{ field: 'photo', message: 'no face found: look at the camera', messageCode: 'photo.fault', params: { guidance: 'no_face' } }])

    const twoFaces = await refusal('face.prepareFile', file(fx.twoFaces))
    assert.match(twoFaces.message, /^photo: only one person please/)
    assert.equal(storedPhotos(), before)
  })

  it('refuses corrupt and oversized files with the pipeline’s own messages', async () => {
    const corrupt = await refusal('face.prepareFile', file(fx.corrupt))
    assert.equal(corrupt.field, 'photo')
    assert.match(corrupt.message, /^photo: the file is not a readable image/)
    const truncated = await refusal('face.prepareFile', file(fx.truncated))
    assert.equal(truncated.field, 'photo')
    const huge = await refusal('face.prepareFile', file(fx.huge))
    assert.match(huge.message, /^photo: the image is too large \(8000×6000 = 48\.0 megapixels; at most 40\)/)
    const empty = await refusal('face.prepareFile', { base64: '' })
    assert.equal(empty.field, 'base64')
  })

  it('holds the file to the quality limits set in Settings', async () => {
    await call('settings.set', { capture: { thresholds: { minInterEyeDistance: 1000 } } })
    try {
      const error = await refusal('face.prepareFile', file(fx.faceAAgain))
      assert.equal(error.message, 'photo: come closer')
    } finally {
      await call('settings.set', { capture: { thresholds: {} } })
    }
    assert.equal((await call('face.prepareFile', file(fx.faceAAgain))).matches.length, 2)
  })
})
