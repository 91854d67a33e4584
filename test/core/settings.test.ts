import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { openStation, type Station } from '../../main/core/station'
import { DEFAULT_QUALITY_THRESHOLDS } from '../../common/face/quality'
import { processPhoto } from '../../main/core/face/pipeline'
import { ensureFaceFixtures } from '../face/helpers'
import { tempDir } from '../helpers/temp'
import { contractCaller } from '../helpers/contract-caller'

const caller = (station: Station, actor = 'desk') => contractCaller(station, { actor })

test('capture settings start at the documented defaults and survive a restart; only changes are stored, and audited', async () => {
  const dataDir = tempDir()
  let station = await openStation({ dataDir })
  let api = caller(station, 'alice')
  const fresh = (await api.ok('settings.get', {})).capture
  assert.deepEqual(fresh.thresholds, DEFAULT_QUALITY_THRESHOLDS)
  assert.deepEqual(fresh.defaults, DEFAULT_QUALITY_THRESHOLDS)
  assert.deepEqual([fresh.version, fresh.changed, fresh.updatedBy], [0, [], null])

  const saved = (await api.ok('settings.set', { capture: { thresholds: { ...DEFAULT_QUALITY_THRESHOLDS, maxYaw: 20, minInterEyeDistance: 80 }, version: 0 } })).capture
  assert.deepEqual(saved.changed.sort(), ['maxYaw', 'minInterEyeDistance'])
  assert.equal(saved.version, 1)
  assert.deepEqual(station.store.get('settings', 'capture'), { thresholds: { minInterEyeDistance: 80, maxYaw: 20 }, version: 1, updatedAt: saved.updatedAt, updatedBy: 'alice' })
  const audit = await station.store.history('settings', 'capture')
  assert.deepEqual(audit.map((entry) => [entry.action, entry.actor, entry.changes]), [['update', 'alice', { minInterEyeDistance: [60, 80], maxYaw: [15, 20] }]])
  await station.close()

  station = await openStation({ dataDir })
  api = caller(station)
  const reopened = (await api.ok('settings.get', {})).capture
  assert.deepEqual({ ...reopened.thresholds }, { ...DEFAULT_QUALITY_THRESHOLDS, maxYaw: 20, minInterEyeDistance: 80 })
  assert.deepEqual(station.settings.thresholds(), reopened.thresholds)

  // the whole set is what the user sees: a measure left out goes back to its default, {} resets all
  const reset = (await api.ok('settings.set', { capture: { thresholds: {} } })).capture
  assert.deepEqual([reset.changed, reset.version, reset.thresholds.maxYaw], [[], 2, 15])
  await station.close()
})

test('a bad limit is refused naming the measure, and nothing is stored', async () => {
  const station = await openStation({ dataDir: tempDir() })
  const api = caller(station)
  await api.ok('settings.set', { capture: { thresholds: { maxRoll: 10 } } })
  const before = station.store.get('settings', 'capture')

  const tooBig = await api.refused('settings.set', { capture: { thresholds: { maxRoll: 10, maxYaw: 120 } } })
  assert.equal(tooBig.field, 'thresholds.maxYaw')
  assert.equal(tooBig.message, 'thresholds.maxYaw: must be at most 90')

  const notNumber = await api.refused('settings.set', { capture: { thresholds: { minSharpness: 'soft' } } })
  assert.equal(notNumber.message, 'thresholds.minSharpness: must be a number')
  const negative = await api.refused('settings.set', { capture: { thresholds: { minContrast: -1 } } })
  assert.equal(negative.message, 'thresholds.minContrast: must be at least 0')
  const typo = await api.refused('settings.set', { capture: { thresholds: { maxYawn: 10 } } })
  assert.equal(typo.message, 'thresholds: unknown measure(s) maxYawn')
  const shut = await api.refused('settings.set', { capture: { thresholds: { minBrightness: 150, maxBrightness: 120 } } })
  assert.equal(shut.message, 'thresholds.maxBrightness: must be more than the lowest brightness (150)')

  // two problems: both reported, each with its field, for the form to show next to each
  const two = await api.refused('settings.set', { capture: { thresholds: { maxYaw: 0, maxPitch: 91 } } })
  assert.deepEqual(two.issues, [
    { field: 'thresholds.maxYaw', message: 'must be at least 1', messageCode: 'field.below_min', params: { limit: '1' } },
    { field: 'thresholds.maxPitch', message: 'must be at most 90', messageCode: 'field.above_max', params: { limit: '90' } },
  ])

  const stale = await api.refused('settings.set', { capture: { thresholds: {}, version: 0 } })
  assert.equal(stale.code, 'stale')
  assert.deepEqual(station.store.get('settings', 'capture'), before)
  assert.equal(station.settings.thresholds().maxRoll, 10)
  await station.close()
})

test('limits stored by an older version that the schema no longer accepts fall back to their defaults', async () => {
  const station = await openStation({ dataDir: tempDir() })
  await station.store.transact((tx) =>
    tx.put('settings', 'capture', { thresholds: { maxYaw: 500, maxPitch: 12, droppedMeasure: 3 }, version: 4, updatedAt: new Date().toISOString(), updatedBy: 'old' }),
  )
  const capture = station.settings.capture()
  assert.deepEqual([capture.thresholds.maxYaw, capture.thresholds.maxPitch, capture.changed], [15, 12, ['maxPitch']])
  await station.close()
})

test('photo files go through the stored limits: a stricter inter-eye distance refuses a photo the default accepts', async () => {
  const { faceA } = await ensureFaceFixtures()
  const bytes = readFileSync(faceA)
  const measured = (await processPhoto(bytes)).quality.measures.interEyeDistance!
  const station = await openStation({ dataDir: tempDir(), faceProcessing: true })
  const api = caller(station)
  const photo = { base64: bytes.toString('base64'), source: 'file' as const }

  await api.ok('settings.set', { capture: { thresholds: { minInterEyeDistance: Math.ceil(measured) + 1 } } })
  const refused = await api.refused('person.add', { name: 'Too Far', photo })
  assert.equal(refused.field, 'photo')
  assert.match(refused.message, /^photo: come closer/)
  assert.equal(station.persons.list().total, 0)

  await api.ok('settings.set', { capture: { thresholds: { minInterEyeDistance: Math.floor(measured) - 1 } } })
  const person = await api.ok('person.add', { name: 'Near Enough', photo })
  assert.ok(person.photo?.hash)

  // bulk imports keep a photo failing a measure, with the measure as a warning
  await api.ok('settings.set', { capture: { thresholds: { minInterEyeDistance: Math.ceil(measured) + 1 } } })
  const intake = await station.photos.intake(bytes, 'import')
  assert.deepEqual(intake.warnings, ['Come closer'])
  await station.close()
})
