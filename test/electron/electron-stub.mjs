// Stands in for the 'electron' module when preload/index.ts is loaded in plain Node
// (see electron-stub-loader.mjs): records what the preload exposes and routes its IPC.
import { EventEmitter } from 'node:events'

export const exposed = new Map()
const emitter = new EventEmitter()
let invokeHandler = async () => {
  throw new Error('no invoke handler set')
}

export function setInvokeHandler(handler) {
  invokeHandler = handler
}

/** Sends an event the way main's webContents.send does: an Electron event object, then the payload. */
export function sendFromMain(channel, payload) {
  emitter.emit(channel, { sender: 'ipc-renderer-event-object', senderId: 0 }, payload)
}

export function listenerCount(channel) {
  return emitter.listenerCount(channel)
}

export const contextBridge = {
  exposeInMainWorld(key, api) {
    if (exposed.has(key)) throw new Error(`${key} exposed twice`)
    exposed.set(key, api)
  },
}

export const ipcRenderer = {
  invoke: (channel, ...args) => invokeHandler(channel, ...args),
  on(channel, listener) {
    emitter.on(channel, listener)
    return this
  },
  removeListener(channel, listener) {
    emitter.removeListener(channel, listener)
    return this
  },
}
