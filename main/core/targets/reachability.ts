import { isConnectorFailure } from '../connectors/types'

/**
 * What a call to a back end says about whether it can be reached: `answered` when any HTTP answer
 * came back (even a refusal or a 5xx), `no-answer` when none did (network error, timeout).
 */
export type Reachability = 'answered' | 'no-answer'

/** A connector failure without an HTTP status is one nobody answered. */
export function noHttpAnswer(error: unknown): boolean {
  return isConnectorFailure(error) && error.kind === 'retry' && error.status === undefined
}

/**
 * What a connection test's failure says about reachability; null when it says nothing (the
 * configuration was refused before anything was sent, or the test was given up).
 */
export function reachabilityOfFailure(error: unknown): Reachability | null {
  if (!isConnectorFailure(error)) return null
  return noHttpAnswer(error) ? 'no-answer' : 'answered'
}
