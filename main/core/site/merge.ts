import { membersOf, removedDoc, type GroupMembership, type RegisterDoc } from './documents'

/**
 * The site's conflict rules, one pure function: every desk that sees the same leaf revisions
 * computes the same record, whatever order they arrived in.
 *
 *  1. removed (purged) on any side → stays removed; moved to the recycle bin on one side and
 *     edited on another → stays in the bin (the bin is a stamped field: only a later restore
 *     takes the person out);
 *  2. blacklist wins over any other type (with the reason of the latest blacklist side);
 *  3. group membership merged group by group (the latest stamp per group);
 *  4. every other field: the value with the latest stamp;
 *  5. operators: a disable wins over an enable made apart (the account stays disabled until an
 *     administrator enables it again, seeing both).
 *
 * `dropped` lists the edits a removal overrode, for the audit trail.
 */
export interface MergeResult {
  doc: RegisterDoc
  dropped: Array<{ desk: string; fields: Record<string, unknown> }>
}

export function mergeLeaves(leaves: RegisterDoc[]): MergeResult {
  if (leaves.length === 0) throw new Error('mergeLeaves: no revisions')
  // a fixed order first, so ties and "first seen" never depend on arrival order
  const ordered = [...leaves].sort((a, b) => (a._rev ?? '').localeCompare(b._rev ?? ''))
  const first = ordered[0]
  const record: Record<string, unknown> = {}
  const fieldAt: Record<string, string> = {}
  for (const leaf of ordered) {
    for (const [field, stamp] of Object.entries(leaf.fieldAt)) {
      if (fieldAt[field] === undefined || stamp > fieldAt[field]) {
        fieldAt[field] = stamp
        record[field] = leaf.record[field]
      }
    }
  }
  record.id = first.record.id
  record.version = Math.max(...ordered.map((leaf) => Number(leaf.record.version ?? 0)))

  const removals = ordered.map((leaf) => leaf.removedAt).filter((stamp): stamp is string => Boolean(stamp))
  const removedAt = removals.length ? removals.sort()[0] : null
  const dropped: MergeResult['dropped'] = []

  if (first.kind === 'person') {
    const groupsAt: Record<string, GroupMembership> = {}
    for (const leaf of ordered) {
      for (const [group, membership] of Object.entries(leaf.groupsAt ?? {})) {
        const known = groupsAt[group]
        if (!known || membership.at > known.at || (membership.at === known.at && membership.in && !known.in)) groupsAt[group] = membership
      }
    }
    const blacklisted = ordered.filter((leaf) => leaf.record.type === 'blacklist')
    if (blacklisted.length) {
      record.type = 'blacklist'
      const latest = blacklisted.reduce((a, b) => ((b.fieldAt.reason ?? '') > (a.fieldAt.reason ?? '') ? b : a))
      if (typeof record.reason !== 'string' || !record.reason.trim()) {
        record.reason = latest.record.reason
        fieldAt.reason = latest.fieldAt.reason ?? fieldAt.reason
      }
    }
    // the bin is a field like any other (a later restore wins), so an edit made elsewhere while the
    // person was being deleted does not bring them back; it is reported for the audit trail
    if (typeof record.deletedAt === 'string' && record.deletedAt) {
      for (const leaf of ordered) {
        if (!leaf.record.deletedAt) dropped.push({ desk: leaf.desk, fields: editedSince(leaf, fieldAt.deletedAt ?? record.deletedAt) })
      }
    }
    record.groups = membersOf(groupsAt)
    return finish({ ...first, record, fieldAt, groupsAt, removedAt }, ordered, removedAt, dropped)
  }
  if (first.kind === 'operator') {
    const disabling = ordered.filter((leaf) => leaf.record.disabled === true)
    if (disabling.length && disabling.length < ordered.length) {
      record.disabled = true
      fieldAt.disabled = ordered.map((leaf) => leaf.fieldAt.disabled ?? '').reduce((a, b) => (b > a ? b : a))
    }
  }
  return finish({ ...first, record, fieldAt, removedAt }, ordered, removedAt, dropped)
}

function finish(doc: RegisterDoc, ordered: RegisterDoc[], removedAt: string | null, dropped: MergeResult['dropped']): MergeResult {
  if (removedAt) {
    // which fields the removal overrode, never their values: the record is gone for good
    for (const leaf of ordered) {
      if (!leaf.removedAt) dropped.push({ desk: leaf.desk, fields: Object.fromEntries(Object.keys(editedSince(leaf, removedAt)).map((field) => [field, null])) })
    }
  }
  const merged: RegisterDoc = removedAt ? removedDoc(doc) : { ...doc }
  delete merged._conflicts
  delete merged._rev
  // the desk that wrote the merge is not part of it: every desk must compute the very same document
  merged.desk = 'merge'
  return { doc: merged, dropped: dropped.filter((entry) => Object.keys(entry.fields).length > 0) }
}

/** The fields a side edited at or after a removal: what the removal overrides. */
function editedSince(leaf: RegisterDoc, stamp: string): Record<string, unknown> {
  const at = stamp.split('|')[0]
  const fields: Record<string, unknown> = {}
  for (const [field, fieldStamp] of Object.entries(leaf.fieldAt)) {
    if (fieldStamp.split('|')[0] >= at && field !== 'updatedAt' && field !== 'updatedBy') fields[field] = leaf.record[field]
  }
  return fields
}
