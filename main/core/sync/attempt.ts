import { randomUUID } from 'node:crypto'
import { kindLabel } from '../connectors/definitions'
import { filledFields, isConnectorFailure, type Connector, type ConnectorCapabilities, type PushChange, type PushProgress } from '../connectors/types'
import { codedMessageOf, isCoreError } from '../../../common/errors/core-error'
import type { CodedMessage } from '../../../common/errors/message-codes'
import type { Person } from '../../../common/model/person'
import type { PhotoCache } from './photo-cache'
import type { Store, Transaction } from '../store/store'
import { remoteLinkKey, type RemoteLink, type TargetConfig } from '../../../common/targets/target-config'
import { putRemoteLink } from '../targets/target-service'
import { noHttpAnswer } from '../targets/reachability'
import { backoffDelay, type BackoffPolicy } from './backoff'
import { desiredOp, effectiveOp, isSettled, syncKey, type SyncError, type SyncState } from './state'

export interface AttemptContext {
  store: Store
  photos: PhotoCache
  target: TargetConfig
  connector: Connector
  capabilities: ConnectorCapabilities
  /** The worker stopping: the attempt is parked, not failed. */
  stop: AbortSignal
  pushTimeoutMs: number
  backoff: BackoffPolicy
  now: () => Date
  random: () => number
  actor: string
  /**
   * Outcomes are applied at once and made durable in the background: the slot is free before
   * the fsync. Losing one in a crash is harmless, since the in-flight record (made durable
   * before the call) makes the next start push again.
   */
  track: (durable: Promise<unknown>) => void
}

export type AttemptOutcome =
  | { kind: 'pushed'; created: boolean }
  /** Nothing was sent: already settled, gone, or changed meanwhile (then it is pending again). */
  | { kind: 'skipped' }
  /** Will be retried after a backoff. `network`: no HTTP answer at all. */
  | { kind: 'failed'; error: SyncError; network: boolean }
  /** Refused: the person waits in "needs attention". */
  | { kind: 'refused'; error: SyncError }
  /** The target itself is refused (credentials): the person stays pending, the target is held. */
  | { kind: 'target-refused'; error: SyncError }
  /** The back end refused a version edited meanwhile: the newer one is tried instead. */
  | { kind: 'superseded' }
  | { kind: 'parked' }

class StaleAttempt extends Error {}

/**
 * One push of one person to one target: checks at the desk, the in-flight record made durable
 * before the call, the call, then the outcome recorded with the remote id in one transaction.
 * After a crash between the two transactions the record still says "in flight"; the next attempt
 * simply pushes again, which the connectors make idempotent (lookup by code, "already exists" →
 * update), so the remote never gets a second person.
 */
export async function runAttempt(ctx: AttemptContext, personId: string): Promise<AttemptOutcome> {
  const { store, target } = ctx
  const key = syncKey(personId, target.id)
  const state = store.get<SyncState>('sync', key)
  if (!state || state.status !== 'pending') return { kind: 'skipped' }
  const live = store.get<Person>('persons', personId)
  const person = live ?? state.tombstone
  if (!person) {
    commit(ctx, (tx) => tx.delete('sync', key))
    return { kind: 'skipped' }
  }
  const want = desiredOp(person, !live, target, ctx.now().toISOString())
  const op = effectiveOp(want, ctx.capabilities)
  if (isSettled({ ...state, want, wantVersion: person.version }, ctx.capabilities.create)) {
    settle(ctx, key, person.version, want)
    return { kind: 'skipped' }
  }

  let photoJpeg: Buffer | null = null
  if (op === 'upsert' && person.photo && ctx.capabilities.photo) {
    try {
      photoJpeg = await ctx.photos.read(person.photo.hash)
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      return refuse(ctx, key, null, person.version, localError(`photo: the stored photo file cannot be read (${reason}); take or import the photo again`, ctx, { messageCode: 'sync.photo_unreadable', params: { reason } }))
    }
  }
  const link = store.get<RemoteLink>('remote_links', remoteLinkKey(personId, target.id))
  const change: PushChange = { op, person, photoJpeg, remoteId: link?.remoteId ?? null, filledBefore: state.syncedFilled ?? [] }
  const issues = ctx.connector.validate(change)
  if (issues.length > 0) {
    // one coded issue (the usual case) is worded by its code; several, or an uncoded one, are kept as written
    const coded = issues.length === 1 && issues[0].messageCode ? { messageCode: issues[0].messageCode, params: issues[0].params ?? {} } : {}
    return refuse(ctx, key, null, person.version, localError(`${kindLabel(target.kind)}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, ctx, coded))
  }

  const attemptId = randomUUID()
  try {
    await store.transact((tx) => {
      const current = tx.get<SyncState>('sync', key)
      // Edited (or retried, or removed) since this attempt read it: start again from the new state.
      if (!current || current.status !== 'pending' || current.wantVersion !== person.version) throw new StaleAttempt()
      tx.put('sync', key, {
        ...current,
        want,
        inFlight: { attemptId, op: want, version: person.version, startedAt: ctx.now().toISOString() },
        remoteMayExist: current.remoteMayExist || op === 'upsert',
      } satisfies SyncState)
    })
  } catch (error) {
    if (error instanceof StaleAttempt) return { kind: 'skipped' }
    throw error
  }

  // What the push learns on the way is kept at once, so a later call of it failing does not send
  // the next attempt back to the start (e.g. Tuya's lookups once the new person's id is known).
  let known = change.remoteId
  let progressed = false
  const progress: PushProgress = {
    remoteId: (id) => {
      if (id === known) return
      known = id
      progressed = true
      if (op !== 'delete' && live) commit(ctx, (tx) => linkRemote(ctx, tx, personId, link, id))
    },
  }
  let result: Awaited<ReturnType<Connector['push']>>
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(new PushTimeout(ctx.pushTimeoutMs)), ctx.pushTimeoutMs)
  try {
    const signal = AbortSignal.any([ctx.stop, deadline.signal])
    result = await untilAborted(ctx.connector.push(change, signal, progress), signal)
  } catch (error) {
    if (ctx.stop.aborted) return park(ctx, key, attemptId)
    return recordFailure(ctx, key, attemptId, person.version, error, progressed)
  } finally {
    clearTimeout(timer)
  }

  commit(ctx, (tx) => {
    const current = tx.get<SyncState>('sync', key)
    if (!current) return
    const downgraded = op !== want ? `${kindLabel(target.kind)} cannot ${want}: ${op}d instead` : null
    const next: SyncState = {
      ...current,
      syncedOp: want,
      syncedVersion: person.version,
      syncedFilled: op === 'upsert' ? filledFields(person) : op === 'delete' ? [] : current.syncedFilled,
      inFlight: current.inFlight?.attemptId === attemptId ? null : current.inFlight,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      syncedAt: ctx.now().toISOString(),
      detail: result.detail ?? downgraded,
    }
    const settled = isSettled(next, ctx.capabilities.create)
    if (settled && !live) {
      tx.delete('sync', key) // purged and removed remotely: nothing left to show
      return
    }
    tx.put('sync', key, { ...next, status: settled ? 'synced' : 'pending' })
    if (op !== 'delete' && live) linkRemote(ctx, tx, personId, link, result.remoteId)
  })
  return { kind: 'pushed', created: result.created }
}

/** The remote id a push found or made; a user's link to that same id stays the user's. */
function linkRemote(ctx: AttemptContext, tx: Transaction, personId: string, link: RemoteLink | undefined, remoteId: string): void {
  if (link?.linkedBy === 'user' && link.remoteId === remoteId) return
  putRemoteLink(tx, { personId, targetId: ctx.target.id, remoteId, linkedBy: 'push' }, ctx.actor, ctx.now())
}

/** The state already says what the remote has (e.g. a delete of a person never sent). */
function settle(ctx: AttemptContext, key: string, version: number, want: SyncState['want']): void {
  commit(ctx, (tx) => {
    const current = tx.get<SyncState>('sync', key)
    if (!current || current.wantVersion !== version) return
    tx.put('sync', key, { ...current, want, status: 'synced', attempts: 0, nextAttemptAt: null, inFlight: null } satisfies SyncState)
  })
}

function refuse(ctx: AttemptContext, key: string, attemptId: string | null, version: number, error: SyncError): AttemptOutcome {
  let refused = false
  commit(ctx, (tx) => {
    const current = tx.get<SyncState>('sync', key)
    if (!current) return
    // A newer version may already be the fix: it is tried instead of refusing this one.
    const stale = current.wantVersion !== version || current.status !== 'pending'
    const next: SyncState = stale
      ? { ...current, inFlight: clearOwn(current, attemptId) }
      : { ...current, status: 'attention', lastError: error, nextAttemptAt: null, inFlight: clearOwn(current, attemptId) }
    tx.put('sync', key, next)
    refused = !stale
  })
  if (refused) return { kind: 'refused', error }
  return error.kind === 'local' ? { kind: 'skipped' } : { kind: 'superseded' }
}

function park(ctx: AttemptContext, key: string, attemptId: string): AttemptOutcome {
  commit(ctx, (tx) => {
    const current = tx.get<SyncState>('sync', key)
    // remoteMayExist stays true: the call may have reached the back end before it was cut off
    if (current) tx.put('sync', key, { ...current, inFlight: clearOwn(current, attemptId), nextAttemptAt: null } satisfies SyncState)
  })
  return { kind: 'parked' }
}

/**
 * A failure to retry after a backoff. An attempt that made progress (learned the remote id) does
 * not count towards the backoff: the next one comes after the base delay and starts from there.
 * Only attempts that got nowhere make the wait grow, so a back end failing one call in five is
 * not treated like one that is down.
 */
function recordFailure(ctx: AttemptContext, key: string, attemptId: string, version: number, cause: unknown, progressed: boolean): AttemptOutcome {
  const error = syncErrorOf(cause, ctx)
  if (error.kind === 'refused') {
    if (isConnectorFailure(cause) && cause.reason === 'credentials') {
      commit(ctx, (tx) => {
        const current = tx.get<SyncState>('sync', key)
        if (current) tx.put('sync', key, { ...current, lastError: error, inFlight: clearOwn(current, attemptId) } satisfies SyncState)
      })
      return { kind: 'target-refused', error }
    }
    return refuse(ctx, key, attemptId, version, error)
  }
  const retryAfterMs = isConnectorFailure(cause) ? (cause.retryAfterMs ?? 0) : 0
  commit(ctx, (tx) => {
    const current = tx.get<SyncState>('sync', key)
    if (!current) return
    const attempts = progressed ? current.attempts : current.attempts + 1
    const delay = backoffDelay(progressed ? 0 : attempts - 1, ctx.backoff, retryAfterMs, ctx.random)
    tx.put('sync', key, {
      ...current,
      attempts,
      nextAttemptAt: new Date(ctx.now().getTime() + delay).toISOString(),
      lastError: error,
      inFlight: clearOwn(current, attemptId),
    } satisfies SyncState)
  })
  const network = isConnectorFailure(cause) ? noHttpAnswer(cause) : cause instanceof PushTimeout
  return { kind: 'failed', error, network }
}

/** Applies the outcome now (the next attempt reads it); its durability is tracked, not awaited. */
function commit(ctx: AttemptContext, write: (tx: Transaction) => void): void {
  ctx.track(ctx.store.transact(write))
}

function clearOwn(state: SyncState, attemptId: string | null): SyncState['inFlight'] {
  return state.inFlight && (attemptId === null || state.inFlight.attemptId === attemptId) ? null : state.inFlight
}

function syncErrorOf(cause: unknown, ctx: AttemptContext): SyncError {
  const at = ctx.now().toISOString()
  if (isConnectorFailure(cause)) {
    return {
      kind: cause.kind,
      message: cause.message,
      ...(cause.remoteCode !== undefined ? { remoteCode: cause.remoteCode } : {}),
      ...(cause.remoteMessage !== undefined ? { remoteMessage: cause.remoteMessage } : {}),
      ...(cause.status !== undefined ? { status: cause.status } : {}),
      ...codedMessageOf(cause),
      at,
    }
  }
  // The station's own refusals (e.g. a photo that cannot be re-encoded) are final until fixed.
  if (isCoreError(cause) && cause.code === 'invalid') return { kind: 'refused', message: cause.message, ...codedMessageOf(cause), at }
  const label = kindLabel(ctx.target.kind)
  const message = cause instanceof Error ? cause.message : String(cause)
  const coded: CodedMessage =
    cause instanceof PushTimeout ? { messageCode: 'sync.push_abandoned', params: { seconds: cause.seconds } } : { messageCode: 'sync.unexpected', params: { target: label, message } }
  return { kind: 'retry', message: `${label}: ${message}`, ...coded, at }
}

function localError(message: string, ctx: AttemptContext, coded: CodedMessage = {}): SyncError {
  return { kind: 'local', message, ...coded, at: ctx.now().toISOString() }
}

class PushTimeout extends Error {
  readonly seconds: string
  constructor(ms: number) {
    const seconds = String(Number((ms / 1000).toFixed(2)))
    super(`the push took longer than ${seconds} s and was abandoned`)
    this.seconds = seconds
  }
}

/** A push that ignores its signal (stuck in non-HTTP work) must not hold a slot forever. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
