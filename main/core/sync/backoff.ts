/**
 * Exponential backoff with full jitter (a random wait between 0 and min(cap, base·2^n)), so
 * stations that lost the same back end do not come back in step. A back end's own retry hint is
 * a floor: never sooner than it asked.
 */
export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, retryAfterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30))
  return Math.max(Math.floor(random() * ceiling), retryAfterMs)
}
