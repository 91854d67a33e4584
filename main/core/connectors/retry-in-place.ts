import { setTimeout as sleep } from 'node:timers/promises'
import { backoffDelay } from '../sync/backoff'
import { isConnectorFailure } from './types'

/**
 * Retries of one idempotent call (a lookup, a full-set edit) inside a push. A push of several
 * calls that threw itself away at the first 5xx would, at a 20 % failure rate per call, rarely
 * get through four calls in a row; retrying the failed call where it stands keeps what the push
 * already did. Bounded and short: anything longer is the sync queue's backoff.
 */
export interface InPlaceRetryPolicy {
  /** Tries in all, the first included. */
  tries: number
  /** Full-jitter backoff between tries: random(0, min(capMs, baseMs·2^n)). */
  baseMs: number
  capMs: number
  /** A back end asking for a longer pause than this (Retry-After) is left to the queue's backoff. */
  maxRetryAfterMs: number
}

export const DEFAULT_IN_PLACE_RETRY: InPlaceRetryPolicy = { tries: 4, baseMs: 200, capMs: 2_000, maxRetryAfterMs: 10_000 }

export function inPlaceRetryPolicy(given: Partial<InPlaceRetryPolicy> | undefined): InPlaceRetryPolicy {
  return { ...DEFAULT_IN_PLACE_RETRY, ...given }
}

/** Runs `call`, trying again after a `retry` failure (network, timeout, 5xx, 429); anything else is thrown at once. */
export async function retryInPlace<T>(call: () => Promise<T>, policy: InPlaceRetryPolicy, signal?: AbortSignal, random: () => number = Math.random): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!isConnectorFailure(error) || error.kind !== 'retry' || attempt + 1 >= policy.tries || signal?.aborted) throw error
      const hint = error.retryAfterMs ?? 0
      if (hint > policy.maxRetryAfterMs) throw error
      await sleep(backoffDelay(attempt, policy, hint, random), undefined, { signal })
    }
  }
}
