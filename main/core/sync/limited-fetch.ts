import type { TokenBucket } from './token-bucket'

/**
 * The fetch a target's connector uses: each HTTP call first waits for a token of its account's
 * rate limit, then gets `callTimeoutMs` to answer. The wait is not part of the timeout (a queue
 * behind a slow limit is not a slow back end); the connector's own, longer timeout stays as a
 * backstop. A call that times out here rejects with "no answer within … s", which the connector
 * reports as a network failure to retry.
 */
export function limitedFetch(base: typeof fetch, bucket: TokenBucket, callTimeoutMs: number): typeof fetch {
  return async (input, init) => {
    const outer = init?.signal ?? undefined
    await bucket.take(outer)
    const timeout = AbortSignal.timeout(callTimeoutMs)
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout
    try {
      return await base(input, { ...init, signal })
    } catch (error) {
      if (timeout.aborted && !outer?.aborted) // no `cause`: the connector words a network failure from the cause's code when there is one
        throw new Error(`no answer within ${Number((callTimeoutMs / 1000).toFixed(2))} s`)
      throw error
    }
  }
}

/** The connector's own timeout: one call plus the longest wait the rate limit can impose on it. */
export function backstopTimeoutMs(callTimeoutMs: number, ratePerSecond: number, concurrency: number): number {
  return callTimeoutMs + Math.ceil(((concurrency * 8) / ratePerSecond) * 1000) + 1_000
}
