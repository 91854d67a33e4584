import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHandlers } from '../../main/core/api/handlers'
import { openStation, type Station } from '../../main/core/station'
import { createInvokeListener, type InvokeListener } from '../../main/electron/ipc'
import { tempDir } from '../helpers/temp'

let station: Station
let listener: InvokeListener

before(async () => {
  const dir = tempDir('enroll-ipc-')
  station = await openStation({ dataDir: `${dir}/data` })
  listener = createInvokeListener({ handlers: createHandlers(station, 'ipc-test'), trusted: ['app://station'] })
})
after(() => station.close())

const top = { senderFrame: { url: 'app://station/index.html#/enroll', parent: null } }

test('calls from other origins, iframes or dead frames are refused before reaching the register', async () => {
  const senders = [
    { senderFrame: { url: 'https://evil.example/', parent: null } },
    { senderFrame: { url: 'app://station/index.html', parent: { url: 'app://station/' } } },
    { senderFrame: { url: 'file:///home/user/index.html', parent: null } },
    { senderFrame: null },
  ]
  for (const sender of senders) {
    const outcome = await listener(sender, 'person.add', { name: 'Mallory' })
    assert.equal(outcome.ok, false)
    assert.equal(!outcome.ok && outcome.error.field, 'sender')
  }
  assert.equal(station.persons.list({ text: 'Mallory' }).total, 0)
})

test('our page reaches the core\'s channels, each input validated by its schema, and nothing else', async () => {
  const added = await listener(top, 'person.add', { name: 'Grace Hopper' })
  assert.equal(added.ok, true)
  const invalid = await listener(top, 'person.add', { name: 'Grace', unexpected: 1 })
  assert.equal(!invalid.ok && invalid.error.code, 'invalid')
  const notString = await listener(top, { toString: () => 'person.add' }, { name: 'Object channel' })
  assert.equal(notString.ok, false)
  assert.equal(!notString.ok && notString.error.field, 'channel')
  // the window's own settings are the menu's business: no channel reaches them or a camera command
  for (const channel of ['desktop.settings', 'desktop.updateSettings', 'desktop.captureStill']) {
    const outcome = await listener(top, channel, {})
    assert.equal(!outcome.ok && outcome.error.field, 'channel', channel)
  }
})
