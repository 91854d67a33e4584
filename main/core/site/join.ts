import type { Store, Transaction } from '../store/store'
import type { TargetService } from '../targets/target-service'
import type { Person } from '../../../common/model/person'
import type { TargetConfig } from '../../../common/targets/target-config'
import type { SiteJoinReport } from '../../../common/site/site-status'
import { docId, patchDoc, recordOf, siteRecord, stampOf, type RegisterDoc } from './documents'
import { mergeLeaves } from './merge'

/**
 * The desk's side of joining, once the site's register has been pulled into the local register
 * database and before the bridge starts:
 *
 * - upload: the desk's persons go up (the bridge's first pass exports every record the site does
 *   not have); a person whose code the site already gives to another id is merged into the
 *   site's person by the site's rules (the later edit of each field wins, groups joined) and the
 *   desk's copy is retired, so the code stays one person. Each such pair is reported.
 * - replace: the desk's persons and groups are retired and the site's arrive in their place.
 *
 * Back ends (`joinTargets`): upload sends the desk's up; one the site has under the same id is
 * merged by the rules (the later edit of each field, group mappings group by group). Replace
 * retires the desk's and takes the site's. The desk's secrets stay only for a site back end of
 * the same id, kind and address (the same back end); any other arrives needing secrets here.
 *
 * Retiring a record here is not a purge: no audit "purge", no delete for the back ends (the
 * same person goes on under the site's id), and its outbox records go with it.
 */
export async function prepareJoin(deps: {
  store: Store
  targets: TargetService
  deskId: string
  register: PouchDB.Database
  mode: 'upload' | 'replace'
}): Promise<Omit<SiteJoinReport, 'url' | 'deskId'>> {
  const { store, register, deskId, mode } = deps
  const { rows } = await register.allDocs({ include_docs: true, startkey: 'person:', endkey: 'person:\ufff0' })
  const siteByCode = new Map<string, RegisterDoc>()
  for (const row of rows) {
    const doc = row.doc as unknown as RegisterDoc
    const record = recordOf(doc)
    if (record) siteByCode.set(String(record.code).toLowerCase(), doc)
  }
  const local = [...store.values<Person>('persons')]
  const targets = await joinTargets(deps)
  if (mode === 'replace') {
    const groups = [...store.values<{ id: string }>('groups')].map((group) => group.id)
    await store.transact((tx) => {
      retire(tx, store, local.map((person) => person.id))
      for (const id of groups) tx.delete('groups', id)
      tx.audit({ entity: 'site', entityId: 'register', action: 'replace', actor: deskId, changes: { persons: [local.length, 0], groups: [groups.length, 0] } })
    })
    return { mode, uploaded: 0, replaced: local.length, duplicates: [], targets }
  }
  const duplicates: SiteJoinReport['duplicates'] = []
  const merged: RegisterDoc[] = []
  for (const person of local) {
    const site = siteByCode.get(person.code.toLowerCase())
    if (!site || String(site.record.id) === person.id) continue
    const siteId = String(site.record.id)
    merged.push({ ...mergeLeaves([site, leafFromLocal('person', { ...person, id: siteId } as unknown as Record<string, unknown>, person.updatedAt, deskId)]).doc, _id: docId('person', siteId), _rev: site._rev })
    duplicates.push({ code: person.code, localId: person.id, siteId })
  }
  if (merged.length) await register.bulkDocs(merged)
  if (duplicates.length) {
    await store.transact((tx) => {
      retire(tx, store, duplicates.map((entry) => entry.localId))
      for (const { localId, siteId, code } of duplicates) {
        tx.audit({ entity: 'person', entityId: localId, action: 'site-merge', actor: deskId, changes: { id: [localId, siteId], code: [code, code] } })
      }
    })
  }
  return { mode, uploaded: local.length - duplicates.length, replaced: 0, duplicates, targets }
}

/** The desk's back ends at join (see above); what goes up new is exported by the bridge's first pass. */
async function joinTargets(deps: { store: Store; targets: TargetService; deskId: string; register: PouchDB.Database; mode: 'upload' | 'replace' }): Promise<SiteJoinReport['targets']> {
  const { store, targets, deskId, register, mode } = deps
  const { rows } = await register.allDocs({ include_docs: true, startkey: 'target:', endkey: 'target:\ufff0' })
  const site = new Map(rows.map((row) => [row.id, row.doc as unknown as RegisterDoc]))
  const report = { uploaded: 0, merged: 0, replaced: 0 }
  const writes: RegisterDoc[] = []
  const retired: TargetConfig[] = []
  const secretsGo = new Set<string>()
  for (const target of targets.list()) {
    const doc = site.get(docId('target', target.id))
    const siteTarget = doc ? (recordOf(doc) as Partial<TargetConfig> | null) : null
    if (mode === 'replace' || (siteTarget && siteTarget.kind !== target.kind)) {
      retired.push(target)
      if (!siteTarget || !sameBackEnd(siteTarget, target)) secretsGo.add(target.id)
      report.replaced++
    } else if (siteTarget) {
      const merged = mergeLeaves([doc!, leafFromLocal('target', target as unknown as Record<string, unknown>, target.updatedAt, deskId)]).doc
      writes.push({ ...merged, _id: doc!._id, _rev: doc!._rev })
      if (!sameBackEnd(recordOf(merged) as Partial<TargetConfig>, target)) secretsGo.add(target.id)
      report.merged++
    } else {
      // the site removed a back end of this id once: the desk's is another, and starts afresh
      if (doc) writes.push({ ...patchDoc(null, 'target', target.id, { before: undefined, after: siteRecord('target', target as unknown as Record<string, unknown>) }, stampOf(target.updatedAt, deskId), deskId), _rev: doc._rev })
      report.uploaded++
    }
  }
  if (writes.length) await register.bulkDocs(writes)
  if (retired.length) await store.transact((tx) => retired.forEach((target) => targets.removeInside(tx, target, 'site-replace', deskId)))
  // a merged back end stays on the desk, so its secrets are dropped, not merely forgotten once it is gone
  for (const id of secretsGo) await targets.dropSecrets(id)
  return report
}

/** Secrets typed for one back end are used for another only when it is the same kind at the same address. */
function sameBackEnd(a: Partial<TargetConfig>, b: TargetConfig): boolean {
  return a.kind === b.kind && a.baseUrl === b.baseUrl
}

/** A desk's record as one more leaf of the site's document: every field stamped with its last save here. */
function leafFromLocal(kind: 'person' | 'target', local: Record<string, unknown>, savedAt: string, deskId: string): RegisterDoc {
  const stamp = stampOf(savedAt, deskId)
  const record = siteRecord(kind, { ...local })
  const fieldAt = Object.fromEntries(Object.keys(record).filter((key) => key !== 'id' && key !== 'version' && key !== 'groups').map((key) => [key, stamp]))
  const groupsAt = kind === 'person' ? { groupsAt: Object.fromEntries((local.groups as string[]).map((group) => [group, { in: true, at: stamp }])) } : {}
  return { _id: docId(kind, String(local.id)), _rev: `0-${deskId}`, kind, record, fieldAt, ...groupsAt, removedAt: null, desk: deskId }
}

/** Takes persons out of the register with their outbox and remote links (one pass over those, whatever the count). */
function retire(tx: Transaction, store: Store, personIds: Iterable<string>): void {
  const retired = new Set(personIds)
  for (const id of retired) tx.delete('persons', id)
  for (const collection of ['sync', 'remote_links'] as const) {
    for (const record of store.values<{ personId?: string; targetId?: string }>(collection)) {
      if (record.personId && retired.has(record.personId)) tx.delete(collection, `${record.personId}:${record.targetId}`)
    }
  }
}
