import type { Person } from '../../../common/model/person'

/**
 * The shape of a register record in a site database, and how a local edit becomes a patch of it.
 * Every field carries the stamp of its last edit (`ISO time|deskId`, compared as a string: the
 * latest edit wins, ties broken by desk id), so the merge of two desks' revisions is the same on
 * every desk. A removal (purge, group delete) is a field too (`removedAt`), never a CouchDB
 * delete, so a removal and an edit made apart meet as an ordinary conflict.
 */

export type RegisterKind = 'person' | 'group' | 'setting' | 'operator' | 'target'

/** Local collection of each kind, and which setting records are the site's (the backup folder stays on the desk). */
export const KIND_COLLECTION = { person: 'persons', group: 'groups', setting: 'settings', operator: 'operators', target: 'targets' } as const
export const SITE_SETTING_IDS = new Set(['capture'])

/**
 * Fields of a record that stay on the desk: an operator's wrong-password count and lock-out are
 * this desk's (a guesser at one desk does not lock the account at every desk, and a count never
 * travels as a per-field conflict); the account itself (name, role, disabled, password hash with
 * its parameters) is the site's.
 */
const DESK_LOCAL_FIELDS: Partial<Record<RegisterKind, readonly string[]>> = { operator: ['failedAttempts', 'lockedUntil'] }

/** The part of a local record the site keeps (a back end's settings and mapping one stamped field per entry). */
export function siteRecord<T extends Record<string, unknown> | undefined>(kind: RegisterKind, record: T): T {
  if (record && kind === 'target') return flattenTarget(record) as T
  const local = DESK_LOCAL_FIELDS[kind]
  if (!record || !local) return record
  const copy: Record<string, unknown> = { ...record }
  for (const field of local) delete copy[field]
  return copy as T
}

/** The record as the local register keeps it: the desk-local fields from the desk's own copy (defaults when it had none). */
export function withDeskLocalFields(kind: RegisterKind, record: Record<string, unknown>, current: Record<string, unknown> | undefined): Record<string, unknown> {
  if (kind === 'target') return unflattenTarget(record)
  if (kind !== 'operator') return record
  return { ...record, failedAttempts: current?.failedAttempts ?? 0, lockedUntil: current?.lockedUntil ?? null }
}

/**
 * A back end as the site keeps it: each setting (`settings.<key>`), each part of the mapping
 * (`mapping.types`, `mapping.genders`, …) and each group's mapping (`mapping.groups.<groupId>`) is
 * a field of its own with its own stamp, so a group mapped at one desk and a rate limit changed at
 * another both stand. A key that goes away is a field whose value is gone (its stamp stays). The
 * secrets are never part of it: they are in the desk's vault, not in the target record.
 */
const TARGET_SETTING = 'settings.'
const TARGET_MAPPING = 'mapping.'
const TARGET_GROUP_MAPPING = 'mapping.groups.'

function flattenTarget(record: Record<string, unknown>): Record<string, unknown> {
  const { settings, mapping, ...rest } = record as { settings?: Record<string, unknown>; mapping?: Record<string, unknown> }
  const flat: Record<string, unknown> = { ...rest }
  for (const [key, value] of Object.entries(settings ?? {})) flat[TARGET_SETTING + key] = value
  const { groups, ...parts } = mapping ?? {}
  for (const [key, value] of Object.entries(parts)) flat[TARGET_MAPPING + key] = value
  for (const [key, value] of Object.entries((groups as Record<string, unknown> | undefined) ?? {})) flat[TARGET_GROUP_MAPPING + key] = value
  return flat
}

function unflattenTarget(flat: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {}
  const settings: Record<string, unknown> = {}
  const groups: Record<string, unknown> = {}
  const mapping: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(flat)) {
    if (value === undefined) continue
    if (key.startsWith(TARGET_SETTING)) settings[key.slice(TARGET_SETTING.length)] = value
    else if (key.startsWith(TARGET_GROUP_MAPPING)) groups[key.slice(TARGET_GROUP_MAPPING.length)] = value
    else if (key.startsWith(TARGET_MAPPING)) mapping[key.slice(TARGET_MAPPING.length)] = value
    else record[key] = value
  }
  return { ...record, settings, mapping: { ...mapping, groups } }
}

export interface GroupMembership {
  in: boolean
  at: string
}

export interface RegisterDoc {
  _id: string
  _rev?: string
  _conflicts?: string[]
  kind: RegisterKind
  /** The record as the local register keeps it (persons: `groups` follows `groupsAt`). */
  record: Record<string, unknown>
  fieldAt: Record<string, string>
  /** Persons only: the membership set, merged element by element. */
  groupsAt?: Record<string, GroupMembership>
  /** A stamp when the record was removed everywhere (person purge, group delete). */
  removedAt: string | null
  /** The desk that wrote this revision. */
  desk: string
}

/** Fields never compared or stamped: the local id is the document id, versions count each desk's own edits. */
const UNSTAMPED = new Set(['id', 'version', 'groups'])

export function docId(kind: RegisterKind, id: string): string {
  return `${kind}:${id}`
}

export function parseDocId(docIdText: string): { kind: RegisterKind; id: string } | null {
  const colon = docIdText.indexOf(':')
  if (colon < 0) return null
  const kind = docIdText.slice(0, colon)
  if (!Object.hasOwn(KIND_COLLECTION, kind)) return null
  return { kind: kind as RegisterKind, id: docIdText.slice(colon + 1) }
}

export function stampOf(at: string, deskId: string): string {
  return `${at}|${deskId}`
}

/** The record a document stands for, as the local register should hold it (null: removed). */
export function recordOf(doc: RegisterDoc): Record<string, unknown> | null {
  if (doc.removedAt) return null
  if (doc.kind !== 'person') return doc.record
  return { ...doc.record, groups: membersOf(doc.groupsAt ?? {}) }
}

export function membersOf(groupsAt: Record<string, GroupMembership>): string[] {
  return Object.keys(groupsAt)
    .filter((id) => groupsAt[id].in)
    .sort()
}

/** Same content, whatever each desk's version number and the order of the groups. */
export function sameRecord(a: Record<string, unknown> | null | undefined, b: Record<string, unknown> | null | undefined): boolean {
  if (!a || !b) return !a && !b
  return comparable(a) === comparable(b)
}

function comparable(record: Record<string, unknown>): string {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(record).sort()) {
    if (key === 'version') continue
    copy[key] = key === 'groups' && Array.isArray(record[key]) ? [...(record[key] as string[])].sort() : record[key]
  }
  return JSON.stringify(copy)
}

function changedFields(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(after), ...Object.keys(before ?? {})])
  return [...keys].filter((key) => !UNSTAMPED.has(key) && (!before || JSON.stringify(before[key]) !== JSON.stringify(after[key])))
}

/**
 * A local change applied to the site's document: only the fields that changed between `before`
 * and `after` are written (with this edit's stamp), so a field another desk edited meanwhile
 * keeps its value. `after` undefined: the record was removed here.
 */
export function patchDoc(
  current: RegisterDoc | null,
  kind: RegisterKind,
  id: string,
  change: { before: Record<string, unknown> | undefined; after: Record<string, unknown> | undefined },
  stamp: string,
  deskId: string,
): RegisterDoc {
  // a back end or group added under the id of one the site removed is another one (their ids come
  // from names people type); a purged person is never brought back
  const readded = (kind === 'target' || kind === 'group') && Boolean(current?.removedAt) && !change.before && Boolean(change.after)
  const base: RegisterDoc =
    current && !readded
      ? { ...current, record: { ...current.record }, fieldAt: { ...current.fieldAt }, ...(current.groupsAt ? { groupsAt: { ...current.groupsAt } } : {}) }
      : { _id: docId(kind, id), ...(current?._rev ? { _rev: current._rev } : {}), kind, record: {}, fieldAt: {}, ...(kind === 'person' ? { groupsAt: {} } : {}), removedAt: null, desk: deskId }
  delete base._conflicts
  base.desk = deskId
  if (!change.after) {
    base.removedAt ??= stamp
    return removedDoc(base)
  }
  // a document written before this desk knew the record: every field is this edit's
  const before = current && !readded ? change.before : undefined
  for (const field of changedFields(before, change.after)) {
    base.record[field] = change.after[field]
    base.fieldAt[field] = stamp
  }
  base.record.id = id
  base.record.version = Math.max(Number(base.record.version ?? 0), Number(change.after.version ?? 0))
  if (kind === 'person') {
    const was = new Set(before ? ((before.groups as string[] | undefined) ?? []) : [])
    const now = new Set((change.after.groups as string[] | undefined) ?? [])
    const groupsAt = base.groupsAt ?? {}
    for (const group of now) if (!was.has(group) || !groupsAt[group]?.in) groupsAt[group] = { in: true, at: stamp }
    for (const group of was) if (!now.has(group)) groupsAt[group] = { in: false, at: stamp }
    base.groupsAt = groupsAt
    base.record.groups = membersOf(groupsAt)
  }
  return base
}

/**
 * A removed record's document keeps only what the merge needs (the id, the removal's stamp, the
 * highest version): a purged person's fields must not travel on in the site's latest revisions.
 */
export function removedDoc(doc: RegisterDoc): RegisterDoc {
  const removed: RegisterDoc = { ...doc, record: { id: doc.record.id, version: doc.record.version }, fieldAt: {} }
  if (doc.kind === 'person') removed.groupsAt = {}
  return removed
}

/** The local person a document stands for, with this desk's next version number. */
export function personFromDoc(doc: RegisterDoc, localVersion: number | undefined): Person | null {
  const record = recordOf(doc)
  if (!record) return null
  return { ...(record as unknown as Person), version: (localVersion ?? 0) + 1 }
}
