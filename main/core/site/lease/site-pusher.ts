import type { Person } from '../../../../common/model/person'
import { remoteLinkKey, type RemoteLink, type TargetConfig } from '../../../../common/targets/target-config'
import type { Change, Store } from '../../store/store'
import type { SyncService } from '../../sync/sync-service'
import type { SyncState } from '../../sync/state'
import type { TargetService } from '../../targets/target-service'
import { HubDatabase } from './hub-documents'
import { documentExpiry } from './lease-holders'
import { applyPushState, pushStateFor, pushStateId, pushStatePrefix, samePushState, type PushStateDocument } from './push-state'
import { leaseDocumentId, PusherLease, type LeaseDocument, type LeaseView, type PusherLeaseOptions } from './pusher-lease'

export interface SitePusherStation {
  store: Store
  targets: TargetService
  sync: SyncService
}

export interface SitePusherOptions {
  /** The site's push database on the hub (`<prefix>-push`); credentials may be in the URL. */
  pushDatabaseUrl: string
  /** The desk's own account on the hub. */
  credentials?: { user: string; password: string }
  deskId: string
  lease?: PusherLeaseOptions
  fetch?: typeof fetch
  /** Push states are written to the hub in one bulk request at most this often. Default 200 ms. */
  publishEveryMs?: number
  /** The audit trail's actor for remote ids learned from other desks' pushes. */
  actor?: string
  onWarning?: (message: string) => void
}

type OutgoingState = PushStateDocument

const APPLY_CHUNK = 2_000
const PUBLISH_CHUNK = 500

/**
 * A desk's part in "exactly one pusher per back end": one lease per target, the sync worker's gate
 * (`mayPush`), the push results of the targets this desk holds written to the hub, and the other
 * holders' results applied to this desk's outbox, so every desk shows the same sync state and a
 * desk that takes over knows what was already pushed.
 */
export class SitePusher {
  private readonly hub: HubDatabase
  private readonly leases = new Map<string, PusherLease>()
  /** Every lease document the feed brought: who pushes to a back end this desk has no lease for (its secrets are not here). */
  private readonly seenLeases = new Map<string, LeaseDocument>()
  /** The latest push state of each document as the hub has it (own writes included), with its revision. */
  private readonly known = new Map<string, PushStateDocument>()
  private readonly outgoing = new Map<string, OutgoingState>()
  private readonly toApply = new Set<string>()
  /** The revision of each push state last applied to this desk's outbox (a takeover skips those). */
  private readonly applied = new Map<string, string>()
  private readonly stopFollowing = new AbortController()
  private unsubscribe: (() => void) | null = null
  private publishTimer: NodeJS.Timeout | null = null
  private publishing: Promise<void> | null = null
  private publishFailures = 0
  private applying: Promise<void> | null = null
  private following: Promise<void> | null = null
  private stopped = false
  /** How far the changes feed of the push database has been read. */
  private since = '0'

  constructor(
    private readonly station: SitePusherStation,
    private readonly options: SitePusherOptions,
  ) {
    this.hub = new HubDatabase(options.pushDatabaseUrl, { fetch: options.fetch, credentials: options.credentials })
  }

  /** The sync worker's gate: pass it as `sync.mayPush` when opening the station. */
  readonly mayPush = (targetId: string): boolean => this.leases.get(targetId)?.mayPush() ?? false

  /** Whether this desk holds any lease (the register bridge's conflict resolver is then this desk). */
  holdsAnyLease(): boolean {
    return [...this.leases.values()].some((lease) => lease.mayPush())
  }

  /** This desk's leases, and the hub's word on the back ends it takes no part in (it lacks their secrets). */
  leaseViews(): LeaseView[] {
    const own = [...this.leases.values()].map((lease) => lease.view())
    const others = this.station.targets
      .list()
      .filter((target) => !this.leases.has(target.id) && this.seenLeases.has(target.id))
      .map((target) => seenView(this.seenLeases.get(target.id)!))
    return [...own, ...others]
  }

  async start(): Promise<void> {
    try {
      await this.hub.ensure()
    } catch (error) {
      // offline at start: the leases and the feed keep trying
      this.warn(`The site's push database could not be prepared: ${(error as Error).message}`)
    }
    this.unsubscribe = this.station.store.onChange((changes) => this.onStoreChange(changes))
    this.following = this.follow()
    await Promise.all(this.station.targets.list().map((target) => this.considerLease(target.id)))
  }

  /**
   * Stops taking part (stop the sync worker first). What was pushed is written to the hub before the
   * leases go, so the next holder does not push it again; `release` (default) hands held leases
   * back so another desk takes over at once instead of after they expire.
   */
  async stop(options: { release?: boolean; timeoutMs?: number } = {}): Promise<void> {
    this.stopped = true
    this.unsubscribe?.()
    this.stopFollowing.abort()
    if (this.publishTimer) clearTimeout(this.publishTimer)
    this.publishTimer = null
    const leaving = (async () => {
      await this.publishing
      await this.publish().catch((error: Error) => this.warn(`Push states could not be written to the site: ${error.message}`))
      await Promise.all([...this.leases.values()].map((lease) => lease.stop({ release: options.release !== false })))
      await this.following?.catch(() => undefined)
      await this.applying?.catch(() => undefined)
    })()
    // a hub that is gone must not hold up quitting: unreleased leases expire by themselves
    let timer: NodeJS.Timeout | undefined
    await Promise.race([leaving, new Promise((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 3_000)))])
    clearTimeout(timer)
  }

  // ---- leases ------------------------------------------------------------------------------

  /**
   * A back end is pushed to only by a desk that has its secrets: one that arrived from another desk
   * without them gets a lease once they are entered here; a lease is handed back if they go.
   */
  private async considerLease(targetId: string): Promise<void> {
    const needed = await this.station.targets.secretsNeeded(targetId).catch(() => null)
    if (needed === null || !this.station.targets.get(targetId)) return this.dropLease(targetId)
    if (!needed) return this.addLease(targetId)
    this.dropLease(targetId)
  }

  private dropLease(targetId: string): void {
    const lease = this.leases.get(targetId)
    this.leases.delete(targetId)
    void lease?.stop({ release: true })
  }

  private async addLease(targetId: string): Promise<void> {
    if (this.leases.has(targetId) || this.stopped) return
    const lease = new PusherLease(this.hub, targetId, this.options.deskId, this.options.lease, {
      acquired: (target) => this.takeOver(target),
      ready: (target) => this.station.sync.worker.gateOpened(target),
      warning: (message) => this.warn(message),
    })
    this.leases.set(targetId, lease)
    await lease.start()
  }

  /**
   * Before this desk pushes anything for the target: every push state on the hub applied to the
   * outbox, so what the previous holder pushed is not pushed again, and what it had not (or only
   * an older version of) is pending.
   */
  private async takeOver(targetId: string): Promise<void> {
    // the hub's changes since the feed last read, to the end: after this, `known` is what the hub has
    let since = this.since
    for (;;) {
      const { results, last_seq } = await this.hub.changes(since)
      for (const row of results) if (row.id.startsWith('push:') && !row.deleted && row.doc) this.remember(row.doc as PushStateDocument)
      if (results.length === 0 || last_seq === since) break
      since = last_seq
    }
    const prefix = pushStatePrefix(targetId)
    // what the feed already applied is in the outbox (later local changes re-apply on their own)
    const ids = [...this.known.values()].filter((doc) => doc._id.startsWith(prefix) && this.applied.get(doc._id) !== doc._rev).map((doc) => doc._id)
    await this.applyDocs(ids)
  }

  // ---- publishing what this desk pushed ------------------------------------------------------

  private onStoreChange(changes: Change[]): void {
    for (const change of changes) {
      if (change.collection === 'targets') {
        // added here or by the site, edited (its secrets entered), removed
        if (change.after) void this.considerLease(change.id)
        else this.dropLease(change.id)
        continue
      }
      if (change.collection !== 'sync') continue
      const state = (change.after ?? change.before) as SyncState
      const lease = this.leases.get(state.targetId)
      if (!lease) continue
      const id = pushStateId(state.targetId, state.personId)
      if (lease.mayPush()) this.noteOutcome(change, lease.heldTerm)
      else if (this.known.has(id)) this.queueApply(id)
    }
  }

  private noteOutcome(change: Change, term: number): void {
    const after = change.after as SyncState | undefined
    const before = change.before as SyncState
    const { store } = this.station
    let next: OutgoingState | null
    if (after) {
      const person = store.get<Person>('persons', after.personId)
      const link = store.get<RemoteLink>('remote_links', remoteLinkKey(after.personId, after.targetId))
      next = pushStateFor(after, person, link, term, this.options.deskId)
    } else {
      // a purged person's record goes once its remote delete is done
      const previous = this.known.get(pushStateId(before.targetId, before.personId))
      if (before.want !== 'delete') return
      next = { ...pushStateFor({ ...before, syncedOp: 'delete', status: 'synced', syncedVersion: before.wantVersion }, undefined, undefined, term, this.options.deskId)!, remoteId: previous?.remoteId ?? null }
    }
    if (!next) return
    const known = this.known.get(next._id)
    if (known && samePushState(known, next) && known.term === term) return
    this.outgoing.set(next._id, next)
    this.schedulePublish()
  }

  private schedulePublish(): void {
    if (this.publishTimer || this.stopped) return
    // a hub that refuses or does not answer is asked again less and less often (up to 10 s)
    const delay = Math.min(10_000, (this.options.publishEveryMs ?? 200) * 2 ** this.publishFailures)
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null
      // one writer at a time: the running one takes what was added meanwhile
      if (this.publishing) return
      this.publishing = this.publish()
        .then(() => {
          this.publishFailures = 0
        })
        .catch((error: Error) => {
          if (this.publishFailures++ === 0) this.warn(`Push states could not be written to the site: ${error.message}`)
          // try again a little later; the latest state of each document is kept meanwhile
          if (this.outgoing.size > 0) this.schedulePublish()
        })
        .finally(() => {
          this.publishing = null
          if (this.outgoing.size > 0) this.schedulePublish()
        })
    }, delay)
  }

  private async publish(): Promise<void> {
    while (this.outgoing.size > 0) {
      const batch = [...this.outgoing.values()].slice(0, PUBLISH_CHUNK)
      for (const doc of batch) this.outgoing.delete(doc._id)
      const docs = batch.map((doc) => {
        const rev = this.known.get(doc._id)?._rev
        return rev ? { ...doc, _rev: rev } : { ...doc }
      })
      let results
      try {
        results = await this.hub.bulk(docs)
      } catch (error) {
        for (const doc of batch) if (!this.outgoing.has(doc._id)) this.outgoing.set(doc._id, doc)
        throw error
      }
      const conflicts: OutgoingState[] = []
      for (const [i, result] of results.entries()) {
        if (result.rev) this.known.set(docs[i]._id, { ...docs[i], _rev: result.rev } as PushStateDocument)
        else if (result.error === 'conflict') conflicts.push(batch[i])
      }
      for (const doc of conflicts) {
        const current = await this.hub.get<PushStateDocument>(doc._id)
        if (current) this.remember(current)
        // a newer holder's word stands; ours goes again on top of the revision just read
        if (current && current.term > doc.term) continue
        if (!this.outgoing.has(doc._id)) this.outgoing.set(doc._id, doc)
      }
    }
  }

  // ---- following the other holders' results --------------------------------------------------

  private async follow(): Promise<void> {
    let failures = 0
    while (!this.stopped) {
      try {
        const { results, last_seq } = await this.hub.changes(this.since, 10_000, this.stopFollowing.signal)
        this.since = last_seq
        failures = 0
        for (const row of results) {
          if (row.id.startsWith(LEASE_PREFIX) && row.doc) this.seenLeases.set((row.doc as LeaseDocument).targetId, row.doc as LeaseDocument)
          if (!row.id.startsWith('push:') || row.deleted || !row.doc) continue
          const doc = row.doc as PushStateDocument
          this.remember(doc)
          if (!this.leases.get(doc.targetId)?.mayPush()) this.queueApply(doc._id)
        }
      } catch (error) {
        if (this.stopped) return
        failures++
        if (failures === 3) this.warn(`The site's push states cannot be read: ${(error as Error).message}`)
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** failures)).unref?.())
      }
    }
  }

  private remember(doc: PushStateDocument): void {
    const known = this.known.get(doc._id)
    if (!known || revGeneration(doc._rev) >= revGeneration(known._rev)) this.known.set(doc._id, doc)
  }

  private queueApply(id: string): void {
    this.toApply.add(id)
    if (this.applying) return
    this.applying = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        while (this.toApply.size > 0 && !this.stopped) {
          const ids = [...this.toApply]
          this.toApply.clear()
          // targets this desk holds keep their own outbox; only a takeover applies to them
          await this.applyDocs(ids.filter((docId) => !this.leases.get(this.known.get(docId)?.targetId ?? '')?.mayPush()))
        }
      })
      .catch((error: Error) => this.warn(`Applying the site's push states failed: ${error.message}`))
      .finally(() => (this.applying = null))
  }

  private async applyDocs(ids: string[]): Promise<void> {
    const { store, targets, sync } = this.station
    for (let start = 0; start < ids.length; start += APPLY_CHUNK) {
      const chunk = ids.slice(start, start + APPLY_CHUNK)
      const done: Array<[string, string]> = []
      await store.transact((tx) => {
        const nowIso = new Date().toISOString()
        for (const id of chunk) {
          const doc = this.known.get(id)
          if (!doc) continue
          const target = targets.get(doc.targetId) as TargetConfig | undefined
          if (!target || sync.worker.isPushing(target.id, doc.personId)) continue
          applyPushState(tx, doc, { target, createsRemote: sync.outbox.createsRemote(target), nowIso, actor: this.options.actor ?? 'site' })
          if (doc._rev) done.push([id, doc._rev])
        }
      })
      for (const [id, rev] of done) this.applied.set(id, rev)
    }
  }

  private warn(message: string): void {
    this.options.onWarning?.(message)
  }
}

const LEASE_PREFIX = leaseDocumentId('')

/** A lease as its document on the hub says (the expiry on the holder's clock: for people to read). */
function seenView(doc: LeaseDocument): LeaseView {
  return { targetId: doc.targetId, holder: doc.holder, term: doc.term, renewedAt: doc.renewedAt, expiresAt: documentExpiry(doc), held: false }
}

function revGeneration(rev: string | undefined): number {
  return rev ? Number(rev.split('-')[0]) : 0
}
