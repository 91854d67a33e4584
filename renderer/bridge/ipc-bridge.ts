import { BridgeError, type Bridge, type BridgeErrorShape, type Channel, type StationEvent } from '../../preload/contract'

/** What preload/index.ts exposes on `window.station` through contextBridge. */
export interface PreloadApi {
  invoke(channel: Channel, input: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: BridgeErrorShape }>
  onEvent(listener: (event: StationEvent) => void): () => void
}

export function createIpcBridge(api: PreloadApi): Bridge {
  return {
    async invoke(channel, input) {
      const outcome = await api.invoke(channel, input ?? {})
      if (!outcome.ok) throw new BridgeError(outcome.error)
      return outcome.result as never
    },
    subscribe: (listener) => api.onEvent(listener),
    photoUrl: (hash) => `app://station/photos/${hash}.jpg`,
  }
}
