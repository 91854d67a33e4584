import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { HubRequestError, type HubDatabase, type HubDocument } from './hub-documents'

/**
 * The pusher lease of one back end, one document on the site hub (`pusher-lease:<targetId>`).
 * Whoever wrote it last with the revision it read holds it: CouchDB's revision check lets exactly
 * one of several claims on the same revision win (the others get 409).
 */
export interface LeaseDocument extends HubDocument {
  type: 'pusher-lease'
  targetId: string
  /** The desk that holds it; null once released on a clean stop (anyone may claim at once). */
  holder: string | null
  /** Bumped at every change of holder: push results carry it, so a deposed holder's late writes lose. */
  term: number
  /** How long the holder's last write keeps it, counted by each reader on its own clock. */
  durationMs: number
  /** The holder's own clock, for people to read; never used to decide anything. */
  renewedAt: string
  /** Unique per write: a holder whose reply was lost recognises its own write. */
  writeId: string
}

export function leaseDocumentId(targetId: string): string {
  return `pusher-lease:${targetId}`
}

export interface PusherLeaseOptions {
  /** How long a write keeps the lease. Default 30 s. */
  durationMs?: number
  /** How often the holder renews and the others look. Default a third of the duration. */
  renewEveryMs?: number
  /**
   * Margin for timer delays and clock rates: the holder stops pushing this long before its lease
   * runs out, and a contender waits this long after it. Default a tenth of the duration, ≤ 2 s.
   */
  guardMs?: number
}

export interface LeaseView {
  targetId: string
  holder: string | null
  term: number
  renewedAt: string | null
  /**
   * When the lease runs out unless renewed, as this desk counts it on its own clock: its holder's
   * validity while it holds it, else the current revision's standing time. Null while nobody holds it.
   */
  expiresAt: string | null
  /** This desk holds it and has finished taking over (may push). */
  held: boolean
}

export interface LeaseHooks {
  /**
   * This desk has just won the lease (term = the new term). The gate stays shut until this
   * resolves: the takeover reconciles the outbox with what the previous holder pushed first.
   */
  acquired?(targetId: string, term: number): Promise<void>
  /** The takeover finished: from now on `mayPush` is true while the lease holds. */
  ready?(targetId: string, term: number): void
  /** This desk no longer holds the lease (taken over after it could not renew, or released). */
  lost?(targetId: string, reason: string): void
  /** The hub could not be reached or refused a call; the lease keeps trying. */
  warning?(message: string): void
}

const monotonic = () => performance.now()

/**
 * One desk's side of one back end's lease: claims it when it is free or expired, renews it well
 * before it runs out, and says whether this desk may push (`mayPush`).
 *
 * Expiry is judged on each desk's own monotonic clock, never by comparing wall-clock stamps across
 * machines: a contender notes when it first saw the lease's current revision and claims only once
 * that revision has stood unchanged for `durationMs` plus the guard. The holder counts its validity
 * from the moment it *sent* the write that succeeded, which is before any other desk can have seen
 * that revision, so the holder's view always ends first, whatever the desks' wall clocks say.
 */
export class PusherLease {
  private readonly durationMs: number
  private readonly renewEveryMs: number
  private readonly guardMs: number
  private readonly id: string
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = true
  /** The revision this desk wrote last, while it holds the lease. */
  private ownRev: string | null = null
  /** Writes sent but not answered: id → when sent (a lost reply may still have landed). */
  private readonly sentWrites = new Map<string, number>()
  private validUntil = 0
  private ready = false
  private holding = false
  private term = 0
  private observed: { rev: string; at: number } | null = null
  private last: LeaseDocument | null = null
  private takeover: Promise<void> | null = null
  private failures = 0

  constructor(
    private readonly hub: HubDatabase,
    readonly targetId: string,
    readonly deskId: string,
    options: PusherLeaseOptions = {},
    private readonly hooks: LeaseHooks = {},
  ) {
    this.durationMs = options.durationMs ?? 30_000
    this.renewEveryMs = options.renewEveryMs ?? Math.round(this.durationMs / 3)
    this.guardMs = options.guardMs ?? Math.min(2_000, Math.round(this.durationMs / 10))
    this.id = leaseDocumentId(targetId)
  }

  /** Starts claiming and renewing; resolves after the first look at the hub. */
  async start(): Promise<void> {
    if (!this.stopped) return
    this.stopped = false
    await this.step()
  }

  /**
   * Stops renewing. With `release` (a clean stop) a held lease is handed back at once so another
   * desk need not wait for it to expire; a desk that dies simply stops renewing.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
    await this.takeover?.catch(() => undefined)
    const wasHolding = this.holding && monotonic() < this.validUntil
    const rev = this.ownRev
    this.lose('this desk stopped')
    if (options.release && wasHolding && rev && this.last) {
      try {
        await this.hub.put({ ...this.last, _rev: rev, holder: null, renewedAt: new Date().toISOString(), writeId: randomUUID() })
      } catch (error) {
        this.hooks.warning?.(`The pusher lease of ${this.targetId} could not be handed back (${(error as Error).message}); it expires by itself.`)
      }
    }
  }

  /** Whether this desk may push to the target now: it holds an unexpired lease and has taken over. */
  mayPush(): boolean {
    return this.holding && this.ready && monotonic() < this.validUntil
  }

  view(): LeaseView {
    return {
      targetId: this.targetId,
      holder: this.last?.holder ?? null,
      term: this.last?.term ?? 0,
      renewedAt: this.last?.renewedAt ?? null,
      expiresAt: this.expiresAt(),
      held: this.mayPush(),
    }
  }

  private expiresAt(): string | null {
    if (!this.last?.holder) return null
    const endsAt = this.holding ? this.validUntil : this.observed ? this.observed.at + this.last.durationMs : null
    return endsAt === null ? null : new Date(Date.now() + endsAt - monotonic()).toISOString()
  }

  /** The term this desk holds (push results are stamped with it); 0 when it holds none. */
  get heldTerm(): number {
    return this.holding ? this.term : 0
  }

  // ---- the loop ------------------------------------------------------------------------------

  private step(): Promise<void> {
    this.running = this.tick()
      .then(() => {
        this.failures = 0
      })
      .catch((error: unknown) => {
        // said once per outage, not at every beat
        if (this.failures++ > 0) return
        const message = error instanceof HubRequestError ? error.message : `the pusher lease failed: ${(error as Error).message}`
        this.hooks.warning?.(`The pusher lease of ${this.targetId}: ${message}`)
      })
      .finally(() => {
        this.running = null
        if (this.holding && monotonic() >= this.validUntil) this.lose('it could not be renewed in time')
        if (!this.stopped) this.timer = setTimeout(() => void this.step(), this.nextDelay())
      })
    return this.running
  }

  /** The holder renews on its beat; a contender looks again when the lease it saw would expire, at the latest. */
  private nextDelay(): number {
    if (this.holding || !this.observed) return this.renewEveryMs
    const expiresIn = this.observed.at + (this.last?.durationMs ?? this.durationMs) + this.guardMs - monotonic()
    return Math.max(10, Math.min(this.renewEveryMs, expiresIn + 1))
  }

  private async tick(): Promise<void> {
    const doc = await this.hub.get<LeaseDocument>(this.id)
    const seenAt = monotonic()
    if (this.stopped) return
    if (!doc) return this.write(null)
    this.last = doc
    if (!this.observed || this.observed.rev !== doc._rev) this.observed = { rev: doc._rev!, at: seenAt }
    const own = doc.holder === this.deskId && (doc._rev === this.ownRev || this.sentWrites.has(doc.writeId))
    if (own) {
      // our write landed even if its reply was lost: validity counts from when it was sent
      const sentAt = this.sentWrites.get(doc.writeId)
      if (sentAt !== undefined) this.adopt(doc, doc._rev!, sentAt)
      return this.write(doc)
    }
    if (this.holding) this.lose(doc.holder ? `desk ${doc.holder} took it over` : 'it was released')
    const standing = seenAt - this.observed.at
    if (doc.holder === null || standing >= doc.durationMs + this.guardMs) await this.write(doc)
  }

  /** Claims (doc not ours) or renews (ours) with the revision just read: at most one writer wins it. */
  private async write(current: LeaseDocument | null): Promise<void> {
    const claiming = !this.holding || current?.holder !== this.deskId
    const writeId = randomUUID()
    const next: LeaseDocument = {
      ...(current ?? {}),
      _id: this.id,
      type: 'pusher-lease',
      targetId: this.targetId,
      holder: this.deskId,
      term: claiming ? (current?.term ?? 0) + 1 : current!.term,
      durationMs: this.durationMs,
      renewedAt: new Date().toISOString(),
      writeId,
    }
    if (current?._rev) next._rev = current._rev
    else delete next._rev
    const sentAt = monotonic()
    this.sentWrites.set(writeId, sentAt)
    let result
    try {
      result = await this.hub.put(next)
    } catch (error) {
      // the write may still have landed: the next read recognises it by its writeId
      if (this.sentWrites.size > 8) this.sentWrites.delete(this.sentWrites.keys().next().value!)
      throw error
    }
    this.sentWrites.delete(writeId)
    if (!result.ok) {
      // another desk wrote first: it holds the lease, or raced us for it and won
      this.observed = null
      if (this.holding) this.lose('another desk took it over')
      return
    }
    this.adopt({ ...next, _rev: result.rev }, result.rev, sentAt)
  }

  private adopt(doc: LeaseDocument, rev: string, sentAt: number): void {
    this.last = doc
    this.ownRev = rev
    this.observed = { rev, at: sentAt }
    this.validUntil = sentAt + this.durationMs - this.guardMs
    this.sentWrites.clear()
    if (this.holding && this.term === doc.term) return
    this.holding = true
    this.term = doc.term
    this.ready = false
    const term = doc.term
    this.takeover = (async () => {
      try {
        await this.hooks.acquired?.(this.targetId, term)
        if (this.holding && this.term === term) {
          this.ready = true
          this.hooks.ready?.(this.targetId, term)
        }
      } catch (error) {
        // without a reconciled outbox this desk must not push: hand the chance to another desk
        this.hooks.warning?.(`Taking over the pushes to ${this.targetId} failed: ${(error as Error).message}`)
        this.lose('the takeover failed')
      }
    })()
  }

  private lose(reason: string): void {
    const was = this.holding
    this.holding = false
    this.ready = false
    this.ownRev = null
    this.validUntil = 0
    if (was) this.hooks.lost?.(this.targetId, reason)
  }
}
