// Stands in for the 'electron' module when preload/index.ts is loaded in plain Node
// (see electron-stub-loader.mjs): records what the preload exposes and routes its IPC.
import { EventEmitter } from 'node:events'

type Listener = (...args: unknown[]) => void
type InvokeHandler = (channel: string, ...args: unknown[]) => Promise<unknown>

export const exposed = new Map<string, unknown>()
const emitter = new EventEmitter()
let invokeHandler: InvokeHandler = async () => {
  throw new Error('no invoke handler set')
}

export function setInvokeHandler(handler: InvokeHandler): void {
  invokeHandler = handler
}

/** Sends an event the way main's webContents.send does: an Electron event object, then the payload. */
export function sendFromMain(channel: string, payload: unknown): void {
  emitter.emit(channel, { sender: 'ipc-renderer-event-object', senderId: 0 }, payload)
}

export function listenerCount(channel: string): number {
  return emitter.listenerCount(channel)
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (exposed.has(key)) throw new Error(`${key} exposed twice`)
    exposed.set(key, api)
  },
}

export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]) => invokeHandler(channel, ...args),
  on(channel: string, listener: Listener) {
    emitter.on(channel, listener)
    return ipcRenderer
  },
  removeListener(channel: string, listener: Listener) {
    emitter.removeListener(channel, listener)
    return ipcRenderer
  },
}
