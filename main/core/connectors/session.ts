import { isConnectorFailure } from './types'

export interface Credential {
  /** What goes in the request (access token, session id). */
  value: string
  /** ms since the epoch; null when the back end does not say. */
  expiresAt: number | null
}

/**
 * Holds a connector's token or session. Concurrent pushes share one login (single flight); a
 * token close to its announced expiry is renewed before use; a token the back end refused is
 * dropped only if no other push has already replaced it.
 */
export class CredentialCache<C extends Credential> {
  private current: C | null = null
  private pending: Promise<C> | null = null

  constructor(
    /** `previous` is the expiring credential (Tuya can refresh it), or null after a refusal. */
    private readonly acquire: (previous: C | null) => Promise<C>,
    private readonly now: () => number,
    private readonly renewBeforeMs = 60_000,
  ) {}

  async get(): Promise<C> {
    const current = this.current
    if (current && (current.expiresAt === null || current.expiresAt - this.renewBeforeMs > this.now())) return current
    if (!this.pending) {
      const attempt = this.acquire(current)
      this.pending = attempt
      attempt.then(
        (fresh) => {
          if (this.pending === attempt) {
            this.current = fresh
            this.pending = null
          }
        },
        () => {
          if (this.pending === attempt) this.pending = null
        },
      )
    }
    return this.pending
  }

  invalidate(refused: C): void {
    if (this.current === refused) this.current = null
  }

  /** Runs `call` with a credential; if the back end says it is no longer valid, logs in again once. */
  async use<R>(call: (credential: C) => Promise<R>): Promise<R> {
    const credential = await this.get()
    try {
      return await call(credential)
    } catch (error) {
      if (!isConnectorFailure(error) || error.kind !== 'reauth') throw error
      this.invalidate(credential)
      return call(await this.get())
    }
  }
}
