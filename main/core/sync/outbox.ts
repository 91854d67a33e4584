import { connectorCapabilities } from '../connectors'
import type { ConnectorOptions } from '../connectors/types'
import type { Person } from '../../../common/model/person'
import type { PersonService } from '../persons/person-service'
import type { Change, Store, Transaction } from '../store/store'
import type { TargetConfig } from '../../../common/targets/target-config'
import type { TargetService } from '../targets/target-service'
import { SyncLimitsSchema } from './settings'
import { evolve, requeued, syncKey, type PersonSide, type SyncState } from './state'

const CHUNK = 2_000

/**
 * Writes the outbox. Every person change updates the person's record for each target inside the
 * edit's own transaction (so an acknowledged edit is never missing from the outbox); target
 * changes, expiries and retries update it in their own transactions.
 */
export class Outbox {
  private readonly createsCache = new Map<string, boolean>()
  private readonly background = new Set<Promise<unknown>>()
  private readonly listeners: Array<(targetId: string, change: 'added' | 'changed' | 'removed') => void> = []

  constructor(
    private readonly store: Store,
    private readonly persons: PersonService,
    private readonly targets: TargetService,
    private readonly connectorOptions: ConnectorOptions,
    private readonly now: () => Date,
    private readonly onError: (message: string) => void,
  ) {}

  attach(): () => void {
    this.persons.onChange((tx, { before, after }) => this.onPersonChange(tx, before, after))
    this.targets.onRemove((tx, target) => this.onTargetRemove(tx, target))
    return this.store.onChange((changes) => this.onStoreChange(changes))
  }

  /** Called by the worker to hear about targets coming, going and changing. */
  onTargetChange(listener: (targetId: string, change: 'added' | 'changed' | 'removed') => void): void {
    this.listeners.push(listener)
  }

  /** Resolves when follow-up writes started by target changes are durable. */
  async settle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background])
  }

  /** Whether pushing to this target can make a new remote person (else records exist there on their own). */
  createsRemote(target: TargetConfig): boolean {
    const key = `${target.id}@${target.version}`
    let creates = this.createsCache.get(key)
    if (creates === undefined) {
      creates = connectorCapabilities(target, this.connectorOptions).create
      this.createsCache.set(key, creates)
    }
    return creates
  }

  // ---- person changes: inside the edit's transaction ---------------------------------------

  private onPersonChange(tx: Transaction, before: Person | undefined, after: Person | undefined): void {
    const person = after ?? before
    if (!person) return
    const side: PersonSide = { person, purged: after === undefined }
    const nowIso = this.now().toISOString()
    for (const target of this.store.values<TargetConfig>('targets')) this.write(tx, target, side, nowIso)
  }

  private write(tx: Transaction, target: TargetConfig, side: PersonSide, nowIso: string): SyncState | null {
    const key = syncKey(side.person.id, target.id)
    const previous = tx.get<SyncState>('sync', key)
    const next = evolve(previous, side, target, this.createsRemote(target), nowIso)
    if (next === null) {
      if (previous) tx.delete('sync', key)
    } else if (!previous || !sameRecord(previous, next)) {
      tx.put('sync', key, next)
    }
    return next
  }

  private onTargetRemove(tx: Transaction, target: TargetConfig): void {
    for (const state of this.store.values<SyncState>('sync')) {
      if (state.targetId === target.id) tx.delete('sync', syncKey(state.personId, state.targetId))
    }
  }

  // ---- target changes: follow-up transactions ----------------------------------------------

  private onStoreChange(changes: Change[]): void {
    for (const change of changes) {
      if (change.collection !== 'targets') continue
      const before = change.before as TargetConfig | undefined
      const after = change.after as TargetConfig | undefined
      if (!after) {
        for (const listener of this.listeners) listener(change.id, 'removed')
        continue
      }
      // Run after the target's own transaction has been handed to the journal, never inside it.
      if (!before) this.later(() => this.enqueueAll(after.id))
      else if (remoteShapeChanged(before, after)) this.later(() => this.requeueTarget(after.id, { forceRepush: true }))
      else if (before.expiryAction !== after.expiryAction) this.later(() => this.scanExpired(after.id))
      for (const listener of this.listeners) listener(after.id, before ? 'changed' : 'added')
    }
  }

  private later(work: () => Promise<unknown>): void {
    const running: Promise<unknown> = Promise.resolve()
      .then(work)
      .catch((error: Error) => this.onError(`The sync queue could not be updated after a target change: ${error.message}`))
      .finally(() => this.background.delete(running))
    this.background.add(running)
  }

  /**
   * Gives every live person a record for the target (or for every target), e.g. for a new target
   * or on "sync all". Persons already recorded are left alone; deleted ones are not enqueued (there
   * is nothing to remove from a target that never had them). Also drops records of targets that
   * no longer exist. Returns how many records it wrote.
   */
  async enqueueAll(targetId?: string): Promise<number> {
    const targets = [...this.store.values<TargetConfig>('targets')].filter((t) => !targetId || t.id === targetId)
    const known = new Set([...this.store.values<TargetConfig>('targets')].map((t) => t.id))
    const orphans = targetId ? [] : [...this.store.values<SyncState>('sync')].filter((s) => !known.has(s.targetId))
    const persons = [...this.store.values<Person>('persons')].filter((p) => !p.deletedAt)
    let written = 0
    if (orphans.length) await this.store.transact((tx) => orphans.forEach((s) => tx.delete('sync', syncKey(s.personId, s.targetId))))
    for (let start = 0; start < persons.length; start += CHUNK) {
      const chunk = persons.slice(start, start + CHUNK)
      written += await this.store.transact((tx) => {
        let count = 0
        const nowIso = this.now().toISOString()
        for (const person of chunk) {
          for (const target of targets) {
            const current = tx.get<Person>('persons', person.id)
            if (!current || current.deletedAt || tx.get('sync', syncKey(person.id, target.id)) || !tx.get('targets', target.id)) continue
            if (this.write(tx, target, { person: current, purged: false }, nowIso)) count++
          }
        }
        return count
      })
    }
    return written
  }

  /** Everything of one target pushed again: its mapping, URL or settings changed, or a user asked. */
  async requeueTarget(targetId: string, options: { forceRepush: boolean }): Promise<number> {
    return this.rewrite(
      (state) => state.targetId === targetId && (options.forceRepush ? state.want !== 'delete' || state.status !== 'synced' : state.status !== 'synced'),
      (state, nowIso) => requeued(state, nowIso, { forceRepush: options.forceRepush && state.want !== 'delete' }),
    )
  }

  /**
   * Back to pending: refused ones (the user fixed something) and those waiting on a backoff.
   * `personId` null means every person; `targetId` null every target.
   */
  async retry(filter: { personId?: string | null; targetId?: string | null }): Promise<number> {
    return this.rewrite(
      (state) =>
        (!filter.personId || state.personId === filter.personId) &&
        (!filter.targetId || state.targetId === filter.targetId) &&
        (state.status === 'attention' || (state.status === 'pending' && (state.attempts > 0 || state.nextAttemptAt !== null))),
      (state, nowIso) => requeued(state, nowIso),
    )
  }

  /**
   * Persons whose validUntil has passed get their target's expiry action (disable or delete).
   * Returns how many records changed and when the next person expires (ms since the epoch).
   */
  async scanExpired(targetId?: string): Promise<{ changed: number; nextExpiry: number | null }> {
    const nowIso = this.now().toISOString()
    const expired: Person[] = []
    let nextExpiry: number | null = null
    for (const person of this.store.values<Person>('persons')) {
      if (person.deletedAt || person.validUntil === null) continue
      if (person.validUntil <= nowIso) expired.push(person)
      else nextExpiry = Math.min(nextExpiry ?? Infinity, Date.parse(person.validUntil))
    }
    let changed = 0
    for (let start = 0; start < expired.length; start += CHUNK) {
      const chunk = expired.slice(start, start + CHUNK)
      changed += await this.store.transact((tx) => {
        let count = 0
        for (const target of this.store.values<TargetConfig>('targets')) {
          if (targetId && target.id !== targetId) continue
          for (const stale of chunk) {
            const person = tx.get<Person>('persons', stale.id)
            if (!person || person.deletedAt) continue
            const key = syncKey(person.id, target.id)
            const previous = tx.get<SyncState>('sync', key)
            // Never pushed to this target: an expiry has nothing to change there.
            if (!previous) continue
            const next = this.write(tx, target, { person, purged: false }, nowIso)
            if (next && !sameRecord(previous, next)) count++
          }
        }
        return count
      })
    }
    return { changed, nextExpiry }
  }

  private async rewrite(match: (state: SyncState) => boolean, change: (state: SyncState, nowIso: string) => SyncState): Promise<number> {
    const keys = [...this.store.values<SyncState>('sync')].filter(match).map((s) => syncKey(s.personId, s.targetId))
    let written = 0
    for (let start = 0; start < keys.length; start += CHUNK) {
      const chunk = keys.slice(start, start + CHUNK)
      written += await this.store.transact((tx) => {
        const nowIso = this.now().toISOString()
        let count = 0
        for (const key of chunk) {
          const state = tx.get<SyncState>('sync', key)
          if (!state || !match(state)) continue
          tx.put('sync', key, change(state, nowIso))
          count++
        }
        return count
      })
    }
    return written
  }
}

/** Whether what a target holds should be pushed again: a different server, account or mapping. */
function remoteShapeChanged(before: TargetConfig, after: TargetConfig): boolean {
  return before.kind !== after.kind || before.baseUrl !== after.baseUrl || !sameJson(withoutSyncLimits(before.settings), withoutSyncLimits(after.settings)) || !sameJson(before.mapping, after.mapping)
}

function withoutSyncLimits(settings: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...settings }
  for (const key of Object.keys(SyncLimitsSchema.shape)) delete copy[key]
  return copy
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function sameRecord(a: SyncState, b: SyncState): boolean {
  return (
    a.want === b.want &&
    a.wantVersion === b.wantVersion &&
    a.status === b.status &&
    a.attempts === b.attempts &&
    a.nextAttemptAt === b.nextAttemptAt &&
    a.queuedAt === b.queuedAt &&
    a.detail === b.detail &&
    (a.tombstone === null) === (b.tombstone === null)
  )
}
