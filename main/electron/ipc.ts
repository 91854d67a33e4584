import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { IPC_INVOKE } from '../../common/contract'
import { dispatch, type DispatchResult, type Handlers } from '../core/api/handlers'
import { APP_ORIGIN, isTrustedOrigin } from './app-origin'

/**
 * The only door from a page into the main process: one invoke channel, whose calls are routed by
 * the typed contract (main/core/api/handlers.ts), the same as for the loopback host and the CLI.
 * There is no other ipcMain.handle/on in the app (a test counts them), so no raw channel can slip in.
 */
export interface SenderFrame {
  url: string
  /** null for a top-level frame. */
  parent: unknown
}

/** Our own page, in the window's top frame; not an iframe, not another site, not a dead frame. */
export function isTrustedSender(frame: SenderFrame | null | undefined, trusted: readonly string[] = [APP_ORIGIN]): boolean {
  return Boolean(frame) && frame!.parent === null && isTrustedOrigin(frame!.url, trusted)
}

export interface InvokeRoutes {
  /** One handler map, or one per window (`sender`: the window's webContents), each with its own session. */
  handlers: Handlers | ((sender: object | undefined) => Handlers)
  trusted: readonly string[]
}

export type InvokeListener = (
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'> | { senderFrame: SenderFrame | null; sender?: object },
  channel: unknown,
  input: unknown,
) => Promise<DispatchResult>

export function createInvokeListener(routes: InvokeRoutes): InvokeListener {
  return async (event, channel, input) => {
    if (!isTrustedSender(event.senderFrame as SenderFrame | null, routes.trusted)) {
      return { ok: false, error: { code: 'refused', message: 'sender: only the station\'s own page may call the station', field: 'sender', issues: [{ field: 'sender', message: 'untrusted frame' }] } }
    }
    // Only a string names a channel; dispatch answers "unknown channel" for anything else.
    const handlers = typeof routes.handlers === 'function' ? routes.handlers(event.sender) : routes.handlers
    return dispatch(handlers, typeof channel === 'string' ? channel : '', input)
  }
}

export function bindStationIpc(ipcMain: IpcMain, listener: InvokeListener): () => void {
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => listener(event, channel, input))
  return () => ipcMain.removeHandler(IPC_INVOKE)
}
