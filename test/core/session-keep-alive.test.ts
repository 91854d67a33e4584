/**
 * The page's keep-alive: someone typing a long form makes no call, so the page asks
 * `session.status` at most once a minute while the desk is in use (renderer/session/use-idle-lock.ts).
 * That question keeps an open session from the core's idle lock; a locked session stays locked.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { openStation, type Station } from '../../main/core/station'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import type { SessionStatus } from '../../common/operators/operator-types'
import { tempDir } from '../helpers/temp'
import { addOperators, signedInAs } from '../helpers/operators'

let station: Station
const dataDir = tempDir('enroll-keep-alive-')
before(async () => {
  station = await openStation({ dataDir })
  await addOperators(station)
  const set = await dispatch(createHandlers(station, 'local:owner'), 'settings.set', { security: { idleLockMinutes: 2 } })
  assert.ok(set.ok)
})
after(() => station.close())

test('session.status keeps an open session from the idle lock, and does not reopen a locked one', async () => {
  let now = Date.now()
  const desk = await signedInAs(station, 'reception', () => now)
  const status = async () => {
    const outcome = await desk.call('session.status')
    assert.ok(outcome.ok)
    return outcome.result as SessionStatus
  }
  // four minutes of typing, the page asking every minute and a half: never idle for two
  for (let step = 0; step < 3; step++) {
    now += 90_000
    assert.equal((await status()).locked, false)
  }
  assert.ok((await desk.call('person.list')).ok, 'the session is still open')

  // then nobody: locked after two minutes, and asking again does not open it
  now += 121_000
  assert.equal((await status()).locked, true)
  now += 1_000
  assert.equal((await status()).locked, true)
  const refused = await desk.call('person.list')
  assert.equal(!refused.ok && refused.error.messageCode, 'session.locked')
})
