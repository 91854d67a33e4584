import type { Store, Transaction } from '../store/store'
import type { Person } from '../../../common/model/person'
import type { SiteJoinReport } from '../../../common/site/site-status'
import { docId, recordOf, stampOf, type RegisterDoc } from './documents'
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
 * Retiring a record here is not a purge: no audit "purge", no delete for the back ends (the
 * same person goes on under the site's id), and its outbox records go with it.
 */
export async function prepareJoin(deps: {
  store: Store
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
  if (mode === 'replace') {
    const groups = [...store.values<{ id: string }>('groups')].map((group) => group.id)
    await store.transact((tx) => {
      retire(tx, store, local.map((person) => person.id))
      for (const id of groups) tx.delete('groups', id)
      tx.audit({ entity: 'site', entityId: 'register', action: 'replace', actor: deskId, changes: { persons: [local.length, 0], groups: [groups.length, 0] } })
    })
    return { mode, uploaded: 0, replaced: local.length, duplicates: [] }
  }
  const duplicates: SiteJoinReport['duplicates'] = []
  const merged: RegisterDoc[] = []
  for (const person of local) {
    const site = siteByCode.get(person.code.toLowerCase())
    if (!site || String(site.record.id) === person.id) continue
    const siteId = String(site.record.id)
    merged.push({ ...mergeLeaves([site, leafFromLocal({ ...person, id: siteId }, deskId)]).doc, _id: docId('person', siteId), _rev: site._rev })
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
  return { mode, uploaded: local.length - duplicates.length, replaced: 0, duplicates }
}

/** A desk's person as one more leaf of the site's document: every field stamped with its last save here. */
function leafFromLocal(person: Person, deskId: string): RegisterDoc {
  const stamp = stampOf(person.updatedAt, deskId)
  const record = { ...person } as unknown as Record<string, unknown>
  const fieldAt = Object.fromEntries(Object.keys(record).filter((key) => key !== 'id' && key !== 'version' && key !== 'groups').map((key) => [key, stamp]))
  const groupsAt = Object.fromEntries(person.groups.map((group) => [group, { in: true, at: stamp }]))
  return { _id: docId('person', person.id), _rev: `0-${deskId}`, kind: 'person', record, fieldAt, groupsAt, removedAt: null, desk: deskId }
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
