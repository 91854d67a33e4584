import { createHash } from 'node:crypto'
import { filledFields, type PushOp } from '../../connectors/types'
import type { Person } from '../../../../common/model/person'
import { remoteLinkKey, type RemoteLink, type TargetConfig } from '../../../../common/targets/target-config'
import type { Transaction } from '../../store/store'
import { isSettled, syncKey, type SyncState } from '../../sync/state'
import { putRemoteLink } from '../../targets/target-service'
import type { HubDocument } from './hub-documents'

/**
 * What the pusher did for one person on one back end, written by the lease holder to the site's
 * push database (`push:<targetId>:<personId>`) so that every desk shows it and the next holder
 * knows what was already pushed.
 */
export interface PushStateDocument extends HubDocument {
  type: 'push-state'
  targetId: string
  personId: string
  code: string | null
  remoteId: string | null
  /** The last op the back end accepted (null: nothing accepted yet, e.g. refused at once). */
  op: PushOp | null
  /** `personFingerprint` of the person as pushed (or refused); null when the push was of an older version. */
  fingerprint: string | null
  status: 'synced' | 'attention' | 'pending'
  attention: { message: string; remoteCode?: string | number } | null
  pushedAt: string | null
  /** The lease term of the writer: a deposed holder's late write never replaces a newer term's. */
  term: number
  desk: string
}

export function pushStateId(targetId: string, personId: string): string {
  return `push:${targetId}:${personId}`
}

export function pushStatePrefix(targetId: string): string {
  return `push:${targetId}:`
}

/**
 * What a back end receives of a person, hashed. Each desk keeps its own local `version` and
 * bookkeeping stamps for the same replicated record, so the content, not the number, tells
 * whether the version a desk has is the one that was pushed.
 */
export function personFingerprint(person: Person): string {
  const { version: _version, updatedAt: _updatedAt, updatedBy: _updatedBy, createdAt: _createdAt, createdBy: _createdBy, deletedAt, photo, ...content } = person
  const pushed = { ...content, deleted: deletedAt !== null, photo: photo?.hash ?? null }
  return createHash('sha256').update(stableJson(pushed)).digest('hex')
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * The document for a record of the holder's outbox, or null when there is nothing to tell yet
 * (nothing accepted, nothing refused). A record still pending after a success (the person was
 * edited meanwhile) tells the remote id and op but no fingerprint: that version must go again.
 */
export function pushStateFor(state: SyncState, person: Person | undefined, link: RemoteLink | undefined, term: number, desk: string): PushStateDocument | null {
  if (state.syncedOp === null && state.status !== 'attention' && !link) return null
  const current = person && person.version === state.wantVersion ? person : undefined
  const settledNow = state.status === 'synced' && state.syncedVersion === state.wantVersion
  const refusedNow = state.status === 'attention'
  return {
    _id: pushStateId(state.targetId, state.personId),
    type: 'push-state',
    targetId: state.targetId,
    personId: state.personId,
    code: (person ?? state.tombstone)?.code ?? null,
    remoteId: link?.remoteId ?? null,
    op: state.syncedOp,
    fingerprint: current && (settledNow || refusedNow) ? personFingerprint(current) : null,
    status: settledNow ? 'synced' : refusedNow ? 'attention' : 'pending',
    attention: refusedNow && state.lastError ? { message: state.lastError.message, ...(state.lastError.remoteCode !== undefined ? { remoteCode: state.lastError.remoteCode } : {}) } : null,
    pushedAt: state.syncedAt,
    term,
    desk,
  }
}

/** Whether the document says something different from what the hub already has (ignoring who wrote it when). */
export function samePushState(a: PushStateDocument, b: PushStateDocument): boolean {
  return a.remoteId === b.remoteId && a.op === b.op && a.fingerprint === b.fingerprint && a.status === b.status && a.attention?.message === b.attention?.message
}

export interface ApplyContext {
  target: TargetConfig
  createsRemote: boolean
  nowIso: string
  actor: string
}

/**
 * Brings this desk's outbox record of one person in line with a push-state document: the remote
 * id becomes its link; the version the document was pushed with (matched by content) is synced or
 * needs attention; anything else is pending, and marked as possibly on the remote so a later
 * delete or disable is really sent. Returns whether it wrote anything.
 */
export function applyPushState(tx: Transaction, doc: PushStateDocument, ctx: ApplyContext): boolean {
  const key = syncKey(doc.personId, doc.targetId)
  const state = tx.get<SyncState>('sync', key)
  const person = tx.get<Person>('persons', doc.personId)
  let wrote = false
  if (person && doc.remoteId) {
    const link = tx.get<RemoteLink>('remote_links', remoteLinkKey(doc.personId, doc.targetId))
    if (!link || (link.remoteId !== doc.remoteId && link.linkedBy !== 'user')) {
      putRemoteLink(tx, { personId: doc.personId, targetId: doc.targetId, remoteId: doc.remoteId, linkedBy: 'push' }, ctx.actor, new Date(ctx.nowIso))
      wrote = true
    }
  }
  if (!state || state.inFlight) return wrote
  const subject = person ?? state.tombstone
  const matches = subject !== null && subject !== undefined && doc.fingerprint !== null && doc.fingerprint === personFingerprint(subject) && state.wantVersion === subject.version
  const onRemote = doc.op !== null && doc.op !== 'delete'
  const base: SyncState = {
    ...state,
    remoteMayExist: state.remoteMayExist || onRemote || doc.remoteId !== null,
    syncedOp: doc.op ?? state.syncedOp,
    // local versions differ between desks: only a content match says which one was pushed
    syncedVersion: matches ? state.wantVersion : 0,
  }
  let next: SyncState
  if (matches && doc.status === 'attention') {
    next = { ...base, status: 'attention', nextAttemptAt: null, lastError: { kind: 'refused', message: doc.attention?.message ?? '', ...(doc.attention?.remoteCode !== undefined ? { remoteCode: doc.attention.remoteCode } : {}), at: doc.pushedAt ?? ctx.nowIso } }
  } else if (matches && doc.status === 'synced' && doc.op === state.want) {
    next = {
      ...base,
      status: 'synced',
      syncedFilled: doc.op === 'upsert' && person ? filledFields(person) : base.syncedFilled,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      syncedAt: doc.pushedAt,
      detail: null,
    }
  } else if (isSettled(base, ctx.createsRemote)) {
    // e.g. the delete this desk still waits to send was already done by the holder
    next = { ...base, status: 'synced', attempts: 0, nextAttemptAt: null, lastError: null, syncedAt: doc.pushedAt ?? state.syncedAt }
  } else {
    const fresh = state.status !== 'pending'
    next = { ...base, status: 'pending', ...(fresh ? { attempts: 0, nextAttemptAt: null, queuedAt: ctx.nowIso, detail: null } : {}) }
  }
  if (sameState(state, next)) return wrote
  tx.put('sync', key, next)
  return true
}

function sameState(a: SyncState, b: SyncState): boolean {
  return (
    a.status === b.status &&
    a.syncedOp === b.syncedOp &&
    a.syncedVersion === b.syncedVersion &&
    a.remoteMayExist === b.remoteMayExist &&
    a.lastError?.message === b.lastError?.message
  )
}
