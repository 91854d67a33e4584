import type { ConnectorCapabilities, OptionalPersonField, PushOp } from '../connectors/types'
import type { Person } from '../../../common/model/person'
import type { TargetConfig } from '../../../common/targets/target-config'
import type { SyncError } from '../../../common/sync/sync-status'

export type { SyncError } from '../../../common/sync/sync-status'

/**
 * The outbox: one record per person × target (collection `sync`, key `${personId}:${targetId}`),
 * saying what the remote should become and how far it got. It is state, not a log: ten edits
 * while offline leave one record asking for the latest version.
 */
export interface SyncState {
  personId: string
  targetId: string
  /** What the remote should become: present with the latest fields, disabled, or gone. */
  want: PushOp
  /** The person version `want` refers to. */
  wantVersion: number
  /** The last push that succeeded (op and person version); 0 / null before any. */
  syncedOp: PushOp | null
  syncedVersion: number
  /**
   * The optional fields that held a value in the last upsert the target accepted: what an empty
   * field may need to clear there. Absent in records written before it was kept (taken as none).
   */
  syncedFilled?: OptionalPersonField[]
  /**
   * True once a push may have reached the remote (recorded before the call is made). While it is
   * false a delete has nothing to remove, so a create deleted before it was sent pushes nothing.
   */
  remoteMayExist: boolean
  status: SyncStatus
  /**
   * Failed attempts since the last success or the last change of the person that made no
   * progress (the backoff's exponent); one that learned something on the way is not counted.
   */
  attempts: number
  /** Not before this time (backoff, or the back end's retry hint); null: as soon as possible. */
  nextAttemptAt: string | null
  lastError: SyncError | null
  /** Written durably before the remote is called; still set after a crash means "outcome unknown". */
  inFlight: InFlight | null
  /** A purged person's last record: the delete push needs its code, and the person is gone. */
  tombstone: Person | null
  /** When this record last became pending (the age of what is waiting). */
  queuedAt: string
  syncedAt: string | null
  /** A plain note about the last outcome, e.g. "deleted before it was sent". */
  detail: string | null
}

/** `pending` includes "failing, retrying later"; `attention` is refused and waits for a person. */
export type SyncStatus = 'pending' | 'synced' | 'attention'

export interface InFlight {
  attemptId: string
  op: PushOp
  version: number
  startedAt: string
}

export function syncKey(personId: string, targetId: string): string {
  return `${personId}:${targetId}`
}

/** What the remote should become for this person now, before the target's capabilities are considered. */
export function desiredOp(person: Person, purged: boolean, target: Pick<TargetConfig, 'expiryAction'>, nowIso: string): PushOp {
  if (purged || person.deletedAt) return 'delete'
  if (person.validUntil !== null && person.validUntil <= nowIso) return target.expiryAction
  return 'upsert'
}

/**
 * The op actually sent. A back end that cannot delete but can disable (YCE) gets a disable, so a
 * deleted or expired person still loses access; one that can do neither keeps the delete, which
 * its connector refuses with the reason ("do it in ISDP itself"), so a person sees it.
 */
export function effectiveOp(op: PushOp, capabilities: Pick<ConnectorCapabilities, 'delete' | 'disable'>): PushOp {
  if (op === 'delete' && !capabilities.delete && capabilities.disable) return 'disable'
  return op
}

/**
 * Nothing left to push. Disable and delete of a person the remote never heard of need no call —
 * unless the back end cannot create (ISDP, HYAPI, YCE): there the record exists independently of us.
 */
export function isSettled(state: Pick<SyncState, 'want' | 'wantVersion' | 'syncedOp' | 'syncedVersion' | 'remoteMayExist'>, createsRemote: boolean): boolean {
  const mayExist = state.remoteMayExist || !createsRemote
  if (state.want === 'delete') return state.syncedOp === 'delete' || !mayExist
  if (state.want === 'disable' && !mayExist) return true
  return state.syncedOp === state.want && state.syncedVersion === state.wantVersion
}

export interface PersonSide {
  /** The person as it is now, or (purged) as it was last. */
  person: Person
  purged: boolean
}

/**
 * The outbox record after a person change (or an expiry, or a target change). Returns null when
 * no record is needed (a new person that needs nothing, a purged one with nothing to remove).
 */
export function evolve(
  previous: SyncState | undefined,
  side: PersonSide,
  target: Pick<TargetConfig, 'id' | 'expiryAction'>,
  createsRemote: boolean,
  nowIso: string,
): SyncState | null {
  const { person, purged } = side
  const want = desiredOp(person, purged, target, nowIso)
  const base: SyncState = previous ?? {
    personId: person.id,
    targetId: target.id,
    want,
    wantVersion: person.version,
    syncedOp: null,
    syncedVersion: 0,
    remoteMayExist: false,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    inFlight: null,
    tombstone: null,
    queuedAt: nowIso,
    syncedAt: null,
    detail: null,
  }
  const next: SyncState = { ...base, want, wantVersion: person.version, tombstone: purged ? person : null }
  if (isSettled(next, createsRemote)) {
    if (!previous || purged) return null
    const neverSent = !next.remoteMayExist && next.syncedOp === null
    return {
      ...next,
      status: 'synced',
      attempts: 0,
      nextAttemptAt: null,
      detail: neverSent && want !== 'upsert' ? `${want === 'delete' ? 'deleted' : 'disabled'} before it was sent: nothing to push` : next.detail,
    }
  }
  const changed = !previous || previous.want !== want || previous.wantVersion !== person.version
  // a purge while the delete is still waiting: same want and version, but it now needs the tombstone
  if (!changed && previous.status !== 'synced') return purged && !previous.tombstone ? { ...previous, tombstone: person } : previous
  // A person who was refused gets another chance when edited (the edit may be the fix); one
  // failing on a dead network keeps its backoff so an edit does not hammer the back end.
  const fresh = !previous || previous.status !== 'pending'
  return {
    ...next,
    status: 'pending',
    attempts: fresh ? 0 : next.attempts,
    nextAttemptAt: fresh ? null : next.nextAttemptAt,
    queuedAt: fresh ? nowIso : next.queuedAt,
    detail: null,
  }
}

/** A record the user asked to push again (retry, or a target's mapping changed). */
export function requeued(state: SyncState, nowIso: string, options: { forceRepush?: boolean } = {}): SyncState {
  return {
    ...state,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    queuedAt: state.status === 'pending' ? state.queuedAt : nowIso,
    // Forget the last success so the same version is sent again (a mapping or URL change).
    ...(options.forceRepush ? { syncedOp: null, syncedVersion: 0 } : {}),
    detail: null,
  }
}
