/**
 * A rate limit shared by every call to one back-end account: `ratePerSecond` tokens a second,
 * up to `burst` saved. Waiters are served first come, first served; a waiter whose signal aborts
 * leaves the line.
 */
export class TokenBucket {
  private tokens: number
  private last: number
  private readonly waiters: Array<{ resolve: () => void; reject: (reason: unknown) => void; signal?: AbortSignal; onAbort?: () => void }> = []
  private timer: NodeJS.Timeout | null = null

  constructor(
    private ratePerSecond: number,
    private burst: number = Math.max(1, ratePerSecond),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = this.burst
    this.last = this.now()
  }

  get rate(): number {
    return this.ratePerSecond
  }

  setRate(ratePerSecond: number, burst: number = Math.max(1, ratePerSecond)): void {
    this.refill()
    this.ratePerSecond = ratePerSecond
    this.burst = burst
    this.tokens = Math.min(this.tokens, burst)
    this.serve()
  }

  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    this.refill()
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { resolve, reject, signal }
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter)
          if (index >= 0) this.waiters.splice(index, 1)
          reject(signal.reason)
        }
        signal.addEventListener('abort', waiter.onAbort, { once: true })
      }
      this.waiters.push(waiter)
      this.serve()
    })
  }

  private refill(): void {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
    this.last = now
  }

  private serve(): void {
    if (this.timer) return
    this.refill()
    while (this.waiters.length > 0 && this.tokens >= 1) {
      this.tokens -= 1
      const waiter = this.waiters.shift()!
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort)
      waiter.resolve()
    }
    if (this.waiters.length === 0) return
    const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000))
    this.timer = setTimeout(() => {
      this.timer = null
      this.serve()
    }, waitMs)
  }
}
