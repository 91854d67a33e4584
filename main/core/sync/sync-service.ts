import type { ConnectorOptions, PushOp, TargetKind } from '../connectors/types'
import type { EventHub } from '../events'
import { parseOrThrow } from '../../../common/errors/core-error'
import type { Person } from '../../../common/model/person'
import type { PersonService } from '../persons/person-service'
import type { PhotoService } from '../photos/photo-service'
import type { Store } from '../store/store'
import { remoteLinkKey, type RemoteLink, type TargetConfig } from '../../../common/targets/target-config'
import type { SecretVault } from '../targets/secrets'
import type { TargetService } from '../targets/target-service'
import { SyncHistory, type HistoryBucket } from './history'
import { Outbox } from './outbox'
import { SyncLimitsSchema, syncLimitsOf, type SyncLimits } from './settings'
import { syncKey, type SyncError, type SyncState } from './state'
import { SyncTally, type TargetTally } from './tally'
import { isHeld, type TargetHealth } from './target-runner'
import { SyncWorker, type SyncWorkerOptions } from './worker'
import { SYNC_DISPLAY_STATES, type SyncDisplayState } from '../../../common/sync/display-states'
import type { SyncStatusQuery, SyncStatusRow, SyncSummary, TargetSyncSummary } from '../../../common/sync/sync-status'

export { SYNC_DISPLAY_STATES, type SyncDisplayState }
export type { SyncStatusQuery, SyncStatusRow, SyncSummary, TargetSyncSummary } from '../../../common/sync/sync-status'

/** For the tray: what is waiting, what needs a person, and whether a push is running. */
export interface SyncCounts {
  pending: number
  failed: number
  running: boolean
}

export interface SyncServiceDeps {
  store: Store
  persons: PersonService
  targets: TargetService
  photos: PhotoService
  events: EventHub
  vault: SecretVault
  connectorOptions?: ConnectorOptions
  dataDir: string | null
  onWarning?: (message: string) => void
}

/**
 * Who may push to which back end, with a life tied to the worker's: started before it, stopped
 * after it. Site mode installs one (only the holder of a back end's pusher lease pushes there).
 */
export interface PushGate {
  mayPush(targetId: string): boolean
  start(): Promise<void>
  stop(): Promise<void>
}

export interface SyncServiceOptions extends SyncWorkerOptions {
  /** How often progress events and tray counts are sent while something changes. Default 500 ms. */
  progressEveryMs?: number
}

/**
 * The sync queue as the UI, the CLI and the Electron shell see it: the outbox (always on, so
 * every edit is queued), the worker (started by whoever should push: the app, `enroll sync`),
 * queries for the sync screen and the person detail, and the user's actions.
 */
export class SyncService {
  readonly outbox: Outbox
  readonly worker: SyncWorker
  readonly history: SyncHistory
  private readonly tally: SyncTally
  private readonly detach: () => void
  private readonly stopHearingTests: () => void
  private readonly countListeners = new Set<(counts: SyncCounts) => void>()
  private notifyTimer: NodeJS.Timeout | null = null
  private readonly historyLoaded: Promise<void>
  private readonly stopFeeds: Array<() => void> = []
  private gate: PushGate | null = null

  constructor(
    private readonly deps: SyncServiceDeps,
    private readonly options: SyncServiceOptions = {},
  ) {
    const now = options.now ?? (() => new Date())
    const warn = deps.onWarning ?? ((message: string) => deps.store.warnings.push(message))
    this.outbox = new Outbox(deps.store, deps.persons, deps.targets, deps.connectorOptions ?? {}, now, warn)
    this.detach = this.outbox.attach()
    // a connection test from Settings is news about reachability as good as a push's
    this.stopHearingTests = deps.targets.onTested((targetId, reachability, wording) => this.worker.noteTest(targetId, reachability, wording))
    this.tally = new SyncTally(deps.store)
    this.history = new SyncHistory(deps.dataDir)
    // the chart's last hours are there for the UI even before (or without) the worker starting
    this.historyLoaded = this.history.load()
    this.worker = new SyncWorker(
      {
        store: deps.store,
        targets: deps.targets,
        photos: deps.photos,
        vault: deps.vault,
        connectorOptions: deps.connectorOptions ?? {},
        outbox: this.outbox,
        history: this.history,
        onWarning: warn,
      },
      { ...options, mayPush: (targetId) => (options.mayPush?.(targetId) ?? true) && (this.gate?.mayPush(targetId) ?? true) },
    )
  }

  /** Installs the gate asked before each push (before `start`); without one every target is pushed. */
  useGate(gate: PushGate): void {
    this.gate = gate
  }

  /** Starts pushing in the background. */
  async start(): Promise<void> {
    await this.historyLoaded
    this.stopFeeds.push(
      this.deps.store.onChange((changes) => {
        if (changes.some((change) => change.collection === 'sync')) this.notifySoon()
      }),
      this.worker.onActivity(() => this.notifySoon()),
    )
    await this.gate?.start()
    await this.worker.start()
  }

  /** Drains or parks in-flight pushes within `timeoutMs` (the shell calls this on quit). */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.worker.stop(options)
    await this.gate?.stop()
    for (const stop of this.stopFeeds.splice(0)) stop()
    if (this.notifyTimer) clearTimeout(this.notifyTimer)
    this.notifyTimer = null
  }

  /** Before the register closes: the worker stopped, follow-up writes durable. */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.stop(options)
    await this.historyLoaded
    await this.outbox.settle()
    this.tally.close()
    this.stopHearingTests()
    this.detach()
  }

  // ---- reading -----------------------------------------------------------------------------

  summary(): SyncSummary {
    const targets = this.deps.targets.list().map((target) => this.targetSummary(target))
    const totals = { ...this.tally.total(), running: targets.reduce((sum, t) => sum + t.running, 0) }
    return { targets, totals, workerRunning: this.worker.isRunning, idle: this.worker.isIdle() }
  }

  counts(): SyncCounts {
    const total = this.tally.total()
    const running = this.deps.targets.list().some((target) => (this.worker.activity(target.id)?.running ?? 0) > 0)
    return { pending: total.pending, failed: total.attention, running }
  }

  status(query: SyncStatusQuery = {}): { items: SyncStatusRow[]; total: number } {
    const target = query.target ? this.deps.targets.require(query.target) : null
    // a purged person is gone from the register but may still wait for its remote delete: its id still finds it
    const personId = query.person ? (this.deps.persons.find(query.person)?.id ?? query.person) : null
    const offset = Math.max(0, query.offset ?? 0)
    const limit = Math.min(Math.max(1, query.limit ?? 100), 10_000)
    const items: SyncStatusRow[] = []
    let total = 0
    const states = personId
      ? this.deps.targets.list().flatMap((t) => this.deps.store.get<SyncState>('sync', syncKey(personId, t.id)) ?? [])
      : this.deps.store.values<SyncState>('sync')
    for (const state of states) {
      if (target && state.targetId !== target.id) continue
      const stateTarget = target ?? this.deps.targets.get(state.targetId)
      if (!stateTarget) continue
      if (query.state && this.displayState(state, stateTarget) !== query.state) continue
      if (total >= offset && items.length < limit) items.push(this.row(state, stateTarget))
      total++
    }
    return { items, total }
  }

  /** One person's state on every target, for the person detail view (null: nothing queued there). */
  person(idOrCode: string): Array<{ targetId: string; targetName: string; row: SyncStatusRow | null }> {
    const person = this.deps.persons.require(idOrCode)
    return this.deps.targets.list().map((target) => {
      const state = this.deps.store.get<SyncState>('sync', syncKey(person.id, target.id))
      return { targetId: target.id, targetName: target.name, row: state ? this.row(state, target) : null }
    })
  }

  historySeries(hours = 6, target?: string): HistoryBucket[] {
    return this.history.series(hours, target ? this.deps.targets.require(target).id : undefined)
  }

  // ---- actions -----------------------------------------------------------------------------

  /** Refused and backing-off persons back to pending now; `all` or one person, on one or every target. */
  async retry(person: string, target?: string): Promise<number> {
    const personId = person === 'all' ? null : this.deps.persons.require(person).id
    const targetId = target ? this.deps.targets.require(target).id : null
    const moved = await this.outbox.retry({ personId, targetId })
    this.worker.wake()
    return moved
  }

  async pause(target: string, paused: boolean, actor: string): Promise<TargetSyncSummary> {
    const updated = await this.deps.targets.update(target, { paused }, actor)
    return this.targetSummary(updated)
  }

  /** Every live person queued again for one or every target, even those already synced. */
  async syncAll(target?: string): Promise<number> {
    const targetIds = target ? [this.deps.targets.require(target).id] : this.deps.targets.list().map((t) => t.id)
    let queued = 0
    for (const targetId of targetIds) {
      queued += await this.outbox.enqueueAll(targetId)
      queued += await this.outbox.requeueTarget(targetId, { forceRepush: true })
    }
    this.worker.wake()
    return queued
  }

  /** The target's rate limit and concurrency (kept in its settings; see settings.ts). */
  async setLimits(target: string, limits: { ratePerSecond?: number; concurrency?: number }, actor: string): Promise<TargetSyncSummary> {
    const current = this.deps.targets.require(target)
    const parsed = parseOrThrow(SyncLimitsSchema, { syncRatePerSecond: limits.ratePerSecond, syncConcurrency: limits.concurrency })
    const settings = { ...current.settings }
    if (parsed.syncRatePerSecond !== undefined) settings.syncRatePerSecond = parsed.syncRatePerSecond
    if (parsed.syncConcurrency !== undefined) settings.syncConcurrency = parsed.syncConcurrency
    const updated = await this.deps.targets.update(current.id, { settings }, actor)
    return this.targetSummary(updated)
  }

  /** "Sync now". */
  now(): number {
    return this.worker.wake()
  }

  /** For the tray icon. */
  onCounts(listener: (counts: SyncCounts) => void): () => void {
    this.countListeners.add(listener)
    return () => this.countListeners.delete(listener)
  }

  // ---- helpers -----------------------------------------------------------------------------

  private targetSummary(target: TargetConfig): TargetSyncSummary {
    // counters stay readable after the worker stopped (`enroll sync` reports them then); health does not
    const activity = this.worker.activity(target.id)
    const health = this.worker.isRunning ? (activity?.health ?? null) : null
    const held = health && isHeld(health) ? health : null
    return {
      targetId: target.id,
      name: target.name,
      kind: target.kind,
      paused: target.paused,
      enabled: target.enabled,
      counts: this.tally.of(target.id),
      running: activity?.running ?? 0,
      pushed: activity?.pushed ?? 0,
      failed: activity?.failed ?? 0,
      refused: activity?.refused ?? 0,
      rate: Math.round((activity?.rate ?? 0) * 10) / 10,
      limits: syncLimitsOf(target),
      reachable: health && health.state !== 'unchecked' ? health.state !== 'unreachable' : null,
      health: health?.state ?? 'stopped',
      healthMessage: held?.message ?? null,
      healthCode: held?.messageCode ?? null,
      healthParams: held?.messageCode ? (held.params ?? {}) : null,
      healthSince: held?.since ?? null,
      nextProbeAt: held ? new Date(held.nextProbeAt).toISOString() : null,
    }
  }

  private displayState(state: SyncState, target: TargetConfig): SyncDisplayState {
    if (state.status === 'synced') return 'synced'
    if (state.status === 'attention') return 'attention'
    if (target.paused || !target.enabled) return 'paused'
    if (this.worker.isPushing(target.id, state.personId)) return 'in_flight'
    return state.attempts > 0 ? 'failing' : 'pending'
  }

  private row(state: SyncState, target: TargetConfig): SyncStatusRow {
    const person = this.deps.store.get<Person>('persons', state.personId) ?? state.tombstone
    const link = this.deps.store.get<RemoteLink>('remote_links', remoteLinkKey(state.personId, state.targetId))
    const shown = this.displayState(state, target)
    return {
      personId: state.personId,
      code: person?.code ?? state.personId,
      name: person?.name ?? '',
      targetId: target.id,
      targetName: target.name,
      state: shown,
      want: state.want,
      version: state.wantVersion,
      syncedOp: state.syncedOp,
      syncedVersion: state.syncedVersion,
      attempts: state.attempts,
      nextAttemptAt: state.nextAttemptAt,
      lastError: state.lastError,
      remoteId: link?.remoteId ?? null,
      queuedAt: state.queuedAt,
      syncedAt: state.syncedAt,
      interrupted: state.inFlight !== null && shown !== 'in_flight',
      detail: state.detail,
    }
  }

  private notifySoon(): void {
    if (this.notifyTimer) return
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null
      const counts = this.counts()
      for (const listener of this.countListeners) listener(counts)
      if (!this.worker.isRunning) return
      const summary = this.deps.targets.list().map((t) => this.worker.activity(t.id))
      const pushed = summary.reduce((sum, a) => sum + (a?.pushed ?? 0), 0)
      const rate = summary.reduce((sum, a) => sum + (a?.rate ?? 0), 0)
      this.deps.events.emit({ type: 'progress', task: 'sync', done: pushed, total: pushed + counts.pending, label: `${rate.toFixed(1)} persons/s` })
    }, this.options.progressEveryMs ?? 500)
  }
}
