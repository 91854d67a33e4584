import type { Bridge } from '../bridge'
import { endsTheSession } from './session-slice'

/**
 * The bridge, noticing when the core refuses a call because the session was locked or signed out
 * (another tab, the core's own idle lock, a restart): `onEnded` then re-reads who is signed in.
 */
export function watchingSession(bridge: Bridge, onEnded: () => void): Bridge {
  const invoke: Bridge['invoke'] = async (channel, input) => {
    try {
      return await bridge.invoke(channel, input)
    } catch (error) {
      if (endsTheSession(error)) onEnded()
      throw error
    }
  }
  return { ...bridge, invoke }
}
