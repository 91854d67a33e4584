import { createConnector, connectorCapabilities } from '../connectors'
import type { InPlaceRetryPolicy } from '../connectors/retry-in-place'
import type { Connector, ConnectorCapabilities, ConnectorOptions } from '../connectors/types'
import { isCoreError } from '../../../common/errors/core-error'
import type { PhotoService } from '../photos/photo-service'
import type { Change, Store } from '../store/store'
import type { TargetConfig } from '../../../common/targets/target-config'
import type { Reachability } from '../targets/reachability'
import type { SecretVault } from '../targets/secrets'
import type { TargetService } from '../targets/target-service'
import { PhotoCache } from './photo-cache'
import { runAttempt, type AttemptOutcome } from './attempt'
import { backoffDelay, type BackoffPolicy } from './backoff'
import type { SyncHistory } from './history'
import { backstopTimeoutMs, limitedFetch } from './limited-fetch'
import type { Outbox } from './outbox'
import { isHeld, TargetRunner, type TargetHealth } from './target-runner'
import { healthWording, signInsRefused, type HealthWording } from './health-wording'
import { rateAccountKey, syncLimitsOf } from './settings'
import type { SyncError, SyncState } from './state'
import { TokenBucket } from './token-bucket'

export interface SyncWorkerOptions {
  /** Per HTTP call, after the rate limit let it go. Default 15 s. */
  callTimeoutMs?: number
  /** Per push (all of its calls, and their tries in place). Default 16 × callTimeoutMs. */
  pushTimeoutMs?: number
  /** Retries of one person. Default 1 s doubling to 5 min, full jitter. */
  backoff?: BackoffPolicy
  /**
   * Retries of one idempotent call inside a push (retry-in-place.ts). Default 4 tries, a fifth of
   * the backoff's base doubling to twice it (200 ms to 2 s): short beside the wait between attempts.
   */
  callRetry?: Partial<InPlaceRetryPolicy>
  /** Probes of an unreachable target. Default 2 s doubling to 2 min, full jitter. */
  probe?: BackoffPolicy
  /** Consecutive calls without any HTTP answer before a target counts as unreachable. Default 5. */
  unreachableAfter?: number
  /** How often expired visitors are looked for (sooner when one is about to expire). Default 30 s. */
  expiryScanMs?: number
  random?: () => number
  now?: () => Date
  /** The audit trail's actor for remote ids learned by pushes. */
  actor?: string
  /**
   * Whether this process may push to the target now. Default: always. In site mode only the
   * holder of the target's pusher lease may (main/core/site/lease/); it calls `gateOpened` when it may.
   */
  mayPush?: (targetId: string) => boolean
}

export interface WorkerDeps {
  store: Store
  targets: TargetService
  photos: PhotoService
  vault: SecretVault
  connectorOptions: ConnectorOptions
  outbox: Outbox
  history: SyncHistory
  onWarning: (message: string) => void
}

export interface WorkerActivity {
  /** Since start, per target. */
  pushed: number
  failed: number
  refused: number
  running: number
  /** Successful pushes per second over the last minute. */
  rate: number
  health: TargetHealth
}

const REFUSED_SIGN_INS = 3

class StopRequested extends Error {
  constructor() {
    super('the sync worker is stopping')
  }
}

/**
 * Pushes the outbox in the background: one runner per target with its own queue, concurrency,
 * health and connector; one rate limit per back-end account. Per person there is never more than
 * one push in flight, and each push sends the latest version, so order is kept by construction.
 */
export class SyncWorker {
  private readonly runners = new Map<string, TargetRunner>()
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly stopController = new AbortController()
  private readonly idleWaiters = new Set<() => void>()
  private readonly activityListeners = new Set<() => void>()
  private readonly commits = new Set<Promise<unknown>>()
  private commitFailed = false
  private unsubscribe: Array<() => void> = []
  private expiryTimer: NodeJS.Timeout | null = null
  private started = false
  private stopping: Promise<void> | null = null
  private readonly callTimeoutMs: number
  private readonly pushTimeoutMs: number
  private readonly backoff: BackoffPolicy
  private readonly probe: BackoffPolicy
  private readonly unreachableAfter: number
  private readonly random: () => number
  private readonly now: () => Date
  private readonly photos: PhotoCache
  private readonly mayPush: (targetId: string) => boolean

  constructor(
    private readonly deps: WorkerDeps,
    private readonly options: SyncWorkerOptions = {},
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000
    this.pushTimeoutMs = options.pushTimeoutMs ?? this.callTimeoutMs * 16
    this.backoff = options.backoff ?? { baseMs: 1_000, capMs: 300_000 }
    this.probe = options.probe ?? { baseMs: 2_000, capMs: 120_000 }
    this.unreachableAfter = options.unreachableAfter ?? 5
    this.random = options.random ?? Math.random
    this.now = options.now ?? (() => new Date())
    this.photos = new PhotoCache(deps.photos)
    this.mayPush = options.mayPush ?? (() => true)
  }

  get isRunning(): boolean {
    return this.started && !this.stopping
  }

  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    const { store, outbox } = this.deps
    this.unsubscribe.push(store.onChange((changes) => this.onStoreChange(changes)))
    outbox.onTargetChange((targetId, change) => this.onTargetChange(targetId, change))
    // A target added by a process that died before enqueueing its persons, or anything else
    // missing: the outbox is completed before work starts.
    await outbox.enqueueAll()
    for (const target of this.deps.targets.list()) this.runnerFor(target.id)
    for (const state of store.values<SyncState>('sync')) if (state.status === 'pending') this.runners.get(state.targetId)?.queue.schedule(state.personId, dueAt(state))
    await this.scanExpiry()
    for (const runner of this.runners.values()) this.pump(runner)
    this.checkIdle()
  }

  /**
   * Stops taking work; in-flight pushes get `timeoutMs` to finish, then are cut off and parked
   * (their in-flight record is cleared and they are pushed again at the next start, idempotently).
   */
  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.started) return Promise.resolve()
    this.stopping ??= (async () => {
      for (const unsubscribe of this.unsubscribe) unsubscribe()
      this.unsubscribe = []
      if (this.expiryTimer) clearTimeout(this.expiryTimer)
      for (const runner of this.runners.values()) runner.clearTimer()
      const inFlight = () => [...this.runners.values()].flatMap((runner) => [...runner.attempts.values()])
      const finished = await settleWithin(inFlight(), options.timeoutMs ?? 10_000)
      if (!finished) {
        this.stopController.abort(new StopRequested())
        // parked attempts write one small transaction each; bounded so a stuck disk cannot hang quit
        await settleWithin(inFlight(), 2_000)
      }
      await Promise.allSettled([...this.commits])
      await this.deps.history.save()
      for (const resolve of this.idleWaiters) resolve()
    })()
    return this.stopping
  }

  /** "Sync now": everything waiting is due at once, and held targets are probed now. */
  wake(): number {
    const now = this.now().getTime()
    let woken = 0
    for (const runner of this.runners.values()) {
      woken += runner.queue.size
      runner.queue.advanceAll(now)
      runner.probeNow(now)
      this.pump(runner)
    }
    return woken
  }

  /** A target's gate opened (see `mayPush`): its queue is looked at again now. */
  gateOpened(targetId: string): void {
    const runner = this.runners.get(targetId)
    if (runner) this.schedulePump(runner)
  }

  /** Nothing due or running on any target that is active; refused, paused and gated work does not count. */
  isIdle(): boolean {
    for (const runner of this.runners.values()) {
      const target = this.deps.targets.get(runner.targetId)
      if (!target || target.paused || !target.enabled) continue
      if (runner.attempts.size === 0 && !this.mayPush(runner.targetId)) continue
      if (runner.queue.size > 0 || runner.attempts.size > 0) return false
    }
    return true
  }

  /** Resolves true once idle, false when `timeoutMs` passes first or the worker stops. */
  whenIdle(timeoutMs = Infinity): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true)
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined
      const done = (idle: boolean) => {
        clearTimeout(timer)
        this.idleWaiters.delete(waiter)
        resolve(idle)
      }
      const waiter = () => done(this.isIdle())
      this.idleWaiters.add(waiter)
      if (Number.isFinite(timeoutMs)) timer = setTimeout(() => done(false), timeoutMs)
    })
  }

  activity(targetId: string): WorkerActivity | null {
    const runner = this.runners.get(targetId)
    if (!runner) return null
    return { pushed: runner.pushed, failed: runner.failed, refused: runner.refused, running: runner.attempts.size, rate: runner.meter.rate(), health: runner.health }
  }

  isPushing(targetId: string, personId: string): boolean {
    return this.runners.get(targetId)?.attempts.has(personId) ?? false
  }

  /** A connection test's verdict on a target's reachability (see TargetRunner.noteTest). */
  noteTest(targetId: string, reachability: Reachability, wording: HealthWording): void {
    const runner = this.runners.get(targetId)
    if (!runner || !this.isRunning) return
    const now = this.now().getTime()
    const before = runner.health.state
    if (runner.noteTest(reachability, now, wording, (attempt) => backoffDelay(attempt, this.probe, 0, this.random))) {
      runner.queue.advanceAll(now)
      this.schedulePump(runner)
    }
    if (runner.health.state !== before) for (const listener of this.activityListeners) listener()
  }

  /** Called after every attempt and health change (throttle on the listener's side). */
  onActivity(listener: () => void): () => void {
    this.activityListeners.add(listener)
    return () => this.activityListeners.delete(listener)
  }

  // ---- queue maintenance -------------------------------------------------------------------

  private onStoreChange(changes: Change[]): void {
    const touched = new Set<TargetRunner>()
    for (const change of changes) {
      if (change.collection !== 'sync') continue
      const state = (change.after ?? change.before) as SyncState
      const runner = this.runners.get(state.targetId)
      if (!runner) continue
      // the runner re-queues its own attempts when they finish
      if (runner.attempts.has(state.personId)) continue
      const after = change.after as SyncState | undefined
      if (after?.status === 'pending') runner.queue.schedule(after.personId, dueAt(after))
      else runner.queue.remove(state.personId)
      touched.add(runner)
    }
    for (const runner of touched) this.schedulePump(runner)
  }

  private onTargetChange(targetId: string, change: 'added' | 'changed' | 'removed'): void {
    if (this.stopping) return
    if (change === 'removed') {
      const runner = this.runners.get(targetId)
      runner?.abortAll(new StopRequested())
      runner?.clearTimer()
      this.runners.delete(targetId)
      this.checkIdle()
      return
    }
    const runner = this.runnerFor(targetId)
    // a changed configuration (credentials, URL) deserves a fresh try at once
    if (change === 'changed' && runner.health.state === 'refusing') runner.recover()
    this.schedulePump(runner)
  }

  private runnerFor(targetId: string): TargetRunner {
    let runner = this.runners.get(targetId)
    if (!runner) this.runners.set(targetId, (runner = new TargetRunner(targetId)))
    return runner
  }

  // ---- dispatch ----------------------------------------------------------------------------

  private schedulePump(runner: TargetRunner): void {
    if (runner.pumpQueued) return
    runner.pumpQueued = true
    setImmediate(() => {
      runner.pumpQueued = false
      this.pump(runner)
    })
  }

  private pump(runner: TargetRunner): void {
    if (!this.started || this.stopping) return
    runner.clearTimer()
    const target = this.deps.targets.get(runner.targetId)
    if (!target || target.paused || !target.enabled || !this.mayPush(target.id)) {
      this.checkIdle()
      return
    }
    const now = this.now().getTime()
    const health = runner.health
    if (isHeld(health)) {
      // Held: one probe at a time, when its backoff has passed, with whatever is waiting first.
      if (runner.attempts.size > 0) return
      if (now < health.nextProbeAt) return runner.armTimer(health.nextProbeAt - now, () => this.pump(runner))
      const personId = runner.queue.takeDue(Infinity)
      if (personId) this.launch(runner, target, personId, true)
      return
    }
    const { concurrency } = syncLimitsOf(target)
    while (runner.attempts.size < concurrency) {
      const personId = runner.queue.takeDue(now)
      if (!personId) break
      this.launch(runner, target, personId, false)
    }
    const next = runner.queue.nextDueAt()
    if (next !== undefined && runner.attempts.size < concurrency) runner.armTimer(Math.max(0, next - now), () => this.pump(runner))
    this.checkIdle()
  }

  private launch(runner: TargetRunner, target: TargetConfig, personId: string, probe: boolean): void {
    const attempt = this.attempt(runner, target, personId)
      .catch((error: Error): AttemptOutcome => {
        // a bug or a storage failure: reported, and the person tried again later
        this.deps.onWarning(`Sync to ${target.name}: ${error.message}`)
        const failure: SyncError = { kind: 'retry', message: error.message, at: this.now().toISOString() }
        return { kind: 'failed', error: failure, network: false }
      })
      .then((outcome) => this.afterAttempt(runner, personId, outcome, probe))
    runner.attempts.set(personId, attempt)
  }

  private async attempt(runner: TargetRunner, target: TargetConfig, personId: string): Promise<AttemptOutcome> {
    let connector: Connector
    let capabilities: ConnectorCapabilities
    try {
      ;({ connector, capabilities } = await this.connectorFor(runner, target))
    } catch (error) {
      if (!isCoreError(error)) throw error
      // the target's configuration or secrets are incomplete: hold the target, not the person
      return { kind: 'target-refused', error: { kind: 'refused', message: error.message, at: this.now().toISOString() } }
    }
    return runAttempt(
      {
        store: this.deps.store,
        photos: this.photos,
        target,
        connector,
        capabilities,
        stop: AbortSignal.any([this.stopController.signal, runner.removed]),
        pushTimeoutMs: this.pushTimeoutMs,
        backoff: this.backoff,
        now: this.now,
        random: this.random,
        actor: this.options.actor ?? 'sync',
        track: (durable) => this.track(durable),
      },
      personId,
    )
  }

  private afterAttempt(runner: TargetRunner, personId: string, outcome: AttemptOutcome, probe: boolean): void {
    runner.attempts.delete(personId)
    const now = this.now().getTime()
    if (outcome.kind !== 'skipped' && outcome.kind !== 'parked' && !(outcome.kind === 'failed' && outcome.error.kind === 'reauth')) runner.resetRefusedSignIns()
    switch (outcome.kind) {
      case 'pushed':
        runner.pushed++
        runner.meter.mark(now)
        this.deps.history.record(runner.targetId, 'pushed')
        if (runner.noteAnswer()) runner.queue.advanceAll(now)
        break
      case 'refused':
        runner.refused++
        this.deps.history.record(runner.targetId, 'refused')
        if (outcome.error.kind !== 'local' && runner.noteAnswer()) runner.queue.advanceAll(now)
        break
      case 'failed':
        runner.failed++
        this.deps.history.record(runner.targetId, 'failed')
        if (outcome.network) runner.noteNetworkFailure(now, healthWording(outcome.error), this.unreachableAfter, probe, (attempt) => backoffDelay(attempt, this.probe, 0, this.random))
        else if (runner.noteAnswer()) runner.queue.advanceAll(now)
        // The connector already signed in again once for this push; when fresh sign-ins keep being
        // refused too, the target (its account or permissions) is the problem, not this person.
        if (outcome.error.kind === 'reauth' && runner.noteRefusedSignIn() >= REFUSED_SIGN_INS) {
          runner.hold('refusing', now, signInsRefused(outcome.error, REFUSED_SIGN_INS), (attempt) => backoffDelay(attempt, this.probe, 0, this.random))
        }
        break
      case 'target-refused':
        runner.failed++
        this.deps.history.record(runner.targetId, 'failed')
        runner.hold('refusing', now, healthWording(outcome.error), (attempt) => backoffDelay(attempt, this.probe, 0, this.random))
        break
      case 'superseded':
        // the refusal is moot for the person, not for the target: the back end answered
        if (runner.noteAnswer()) runner.queue.advanceAll(now)
        break
      case 'skipped':
      case 'parked':
        break
    }
    if (!this.stopping) {
      const state = this.deps.store.get<SyncState>('sync', `${personId}:${runner.targetId}`)
      if (state?.status === 'pending') runner.queue.schedule(personId, dueAt(state))
      this.schedulePump(runner)
    }
    for (const listener of this.activityListeners) listener()
    this.checkIdle()
  }

  private track(durable: Promise<unknown>): void {
    this.commits.add(durable)
    durable.then(
      () => this.commits.delete(durable),
      (error: Error) => {
        this.commits.delete(durable)
        // the store refuses every later write after a failed one: say it once
        if (!this.commitFailed) this.deps.onWarning(`The sync queue could not record an outcome: ${error.message}`)
        this.commitFailed = true
      },
    )
  }

  private checkIdle(): void {
    if (this.idleWaiters.size === 0 || !this.isIdle()) return
    for (const waiter of [...this.idleWaiters]) waiter()
  }

  // ---- connectors --------------------------------------------------------------------------

  private async connectorFor(runner: TargetRunner, target: TargetConfig): Promise<{ connector: Connector; capabilities: ConnectorCapabilities }> {
    const cached = runner.connector
    if (cached && cached.version === target.version) return cached.built
    const limits = syncLimitsOf(target)
    const bucket = this.bucketFor(target, limits.ratePerSecond)
    const options: ConnectorOptions = {
      ...this.deps.connectorOptions,
      fetch: limitedFetch(this.deps.connectorOptions.fetch ?? globalThis.fetch, bucket, this.callTimeoutMs),
      retryInPlace: this.options.callRetry ?? this.deps.connectorOptions.retryInPlace ?? { baseMs: this.backoff.baseMs / 5, capMs: this.backoff.baseMs * 2 },
      timeoutMs: backstopTimeoutMs(this.callTimeoutMs, limits.ratePerSecond, limits.concurrency),
    }
    const built = this.deps.vault.get(target.id).then((secrets) => ({
      connector: createConnector(target, secrets, options),
      capabilities: connectorCapabilities(target, options),
    }))
    runner.connector = { version: target.version, built }
    built.catch(() => {
      if (runner.connector?.built === built) runner.connector = null
    })
    return built
  }

  private bucketFor(target: TargetConfig, ratePerSecond: number): TokenBucket {
    const key = rateAccountKey(target)
    let bucket = this.buckets.get(key)
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(ratePerSecond)))
    else if (bucket.rate !== ratePerSecond) bucket.setRate(ratePerSecond)
    return bucket
  }

  // ---- expiry ------------------------------------------------------------------------------

  private async scanExpiry(): Promise<void> {
    if (this.stopping) return
    let nextExpiry: number | null = null
    try {
      ;({ nextExpiry } = await this.deps.outbox.scanExpired())
    } catch (error) {
      this.deps.onWarning(`Looking for expired visitors failed: ${(error as Error).message}`)
    }
    if (this.stopping) return
    const every = this.options.expiryScanMs ?? 30_000
    const wait = nextExpiry === null ? every : Math.min(every, Math.max(0, nextExpiry - this.now().getTime()) + 5)
    this.expiryTimer = setTimeout(() => void this.scanExpiry(), wait)
    this.expiryTimer.unref?.()
  }
}

function dueAt(state: SyncState): number {
  return Date.parse(state.nextAttemptAt ?? state.queuedAt)
}

async function settleWithin(promises: Promise<unknown>[], timeoutMs: number): Promise<boolean> {
  if (promises.length === 0) return true
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))
  const done = Promise.allSettled(promises).then(() => true as const)
  const result = await Promise.race([done, timedOut])
  clearTimeout(timer)
  return result
}
