import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { register } from 'node:module'
import { CHANNELS, IPC_EVENT, IPC_INVOKE, type PreloadApi, type StationEvent } from '../../common/contract'
import { createHandlers } from '../../main/core/api/handlers'
import { openStation, type Station } from '../../main/core/station'
import { createInvokeListener } from '../../main/electron/ipc'
import { APP_START_URL } from '../../main/electron/app-origin'
import { createIpcBridge } from '../../renderer/bridge/ipc-bridge'
import { tempDir } from '../helpers/temp'

register('./electron-stub-loader.mjs', import.meta.url)
const stub = await import('./electron-stub')
await import('../../preload/index')
const api = stub.exposed.get('station') as PreloadApi

let station: Station
before(async () => {
  const dir = tempDir('enroll-preload-')
  station = await openStation({ dataDir: `${dir}/data` })
  const listener = createInvokeListener({ handlers: createHandlers(station, 'preload-test'), trusted: ['app://station'] })
  // What main does for a call from our window's top frame.
  stub.setInvokeHandler((channel: string, name: unknown, input: unknown) => {
    assert.equal(channel, IPC_INVOKE)
    return listener({ senderFrame: { url: APP_START_URL, parent: null } }, name, input)
  })
})
after(() => station.close())

test('the preload exposes exactly two functions on window.station, and nothing of Electron', () => {
  assert.deepEqual([...stub.exposed.keys()], ['station'])
  assert.deepEqual(Object.keys(api).sort(), ['invoke', 'onEvent'])
  assert.equal(typeof api.invoke, 'function')
  assert.equal(typeof api.onEvent, 'function')
  assert.notEqual(api as unknown, stub.ipcRenderer)
})

test('every channel of the contract is reachable through the preload', async () => {
  for (const channel of CHANNELS) {
    const outcome = await api.invoke(channel as never, {})
    // Reaching the channel means its own schema or handler answered, not "unknown channel".
    if (!outcome.ok) assert.notEqual(outcome.error.field, 'channel', `${channel}: ${outcome.error.message}`)
  }
  const unknown = await api.invoke('fs.readFile' as never, { path: '/etc/passwd' })
  assert.equal(unknown.ok, false)
  assert.equal(!unknown.ok && unknown.error.field, 'channel')
})

test('a person added through the preload is in the register, with validation errors as data', async () => {
  const bridge = createIpcBridge(api)
  const added = await bridge.invoke('person.add', { name: 'Ada Lovelace', phone: '+8613800138000' })
  assert.equal(added.name, 'Ada Lovelace')
  assert.equal(station.persons.require(added.id).name, 'Ada Lovelace')
  await assert.rejects(bridge.invoke('person.add', { name: 'Bad', email: 'nope' }), (error: Error & { field?: string }) => error.name === 'BridgeError' && error.field === 'email')
})

test('station events reach the page as plain payloads, and unsubscribing stops them', () => {
  const seen: StationEvent[] = []
  const unsubscribe = api.onEvent((event) => seen.push(event))
  stub.sendFromMain(IPC_EVENT, { type: 'groups.changed' })
  assert.deepEqual(seen, [{ type: 'groups.changed' }])
  unsubscribe()
  assert.equal(stub.listenerCount(IPC_EVENT), 0)
  stub.sendFromMain(IPC_EVENT, { type: 'groups.changed' })
  assert.equal(seen.length, 1)
  assert.throws(() => api.onEvent('not a function' as never), /listener must be a function/)
})
