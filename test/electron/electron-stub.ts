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

// ---- main process -------------------------------------------------------------------------
// Just enough of Electron's main-process API for out/main/index.js to run in Node: every call is
// recorded in `calls`, handlers are kept so the test can drive them as Electron would.

export const calls: Array<{ api: string; args: unknown[] }> = []
const record = (api: string, ...args: unknown[]) => calls.push({ api, args })

export const appEvents = new EventEmitter()
export const paths: Record<string, string> = {}
export const handlers: {
  invoke?: (event: unknown, ...args: unknown[]) => Promise<unknown>
  protocol?: (request: Request) => Promise<Response>
  permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void
  permissionCheck?: (contents: unknown, permission: string, origin: string, details: unknown) => boolean
  beforeRequest?: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void
} = {}

export const app = {
  isPackaged: false,
  commandLine: { hasSwitch: (name: string) => (record('app.commandLine.hasSwitch', name), false) },
  setPath: (name: string, path: string) => (record('app.setPath', name, path), (paths[name] = path)),
  getPath: (name: string) => paths[name] ?? `${paths.userData}/${name}`,
  setAppLogsPath: () => record('app.setAppLogsPath'),
  getAppPath: () => process.cwd(),
  getName: () => 'Enrollment Station',
  getVersion: () => '0.0.0-test',
  getPreferredSystemLanguages: () => ['zh-CN', 'en-US'],
  requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), true),
  enableSandbox: () => record('app.enableSandbox'),
  whenReady: () => (record('app.whenReady'), Promise.resolve()),
  on(event: string, listener: (...args: unknown[]) => void) {
    record('app.on', event)
    appEvents.on(event, listener)
    return app
  },
  quit: () => record('app.quit'),
  exit: (code: number) => record('app.exit', code),
}

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.registerSchemesAsPrivileged', schemes),
  handle: () => {
    throw new Error('the app serves app:// on its session, not the global protocol')
  },
}

const sessionEvents = new EventEmitter()
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: typeof handlers.permissionRequest) => (record('session.setPermissionRequestHandler'), (handlers.permissionRequest = handler)),
    setPermissionCheckHandler: (handler: typeof handlers.permissionCheck) => (record('session.setPermissionCheckHandler'), (handlers.permissionCheck = handler)),
    setDevicePermissionHandler: (handler: () => boolean) => record('session.setDevicePermissionHandler', handler()),
    setDisplayMediaRequestHandler: () => record('session.setDisplayMediaRequestHandler'),
    on: (event: string, listener: (...args: unknown[]) => void) => (record('session.on', event), sessionEvents.on(event, listener)),
    webRequest: { onBeforeRequest: (handler: typeof handlers.beforeRequest) => (record('session.webRequest.onBeforeRequest'), (handlers.beforeRequest = handler)) },
    protocol: {
      handle: (scheme: string, handler: typeof handlers.protocol) => (record('session.protocol.handle', scheme), (handlers.protocol = handler)),
    },
  },
}

export const ipcMain = {
  handle: (channel: string, handler: typeof handlers.invoke) => (record('ipcMain.handle', channel), (handlers.invoke = handler)),
  removeHandler: (channel: string) => record('ipcMain.removeHandler', channel),
}

export const sent: Array<{ channel: string; payload: unknown }> = []
export class BrowserWindow {
  static created: BrowserWindow[] = []
  loadedUrl = ''
  kiosk = false
  private readonly events = new EventEmitter()
  readonly webContents = {
    on: (event: string) => record('webContents.on', event),
    send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
  }
  constructor(readonly options: Record<string, unknown>) {
    record('new BrowserWindow', options)
    BrowserWindow.created.push(this)
  }
  once(event: string, listener: () => void) {
    this.events.once(event, listener)
  }
  loadURL(url: string) {
    this.loadedUrl = url
    return Promise.resolve()
  }
  isDestroyed = () => false
  isMinimized = () => false
  setKiosk = (on: boolean) => (this.kiosk = on)
  setAutoHideMenuBar = () => {}
  setMenuBarVisibility = () => {}
  show = () => record('window.show')
  focus = () => record('window.focus')
  restore = () => {}
  reload = () => {}
}

export const Menu = {
  buildFromTemplate: (template: unknown[]) => template,
  setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', menu),
}

export const trays: Array<{ tooltip: string; images: number }> = []
export class Tray {
  private readonly state = { tooltip: '', images: 0 }
  constructor() {
    trays.push(this.state)
  }
  on() {}
  setImage() {
    this.state.images++
  }
  setToolTip(text: string) {
    this.state.tooltip = text
  }
  destroy() {}
}

export const nativeImage = {
  createFromBuffer: (buffer: Buffer) => ({ size: buffer.length, addRepresentation: () => {} }),
}

/** Reversible, not secret: enough to see that the vault went through safeStorage. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text).toString('base64')}`),
  decryptString: (data: Buffer) => Buffer.from(data.toString().slice('sealed:'.length), 'base64').toString(),
}
