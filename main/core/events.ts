import type { Store } from './store/store'
import type { StationEvent } from '../../common/events'

export type { StationEvent } from '../../common/events'

export class EventHub {
  private readonly listeners = new Set<(event: StationEvent) => void>()
  private pendingPersons = new Set<string>()
  private pendingSync = new Set<string>()
  private pendingOther = new Set<'groups.changed' | 'targets.changed'>()
  private scheduled = false
  private readonly unsubscribe: () => void

  constructor(store: Store) {
    this.unsubscribe = store.onChange((changes) => {
      for (const change of changes) {
        if (change.collection === 'persons') this.pendingPersons.add(change.id)
        else if (change.collection === 'groups') this.pendingOther.add('groups.changed')
        else if (change.collection === 'targets' || change.collection === 'remote_links') this.pendingOther.add('targets.changed')
        else if (change.collection === 'sync') this.pendingSync.add(change.id.split(':')[0])
      }
      this.schedule()
    })
  }

  subscribe(listener: (event: StationEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: StationEvent): void {
    for (const listener of this.listeners) listener(event)
  }

  close(): void {
    this.unsubscribe()
    this.listeners.clear()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setTimeout(() => {
      this.scheduled = false
      if (this.pendingPersons.size) this.emit({ type: 'persons.changed', ids: [...this.pendingPersons] })
      if (this.pendingSync.size) this.emit({ type: 'sync.changed', personIds: [...this.pendingSync] })
      for (const type of this.pendingOther) this.emit({ type })
      this.pendingPersons = new Set()
      this.pendingSync = new Set()
      this.pendingOther = new Set()
    }, 50)
  }
}
