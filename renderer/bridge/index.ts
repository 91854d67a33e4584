import type { Bridge } from '../../common/contract'
import { createHttpBridge, tokenFromLocation } from './http-bridge'
import { createIpcBridge, type PreloadApi } from './ipc-bridge'

declare global {
  interface Window {
    station?: PreloadApi
  }
}

/** Electron's preload if present, else the loopback host that served this page. */
export function connectBridge(): Bridge {
  if (window.station) return createIpcBridge(window.station)
  const token = tokenFromLocation(window.location, window.sessionStorage)
  if (!token) throw new Error('No access token: open the URL that `enroll serve` printed (it ends with #token=…).')
  return createHttpBridge(`${window.location.origin}/`, token)
}

export { BridgeError } from '../../common/contract'
export type { Bridge } from '../../common/contract'
