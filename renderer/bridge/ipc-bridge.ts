import { BridgeError, type Bridge, type PreloadApi } from '../../common/contract'

export type { PreloadApi }

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
