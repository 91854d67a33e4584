import type { Connector, ConnectorCapabilities } from '../connectors/types'
import type { HealthWording } from './health-wording'
import { DueQueue } from './due-queue'

/**
 * unchecked: nothing has said yet whether the back end answers (no push or test has had an answer,
 *   and too few went unanswered to hold it); pushing normally.
 * ok: it answered the last time anything asked; pushing normally.
 * unreachable: several calls in a row got no HTTP answer at all; one probe at a time, with backoff.
 * refusing: the back end refuses the target's credentials (or its configuration is incomplete);
 *   persons stay pending, probed with backoff until the target is fixed or "sync now".
 */
export type TargetHealth = { state: 'unchecked' | 'ok' } | HeldHealth

export type HeldHealth = { state: 'unreachable' | 'refusing'; since: string; nextProbeAt: number; probes: number } & HealthWording

export function isHeld(health: TargetHealth): health is HeldHealth {
  return health.state === 'unreachable' || health.state === 'refusing'
}

/** Successful pushes per second over the last minute, in one-second slots. */
export class RateMeter {
  private readonly slots = new Array<number>(60).fill(0)
  private readonly stamps = new Array<number>(60).fill(-1)
  private readonly startedAt = Date.now()

  mark(now: number): void {
    const second = Math.floor(now / 1000)
    const slot = second % 60
    if (this.stamps[slot] !== second) {
      this.stamps[slot] = second
      this.slots[slot] = 0
    }
    this.slots[slot]++
  }

  rate(now = Date.now()): number {
    const second = Math.floor(now / 1000)
    let count = 0
    for (let i = 0; i < 60; i++) if (this.stamps[i] > second - 60) count += this.slots[i]
    const window = Math.min(60, Math.max(1, (now - this.startedAt) / 1000))
    return count / window
  }
}

/** The worker's state for one target: its queue, what is in flight, its health and its connector. */
export class TargetRunner {
  readonly queue = new DueQueue()
  readonly attempts = new Map<string, Promise<void>>()
  readonly meter = new RateMeter()
  health: TargetHealth = { state: 'unchecked' }
  connector: { version: number; built: Promise<{ connector: Connector; capabilities: ConnectorCapabilities }> } | null = null
  pumpQueued = false
  pushed = 0
  failed = 0
  refused = 0
  private consecutiveNetworkFailures = 0
  private consecutiveRefusedSignIns = 0
  private timer: NodeJS.Timeout | null = null
  /** Aborts this target's pushes when the target is removed. */
  private readonly removal = new AbortController()

  constructor(readonly targetId: string) {}

  /** The back end answered (whatever it said). Returns true when this ends a hold. */
  noteAnswer(): boolean {
    this.consecutiveNetworkFailures = 0
    const held = isHeld(this.health)
    this.health = { state: 'ok' }
    return held
  }

  noteNetworkFailure(now: number, wording: HealthWording, threshold: number, probe: boolean, delay: (attempt: number) => number): void {
    this.consecutiveNetworkFailures++
    if (probe || (!isHeld(this.health) && this.consecutiveNetworkFailures >= threshold)) this.hold('unreachable', now, wording, delay)
  }

  /**
   * What a connection test from Settings learned. An answer ends "unchecked" or an unreachable hold
   * (returns true when it ends a hold); no answer holds the target as unreachable at once, since
   * someone just asked and was told so. A refusing target stays held: its own probe, a push that
   * passes, or a changed configuration decides, because a test checks less than a push does.
   */
  noteTest(reachability: 'answered' | 'no-answer', now: number, wording: HealthWording, delay: (attempt: number) => number): boolean {
    if (this.health.state === 'refusing') return false
    if (reachability === 'answered') return this.noteAnswer()
    if (this.health.state !== 'unreachable') this.hold('unreachable', now, wording, delay)
    return false
  }

  /** A push still refused after the connector signed in again; returns how many in a row. */
  noteRefusedSignIn(): number {
    return ++this.consecutiveRefusedSignIns
  }

  resetRefusedSignIns(): void {
    this.consecutiveRefusedSignIns = 0
  }

  hold(state: 'unreachable' | 'refusing', now: number, wording: HealthWording, delay: (attempt: number) => number): void {
    const previous = this.health.state === state ? this.health : null
    const probes = previous ? previous.probes + 1 : 0
    this.health = {
      state,
      since: previous?.since ?? new Date(now).toISOString(),
      message: wording.message,
      messageCode: wording.messageCode,
      params: wording.params,
      // at least a short pause even when the jitter draws zero, so a dead target is not spun on
      nextProbeAt: now + Math.max(50, delay(probes)),
      probes,
    }
  }

  /** The configuration changed under a hold: what it answered before says nothing about the new one. */
  recover(): void {
    this.consecutiveNetworkFailures = 0
    this.health = { state: 'unchecked' }
  }

  probeNow(now: number): void {
    if (isHeld(this.health)) this.health = { ...this.health, nextProbeAt: now }
  }

  armTimer(ms: number, run: () => void): void {
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timer = null
      run()
    }, ms)
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  get removed(): AbortSignal {
    return this.removal.signal
  }

  abortAll(reason: unknown): void {
    this.removal.abort(reason)
  }
}
