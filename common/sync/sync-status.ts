/**
 * The sync queue as the channels show it (the sync screen, the person detail, `enroll sync`): per
 * person × target rows, per target summaries, the 10-minute history. The engine is main/core/sync/.
 */
import type { SyncDisplayState } from './display-states'
import type { TargetKind } from '../targets/target-kinds'
import type { ErrorParams, MessageCode } from '../errors/message-codes'

/** What the worker last heard from a back end: nothing yet, fine, or held (no answer / refusing every push). */
export type TargetHealthState = 'unchecked' | 'ok' | 'unreachable' | 'refusing'

/** What a push does to a person on a back end. */
export type PushOp = 'upsert' | 'disable' | 'delete'

export interface SyncError {
  /** retry / reauth / refused as the connector said; `local` for a problem found before any call. */
  kind: 'retry' | 'reauth' | 'refused' | 'local'
  message: string
  remoteCode?: string | number
  remoteMessage?: string
  status?: number
  /**
   * What went wrong by name, for the page and the CLI to word in their language. A state stored
   * before errors had codes holds only `message` (the station's English, with the back end's words).
   */
  messageCode?: MessageCode
  params?: ErrorParams
  at: string
}

export interface TargetTally {
  /** Waiting to be pushed, first try or retrying. */
  pending: number
  /** Of those, how many failed at least once (retrying with backoff). */
  failing: number
  /** Refused by the back end (or by the checks before it): waiting for a person. */
  attention: number
  synced: number
}

export interface SyncLimits {
  ratePerSecond: number
  concurrency: number
}

export interface HistoryBucket {
  /** Start of the 10-minute bucket (ISO). */
  start: string
  pushed: number
  failed: number
  refused: number
}

export interface SyncStatusRow {
  personId: string
  code: string
  name: string
  targetId: string
  targetName: string
  state: SyncDisplayState
  want: PushOp
  version: number
  syncedOp: PushOp | null
  syncedVersion: number
  attempts: number
  nextAttemptAt: string | null
  lastError: SyncError | null
  remoteId: string | null
  queuedAt: string
  syncedAt: string | null
  /** An attempt was in flight when the station stopped: it is pushed again (idempotently). */
  interrupted: boolean
  detail: string | null
}

export interface SyncStatusQuery {
  target?: string
  person?: string
  state?: SyncDisplayState
  offset?: number
  limit?: number
}

export interface TargetSyncSummary {
  targetId: string
  name: string
  kind: TargetKind
  paused: boolean
  enabled: boolean
  counts: TargetTally
  running: number
  /** Since the worker started. */
  pushed: number
  failed: number
  refused: number
  /** Successful pushes per second over the last minute. */
  rate: number
  limits: SyncLimits
  /** null when not known: no worker runs in this process (e.g. `enroll sync status`), or nothing has asked the back end yet. */
  reachable: boolean | null
  /** `unchecked`: the worker runs but no push or connection test has heard from the back end yet. */
  health: TargetHealthState | 'stopped'
  /** Why it is held, in the station's English (logs); the page and the CLI word `healthCode` with `healthParams`. */
  healthMessage: string | null
  healthCode: MessageCode | null
  healthParams: ErrorParams | null
  healthSince: string | null
  nextProbeAt: string | null
}

export interface SyncSummary {
  targets: TargetSyncSummary[]
  totals: TargetTally & { running: number }
  workerRunning: boolean
  idle: boolean
}
