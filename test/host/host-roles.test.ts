/**
 * The role rules over real HTTP on loopback: `enroll serve` answers a token with no sign-in as
 * signed out (401, the channel named), then each operator signed in on that token gets what its
 * role may do and a 403 naming the channel for the rest; photos need a signed-in session too.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { CHANNELS } from '../../common/contract'
import { CHANNEL_RULES, atLeast } from '../../common/operators/roles'
import type { Person } from '../../common/model/person'
import { signInServed, startServeSignedOut, type ServedStation } from '../helpers/cli'
import { DEMO_PHOTOS, tempDir } from '../helpers/temp'
import { addOperators, OPERATORS } from '../helpers/operators'

const dataDir = tempDir('enroll-host-roles-')
let served: ServedStation
let photoHash: string

before(async () => {
  const station = await openStation({ dataDir })
  await addOperators(station)
  const added = await dispatch(createHandlers(station, 'local:owner'), 'person.add', {
    name: 'With Photo',
    photo: { base64: readFileSync(join(DEMO_PHOTOS, 'sample1.jpg')).toString('base64'), source: 'file' },
  })
  assert.ok(added.ok)
  photoHash = (added.result as Person).photo!.hash
  await station.close()
  served = await startServeSignedOut(dataDir, '--no-sync')
})
after(() => served?.stop())

async function call(channel: string, input: unknown = {}) {
  const response = await fetch(`${served.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
    body: JSON.stringify(input),
  })
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string; message: string; messageCode?: string } } }
}
const photo = () => fetch(`${served.origin}/photos/${photoHash}.jpg?token=${served.token}`).then((response) => response.status)

test('over HTTP, signed out: the token alone opens only the public channels and no photo', async () => {
  assert.equal((await call('app.info')).status, 200)
  assert.equal((await call('session.status')).status, 200)
  for (const channel of CHANNELS.filter((c) => CHANNEL_RULES[c] !== 'public')) {
    const { status, body } = await call(channel, { '(probe)': true })
    assert.equal(status, 401, channel)
    assert.equal(body.error?.code, 'unauthorized')
    assert.ok(body.error?.message.includes(channel), body.error?.message)
  }
  assert.equal(await photo(), 401)
})

test('over HTTP, reception: visitors yes, the blacklist and groups no (403 naming the channel)', async () => {
  await signInServed(served, OPERATORS.reception)
  for (const channel of CHANNELS) {
    const rule = CHANNEL_RULES[channel]
    if (rule === 'public' || rule === 'by_person') continue
    const { status, body } = await call(channel, { '(probe)': true })
    if (atLeast('reception', rule)) assert.equal(status, 400, `${channel}: admitted, then its schema refused the probe`)
    else {
      assert.equal(status, 403, channel)
      assert.equal(body.error?.code, 'forbidden')
      assert.ok(body.error?.message.includes(channel), body.error?.message)
    }
  }
  assert.equal((await call('person.add', { name: '访客 Visitor' })).status, 200)
  const banned = await call('person.add', { name: 'Banned', type: 'blacklist', reason: 'seen' })
  assert.deepEqual([banned.status, banned.body.error?.messageCode], [403, 'session.forbidden_person_type'])
  assert.equal(await photo(), 200)
})

test('over HTTP, a quick switch on the same token: security adds to the blacklist, the administrator adds a group', async () => {
  await signInServed(served, OPERATORS.security)
  assert.equal((await call('person.add', { name: 'Banned', type: 'blacklist', reason: 'seen' })).status, 200)
  assert.equal((await call('group.add', { name: 'Lobby' })).status, 403)
  await signInServed(served, OPERATORS.administrator)
  assert.equal((await call('group.add', { name: 'Lobby' })).status, 200)
  assert.equal((await call('session.signOut')).status, 200)
  assert.equal((await call('group.list')).status, 401)
})
