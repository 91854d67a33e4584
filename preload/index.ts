import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Channel, PreloadApi, StationEvent } from '../common/contract'

/**
 * The page's only reach into the app: `window.station`, two functions, built from the typed
 * contract. No ipcRenderer, no Electron event objects and no Node APIs cross the context bridge;
 * the main process validates every call's channel, input and sending frame again.
 *
 * Runs sandboxed, so it is bundled to one CommonJS file whose only require is 'electron'. That is
 * why nothing is imported from the contract (common/contract) at run time: its schemas would pull
 * zod into the bundle. The two channel names are checked against it by the compiler.
 */
const IPC_INVOKE = 'station:invoke' satisfies (typeof import('../common/contract'))['IPC_INVOKE']
const IPC_EVENT = 'station:event' satisfies (typeof import('../common/contract'))['IPC_EVENT']

export type StationPreloadApi = PreloadApi & {
  invoke(channel: Channel, input: unknown): ReturnType<PreloadApi['invoke']>
}

export type PreloadIpc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>

export function createPreloadApi(ipc: PreloadIpc): StationPreloadApi {
  return {
    invoke: (channel, input) => ipc.invoke(IPC_INVOKE, String(channel), input ?? {}),
    onEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onEvent: listener must be a function')
      const forward = (_event: IpcRendererEvent, event: StationEvent) => listener(event)
      ipc.on(IPC_EVENT, forward)
      return () => {
        ipc.removeListener(IPC_EVENT, forward)
      }
    },
  }
}

contextBridge.exposeInMainWorld('station', createPreloadApi(ipcRenderer) satisfies PreloadApi)
