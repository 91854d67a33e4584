import { BridgeError, type Bridge, type BridgeErrorShape, type StationEvent } from '../../common/contract'

/**
 * The bridge when the UI is served by `enroll serve`: the contract as POST /api/<channel>, change
 * events as server-sent events. The token arrives in the URL fragment (never sent to a server),
 * is kept in sessionStorage for reloads, and removed from the address bar.
 */
export function createHttpBridge(baseUrl: string, token: string): Bridge {
  return {
    async invoke(channel, input) {
      let response: Response
      try {
        response = await fetch(`${baseUrl}api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        })
      } catch (error) {
        throw new BridgeError({ code: 'offline', message: `station: not reachable (${(error as Error).message})`, issues: [] })
      }
      const body = (await response.json().catch(() => null)) as { ok: boolean; result?: unknown; error?: BridgeErrorShape } | null
      if (!body) throw new BridgeError({ code: 'internal', message: `station: answered ${response.status} without JSON`, issues: [] })
      if (!body.ok) throw new BridgeError(body.error!)
      return body.result as never
    },
    subscribe(listener) {
      const source = new EventSource(`${baseUrl}api/events?token=${encodeURIComponent(token)}`)
      source.onmessage = (message) => listener(JSON.parse(message.data) as StationEvent)
      return () => source.close()
    },
    photoUrl(hash) {
      return `${baseUrl}photos/${hash}.jpg?token=${encodeURIComponent(token)}`
    },
  }
}

export function tokenFromLocation(location: Location, storage: Storage): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromHash) {
    storage.setItem('station-token', fromHash)
    history.replaceState(null, '', location.pathname + location.search)
    return fromHash
  }
  return storage.getItem('station-token')
}
