import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHandlers } from '../../main/core/api/handlers'
import { openStation, type Station } from '../../main/core/station'
import { createInvokeListener, type InvokeListener } from '../../main/electron/ipc'
import type { DesktopHandlers } from '../../main/electron/desktop-contract'
import { DesktopSettingsFile } from '../../main/electron/desktop-settings'
import { tempDir } from '../helpers/temp'

let station: Station
let listener: InvokeListener
let settings: DesktopSettingsFile

before(async () => {
  const dir = tempDir('enroll-ipc-')
  station = await openStation({ dataDir: `${dir}/data` })
  settings = new DesktopSettingsFile(dir)
  const desktop: DesktopHandlers = {
    'desktop.settings': () => settings.read(),
    'desktop.updateSettings': (patch) => settings.update(patch),
    'desktop.captureCheck': () => ({ available: true, command: 'fswebcam', path: '/usr/bin/fswebcam', message: '' }),
    'desktop.captureStill': () => ({ base64: '/9j/', bytes: 3 }),
  }
  listener = createInvokeListener({ handlers: createHandlers(station, 'ipc-test'), desktop, trusted: ['app://station'] })
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
    const desktopOutcome = await listener(sender, 'desktop.updateSettings', { kiosk: true })
    assert.equal(desktopOutcome.ok, false)
  }
  assert.equal(station.persons.list({ text: 'Mallory' }).total, 0)
  assert.equal((await settings.read()).kiosk, false)
})

test('our page reaches the core and the desktop channels, each input validated by its schema', async () => {
  const added = await listener(top, 'person.add', { name: 'Grace Hopper' })
  assert.equal(added.ok, true)
  const invalid = await listener(top, 'person.add', { name: 'Grace', unexpected: 1 })
  assert.equal(!invalid.ok && invalid.error.code, 'invalid')
  const notString = await listener(top, { toString: () => 'person.add' }, { name: 'Object channel' })
  assert.equal(notString.ok, false)
  assert.equal(!notString.ok && notString.error.field, 'channel')
  const info = await listener(top, 'desktop.settings', {})
  assert.deepEqual(info.ok && info.result, { kiosk: false, captureSource: 'browser', captureDevice: null })
  const extra = await listener(top, 'desktop.settings', { sneaky: true })
  assert.equal(!extra.ok && extra.error.code, 'invalid')
})
