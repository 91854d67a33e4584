import type { Change, Store } from '../store/store'
import type { SyncState } from './state'
import type { TargetTally } from '../../../common/sync/sync-status'

export type { TargetTally } from '../../../common/sync/sync-status'

/**
 * Counts of the outbox per target, kept up to date from the store's change feed so the tray,
 * the progress events and the summary never scan the whole register.
 */
export class SyncTally {
  private readonly byTarget = new Map<string, TargetTally>()
  private readonly unsubscribe: () => void

  constructor(store: Store) {
    for (const state of store.values<SyncState>('sync')) this.add(state, 1)
    this.unsubscribe = store.onChange((changes) => this.apply(changes))
  }

  of(targetId: string): TargetTally {
    return { ...(this.byTarget.get(targetId) ?? empty()) }
  }

  total(): TargetTally {
    const sum = empty()
    for (const tally of this.byTarget.values()) {
      sum.pending += tally.pending
      sum.failing += tally.failing
      sum.attention += tally.attention
      sum.synced += tally.synced
    }
    return sum
  }

  close(): void {
    this.unsubscribe()
  }

  private apply(changes: Change[]): void {
    for (const change of changes) {
      if (change.collection !== 'sync') continue
      if (change.before) this.add(change.before as SyncState, -1)
      if (change.after) this.add(change.after as SyncState, 1)
    }
  }

  private add(state: SyncState, sign: 1 | -1): void {
    let tally = this.byTarget.get(state.targetId)
    if (!tally) this.byTarget.set(state.targetId, (tally = empty()))
    tally[state.status] += sign
    if (state.status === 'pending' && state.attempts > 0) tally.failing += sign
  }
}

function empty(): TargetTally {
  return { pending: 0, failing: 0, attention: 0, synced: 0 }
}
