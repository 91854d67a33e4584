import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { DEFAULT_QUALITY_THRESHOLDS } from '../../common/face/quality'
import { openStation } from '../../main/core/station'
import type { ChannelResult, StationEvent } from '../../common/contract'
import { tempDir } from '../helpers/temp'

test('settings.set tells every subscriber the new quality limits at once; a save that changes nothing, or is refused, tells nobody', async () => {
  const station = await openStation({ dataDir: tempDir() })
  const handlers = createHandlers(station, 'alice')
  const heard: StationEvent[] = []
  const unsubscribe = station.events.subscribe((event) => heard.push(event))
  const set = (capture: unknown) => dispatch(handlers, 'settings.set', { capture })
  try {
    const limits = { ...DEFAULT_QUALITY_THRESHOLDS, maxYaw: 22, minSharpness: DEFAULT_QUALITY_THRESHOLDS.minSharpness + 10 }
    const saved = await set({ thresholds: limits, version: 0 })
    assert.equal(saved.ok, true)
    const notices = heard.filter((event) => event.type === 'settings.changed')
    assert.equal(notices.length, 1, 'one notice, sent before settings.set answered')
    const [notice] = notices
    assert.ok(notice.type === 'settings.changed')
    assert.deepEqual({ ...notice.capture.thresholds }, limits)
    assert.deepEqual([notice.capture.version, notice.capture.updatedBy, notice.capture.changed.sort()], [1, 'alice', ['maxYaw', 'minSharpness']])
    assert.deepEqual(notice.capture, saved.ok ? (saved.result as ChannelResult<'settings.set'>).capture : null, 'the notice carries what settings.set returned')

    assert.equal((await set({ thresholds: limits })).ok, true)
    assert.equal((await set({ thresholds: { ...limits, maxYaw: -3 } })).ok, false)
    assert.equal((await set({ thresholds: {}, version: 0 })).ok, false, 'stale')
    assert.equal(heard.filter((event) => event.type === 'settings.changed').length, 1)

    assert.equal((await set({ thresholds: {} })).ok, true)
    const reset = heard.filter((event) => event.type === 'settings.changed').at(-1)
    assert.ok(reset?.type === 'settings.changed')
    assert.deepEqual([{ ...reset.capture.thresholds }, reset.capture.version], [DEFAULT_QUALITY_THRESHOLDS, 2])
  } finally {
    unsubscribe()
    await station.close()
  }
})
