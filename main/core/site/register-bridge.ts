import { access } from 'node:fs/promises'
import type { Change, Store, Transaction } from '../store/store'
import type { PersonService } from '../persons/person-service'
import type { TargetService } from '../targets/target-service'
import { TargetConfigSchema, type TargetConfig } from '../../../common/targets/target-config'
import type { Person } from '../../../common/model/person'
import { diffFields } from '../audit/diff'
import { photoPath, readPhotoFile, savePhotoFile } from '../photos/photo-files'
import { docId, KIND_COLLECTION, parseDocId, patchDoc, personFromDoc, recordOf, sameRecord, siteRecord, SITE_SETTING_IDS, stampOf, withDeskLocalFields, type RegisterDoc, type RegisterKind } from './documents'
import { mergeLeaves, type MergeResult } from './merge'
import { owePersonsErasure } from '../persons/retention'
import { owedErasures } from '../store/erase-traces'
import { SITE_DATABASES, type SiteDatabaseName } from './site-config'
import { noteScrubOwed } from './level-scrub'
import { compactRemote, noteHubCompactionOwed } from './hub-compaction'
import type { HubCompactionOwed } from '../../../common/site/site-status'

/**
 * Keeps the desk's lowdb register and the site's PouchDB register in step.
 *
 * Export: every change the store applies to persons, groups or the site's settings becomes a
 * per-field patch of its document (after it is durable), with an entry in the site's audit trail
 * and the person's photo in the photos database. Import: the register database's changes, from a
 * durable checkpoint, are applied to the store in one transaction per batch (persons through
 * PersonService.putReplicated, so the outbox, search and face index follow); conflicting
 * revisions are merged by the site's rules, and the resolver writes the merge. What the bridge
 * applies itself is never exported again, and a record with a local change still waiting to be
 * exported is left for the next pass, so a remote revision never overwrites a newer local edit.
 */

const CHECKPOINT_ID = '_local/site-bridge'
const BATCH = 250
const EXPORT_BATCH = 1000
/** Register documents read at once when looking for other users of a removed person's photo. */
const SCAN_PAGE = 2000
/** How long a removal's compaction waits for the hub's answer, and for the hub to finish. */
const HUB_COMPACTION_WAIT_MS = 30_000
/** How long closing waits for the hub to answer a compaction under way. */
const CLOSE_GRACE_MS = 5_000

export interface RegisterBridgeDeps {
  dataDir: string
  deskId: string
  store: Store
  persons: PersonService
  /** Back ends with their group mappings are the site's; their secrets stay in each desk's vault. */
  targets: TargetService
  databases: Record<SiteDatabaseName, PouchDB.Database>
  /** The site's photos database, asked directly when a person arrives before their photo. */
  remotePhotos?: () => PouchDB.Database
  /** A site database on the hub (compaction after a removal). */
  remoteDatabase?: (name: SiteDatabaseName) => PouchDB.Database
  isResolver: () => boolean
  /**
   * Erases what is left of persons removed on the site (photo files, face descriptors, the
   * register's older copies) as a local purge does: VisitorRetention.eraseRemains. The
   * transaction that removes them notes them as owed first.
   */
  eraseRemains: (persons: Person[]) => Promise<unknown>
  /** A removal's compaction is done and its scrub noted: the site databases' files still hold the removed bytes (level-scrub.ts). */
  onScrubOwed?: () => void
  /** The hub refused to compact after a removal (its earlier revisions keep removed values), noted in hub-compaction.ts. */
  onHubCompactionOwed?: (owed: HubCompactionOwed) => void
  /** The hub compacted a database for this desk's user. */
  onHubCompacted?: () => void
  onWarning?: (message: string) => void
  now?: () => Date
}

interface PendingExport {
  kind: RegisterKind
  id: string
  before: Record<string, unknown> | undefined
  after: Record<string, unknown> | undefined
  /** A record that only goes up (joining, catching up after a crash) is no new edit for the site's audit trail. */
  catchUp?: boolean
}

export class RegisterBridge {
  private readonly pending = new Map<string, PendingExport>()
  private applying = false
  private importWanted = true
  private running: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private closed = false
  private auditCounter = 0
  private readonly unsubscribe: () => void
  private feed: PouchDB.Core.Changes<object> | null = null
  private photoFeed: PouchDB.Core.Changes<object> | null = null
  /** Persons applied before their photo arrived: touched again when it does. */
  private readonly waitingForPhoto = new Map<string, Set<string>>()
  /** Photos known to be in the photos database and on disk: many persons share few photos at join. */
  private readonly photosInDatabase = new Set<string>()
  private lastError: string | null = null
  private compacting: Promise<void> | null = null
  private readonly removedToScrub = new Set<string>()
  /** Photo hashes of persons removed here: deleted from the site once no live person uses them. */
  private readonly photosToDrop = new Set<string>()
  /** Photo documents this desk deleted itself: their deletion coming back on the feed is no news. */
  private readonly photosDroppedHere = new Set<string>()
  /** Photos this desk put back after the site deleted them: deleted again if their persons' removal follows. */
  private readonly photosRestoredHere = new Set<string>()
  private readonly compactionWanted = new Set<SiteDatabaseName>()
  /** Per database, documents whose earlier revisions on the hub hold removed values until it compacts. */
  private readonly hubWitnesses = new Map<SiteDatabaseName, Set<string>>()
  private readonly closing = new AbortController()
  /** Counts for the status line and the tests. */
  readonly counts = { exported: 0, imported: 0, conflictsMerged: 0 }

  constructor(private readonly deps: RegisterBridgeDeps) {
    this.unsubscribe = deps.store.onChange((changes) => this.noteLocal(changes))
  }

  /** Exports what the register has that its documents do not (a change made before a crash, or while site mode was being joined), then follows both sides. */
  async start(): Promise<void> {
    await this.reconcile()
    // a removal applied before a crash or a failed rewrite: its remains are still owed
    if (owedErasures(this.deps.store).some((record) => record.collection === 'persons')) await this.eraseRemoved([])
    this.feed = this.deps.databases.register.changes({ since: 'now', live: true }).on('change', () => this.wantImport())
    this.photoFeed = this.deps.databases.photos.changes({ since: 'now', live: true }).on('change', (change) => (change.deleted ? this.photoDeleted(change.id) : void this.photoArrived(change.id)))
    this.wantImport()
    void this.fetchPhotosMissingHere().catch((error: Error) => this.warn(`site: photos missing here not fetched (${error.message}); they are fetched when they arrive`))
  }

  /** Resolves when every change seen so far is exported and every document received is applied. */
  async settle(): Promise<void> {
    for (let round = 0; round < 50 && (this.running || this.pending.size || this.importWanted); round++) await this.run()
  }

  get pendingExports(): number {
    return this.pending.size
  }

  get error(): string | null {
    return this.lastError
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.feed?.cancel()
    this.photoFeed?.cancel()
    this.unsubscribe()
    if (this.running) await this.running.catch(() => {})
    // the compaction under way uses the databases the caller closes next (its loop stops after it);
    // a hub that does not answer holds it up for CLOSE_GRACE_MS at most
    const grace = setTimeout(() => this.closing.abort(), CLOSE_GRACE_MS)
    await this.compacting?.catch(() => {})
    clearTimeout(grace)
    try {
      while (this.pending.size) await this.exportPending()
    } catch (error) {
      this.warn(`site: changes not yet written for the site (${(error as Error).message}); they are sent at the next start`)
    }
  }

  // ---- export ----------------------------------------------------------------------------

  private noteLocal(changes: Change[]): void {
    if (this.applying || this.closed) return
    for (const change of changes) {
      const kind = kindOf(change)
      if (!kind) continue
      const before = siteRecord(kind, change.before as Record<string, unknown> | undefined)
      const after = siteRecord(kind, change.after as Record<string, unknown> | undefined)
      // a desk-local field (an operator's wrong-password count) is no change for the site
      if (before && after && sameRecord(before, after)) continue
      const key = docId(kind, change.id)
      const known = this.pending.get(key)
      this.pending.set(key, { kind, id: change.id, before: known ? known.before : before, after })
    }
    this.schedule()
  }

  private wantImport(): void {
    this.importWanted = true
    this.schedule()
  }

  private schedule(): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.run()
    }, 10)
  }

  /** One pass at a time; work that arrives during a pass is taken by the same pass or the next. */
  private run(): Promise<void> {
    if (this.running) return this.running
    if (this.closed || !(this.pending.size || this.importWanted)) return Promise.resolve()
    // `finally` runs after this assignment even when the pass has nothing to wait for
    const pass = this.pass().finally(() => {
      if (this.running === pass) this.running = null
      if (this.pending.size || this.importWanted) this.schedule()
    })
    this.running = pass
    return pass
  }

  private async pass(): Promise<void> {
    try {
      while (!this.closed && (this.pending.size || this.importWanted)) {
        if (this.pending.size) await this.exportPending()
        if (this.importWanted) {
          this.importWanted = false
          await this.importPending()
        }
      }
      this.lastError = null
    } catch (error) {
      this.lastError = (error as Error).message
      this.warn(`site: the register could not be kept in step (${(error as Error).message}); trying again`)
      this.importWanted = true
      await new Promise((resolve) => setTimeout(resolve, 2_000).unref())
    }
  }

  private async exportPending(): Promise<void> {
    // only changes that are durable go out: a refused write is taken back before it is sent
    await this.deps.store.flush()
    // in batches, so a whole register going up at join is never one huge write
    const batch = [...this.pending.values()].slice(0, EXPORT_BATCH)
    for (const entry of batch) this.pending.delete(docId(entry.kind, entry.id))
    try {
      await this.exportBatch(batch)
    } catch (error) {
      // nothing is lost: what failed is written at the next pass, merged with anything newer
      for (const entry of batch) {
        const key = docId(entry.kind, entry.id)
        const newer = this.pending.get(key)
        this.pending.set(key, newer ? { ...newer, before: entry.before } : entry)
      }
      throw error
    }
  }

  private async exportBatch(batch: PendingExport[]): Promise<void> {
    const { register } = this.deps.databases
    const existing = await register.allDocs({ keys: batch.map((entry) => docId(entry.kind, entry.id)), include_docs: true })
    const docs: RegisterDoc[] = []
    const audits: object[] = []
    const unchanged: RegisterDoc[] = []
    const removedPhotos = new Map<string, string[]>()
    const at = this.now().toISOString()
    for (const [index, entry] of batch.entries()) {
      const row = existing.rows[index] as { doc?: RegisterDoc | null }
      const current = row.doc ?? null
      const stamp = stampOf(String(entry.after?.updatedAt ?? at), this.deps.deskId)
      if (!entry.after && !current) continue
      const next = patchDoc(current, entry.kind, entry.id, entry, stamp, this.deps.deskId)
      if (current && sameRecord(recordOf(current), recordOf(next)) && current.removedAt === next.removedAt) {
        // nothing to send, but the import may have passed this document over while the change waited
        unchanged.push(current)
        continue
      }
      docs.push(next)
      if (!entry.catchUp) audits.push(this.auditDoc(entry, at))
      if (entry.kind !== 'person') continue
      // a removed person's photo never goes up again, whatever this desk still has in photos/
      if (next.removedAt) removedPhotos.set(next._id, photoHashes(entry.before, current?.record))
      else await this.ensurePhotoDoc(entry.after as Person | undefined)
    }
    if (unchanged.length) await this.apply(unchanged.map((doc) => ({ doc, merge: null })))
    if (docs.length === 0) return
    const results = await register.bulkDocs(docs)
    const retry = new Set<string>()
    for (const [index, result] of results.entries()) {
      if ('error' in result && result.error) {
        if ((result as { status?: number }).status === 409) retry.add(docs[index]._id)
        else throw new Error(`${docs[index]._id}: ${(result as { message?: string }).message ?? result.error}`)
      } else this.counts.exported++
    }
    if (audits.length) await this.deps.databases.audit.bulkDocs(audits).catch((error: Error) => this.warn(`site: audit entries not written (${error.message})`))
    const removed = docs.filter((doc, index) => doc.kind === 'person' && doc.removedAt && !('error' in results[index] && results[index].error))
    if (removed.length) {
      this.compactAfterRemoval(
        removed.map((doc) => String(doc.record.id)),
        removed.flatMap((doc) => removedPhotos.get(doc._id) ?? []),
      )
    }
    // a revision arrived between reading and writing: patch the newer one (the same fields) next round
    for (const entry of batch) if (retry.has(docId(entry.kind, entry.id)) && !this.pending.has(docId(entry.kind, entry.id))) this.pending.set(docId(entry.kind, entry.id), entry)
  }

  private auditDoc(entry: PendingExport, at: string): object {
    const { before, after } = entry
    const action = !before ? 'create' : !after ? 'purge' : before.deletedAt !== after.deletedAt ? (after.deletedAt ? 'delete' : 'restore') : 'update'
    return {
      _id: `audit:${this.deps.deskId}:${at}:${String(++this.auditCounter).padStart(6, '0')}`,
      at,
      desk: this.deps.deskId,
      entity: entry.kind,
      entityId: entry.id,
      action,
      actor: String(after?.updatedBy ?? before?.updatedBy ?? 'station'),
      changes: auditChanges(entry.kind, before, after),
    }
  }

  /**
   * After a removal went out: earlier revisions of the document (with the removed record's
   * fields) are dropped from the local databases, and the hub is asked to do the same. The photos
   * of removed persons (`photoHashes`, on the desk that made the removal) that no live person on
   * the site uses any more are deleted from the photos database, which is compacted the same way.
   * CouchDB lets only a database admin compact; when the desk's user may not, the hub keeps the
   * earlier revisions (and the photos' JPEGs) until a site admin compacts (site README).
   */
  private compactAfterRemoval(personIds: string[], photoHashes: string[] = []): void {
    for (const id of personIds) this.removedToScrub.add(id)
    this.witness('register', personIds.map((id) => docId('person', id)))
    for (const hash of photoHashes) this.photosToDrop.add(hash)
    this.compactionWanted.add('register')
    this.compactionWanted.add('audit')
    this.compactWanted()
  }

  /** A photo deleted on the site (its persons removed): the JPEG leaves this desk's copy at the next compaction. */
  private photoDeleted(id: string): void {
    const hash = id.slice('photo:'.length)
    this.photosInDatabase.delete(hash)
    this.witness('photos', [id])
    if (this.photosDroppedHere.delete(hash) || this.closed) return
    this.compactionWanted.add('photos')
    this.compactWanted()
    void this.restorePhotoInUse(hash).catch((error: Error) => this.warn(`site: a photo the site deleted while a person here uses it was not put back (${error.message})`))
  }

  /**
   * The desk that deleted a photo saw no live person using it, but this desk may have one it had
   * not yet sent (the same photo given to a new person before the deletion arrived). Without the
   * photo back on the site, other desks would hold that person without a face. A person whose
   * removal is already on the site (here or on the hub) does not count: its removal follows.
   */
  private async restorePhotoInUse(hash: string): Promise<void> {
    const users = [...this.deps.store.values<Person>('persons')].filter((person) => person.photo?.hash === hash)
    if (users.length === 0) return
    const ids = users.map((person) => docId('person', person.id))
    const removedIn = async (db: PouchDB.Database) => {
      const { rows } = await db.allDocs({ keys: ids, include_docs: true })
      return new Set(rows.flatMap((row) => ('doc' in row && (row.doc as RegisterDoc | null)?.removedAt ? [row.id] : [])))
    }
    const removedHere = await removedIn(this.deps.databases.register)
    const remote = this.deps.remoteDatabase?.('register')
    // an unreachable hub decides nothing: the person is live as far as this desk knows
    const removedOnHub = remote ? await removedIn(remote).catch(() => new Set<string>()) : new Set<string>()
    const live = users.find((person) => !removedHere.has(docId('person', person.id)) && !removedOnHub.has(docId('person', person.id)))
    if (!live || this.closed) return
    this.photosRestoredHere.add(hash)
    await this.ensurePhotoDoc(live)
  }

  private compactWanted(): void {
    if (this.compacting) return
    this.compacting = (async () => {
      while ((this.removedToScrub.size || this.photosToDrop.size || this.compactionWanted.size) && !this.closed) {
        const ids = new Set(this.removedToScrub)
        this.removedToScrub.clear()
        if (ids.size) await this.scrubSiteAudit(ids).catch((error: Error) => this.warn(`site: audit entries of removed persons not cleared (${error.message})`))
        const hashes = new Set(this.photosToDrop)
        this.photosToDrop.clear()
        if (hashes.size && (await this.dropUnusedPhotos(hashes).catch((error: Error) => this.warn(`site: photos of removed persons not deleted (${error.message})`)))) this.compactionWanted.add('photos')
        const names = SITE_DATABASES.filter((name) => this.compactionWanted.has(name))
        this.compactionWanted.clear()
        // before the compaction, so that a crash after it still leaves the files to be scrubbed
        const noted = names.length > 0 && (await noteScrubOwed(this.deps.dataDir, names).then(() => true, (error: Error) => this.warn(`site: the scrub of removed values was not noted (${error.message})`)))
        for (const name of names) {
          await this.deps.databases[name].compact().catch((error: Error) => this.warn(`site: local ${name} database not compacted (${error.message})`))
          await this.compactHub(name)
        }
        if (noted && !this.closed) this.deps.onScrubOwed?.()
      }
    })().finally(() => {
      this.compacting = null
    })
  }

  /**
   * Deletes the photo documents of `hashes` that no live person uses: not in this desk's register,
   * nor in the site's register documents it holds (a person another desk gave the same photo file
   * may not be applied here yet). Every leaf goes, so no conflicting upload keeps the photo, and
   * the deletion is sent to the hub at once, so the hub's compaction (asked next) drops the JPEG.
   * True when something was deleted.
   */
  private async dropUnusedPhotos(hashes: Set<string>): Promise<boolean> {
    for (const person of this.deps.store.values<Person>('persons')) if (person.photo) hashes.delete(person.photo.hash)
    if (hashes.size === 0) return false
    const { register, photos } = this.deps.databases
    // page by page: a large register is never in memory at once
    for (let startkey = 'person:'; hashes.size; ) {
      const { rows } = await register.allDocs({ include_docs: true, startkey, endkey: 'person:\ufff0', limit: SCAN_PAGE, skip: startkey === 'person:' ? 0 : 1 })
      for (const row of rows) {
        const doc = row.doc as RegisterDoc | undefined
        if (doc && !doc.removedAt) for (const hash of photoHashes(undefined, doc.record)) hashes.delete(hash)
      }
      if (rows.length < SCAN_PAGE) break
      startkey = rows[rows.length - 1].id
    }
    const deletions: object[] = []
    for (const hash of hashes) {
      const doc = await photos.get(`photo:${hash}`, { conflicts: true }).catch(() => null)
      if (!doc) continue
      for (const rev of [doc._rev, ...(doc._conflicts ?? [])]) deletions.push({ _id: doc._id, _rev: rev, _deleted: true })
      this.witness('photos', [doc._id])
      this.photosDroppedHere.add(hash)
      this.photosInDatabase.delete(hash)
    }
    if (deletions.length === 0) return false
    // the removals reach the hub first: a desk that hears of a deletion before the removal asks the hub (restorePhotoInUse)
    const remoteRegister = this.deps.remoteDatabase?.('register')
    if (remoteRegister) await register.replicate.to(remoteRegister).catch((error: Error) => this.warn(`site: removals not yet on the hub (${error.message}); replication sends them`))
    await photos.bulkDocs(deletions as PouchDB.Core.PutDocument<object>[])
    const remote = this.deps.remoteDatabase?.('photos')
    if (remote) {
      await photos.replicate
        .to(remote, { doc_ids: [...hashes].map((hash) => `photo:${hash}`) })
        .catch((error: Error) => this.warn(`site: photo deletions not yet on the hub (${error.message}); replication sends them`))
    }
    return true
  }

  /** The site's audit entries about removed persons keep their when, who and action, not the values. */
  private async scrubSiteAudit(ids: ReadonlySet<string>): Promise<void> {
    const { audit } = this.deps.databases
    const { rows } = await audit.allDocs({ include_docs: true, startkey: 'audit:', endkey: 'audit:\ufff0' })
    const scrubbed = rows.flatMap((row) => {
      const doc = row.doc as { _id: string; entityId?: string; changes?: Record<string, unknown> } | undefined
      if (!doc || !ids.has(String(doc.entityId)) || !doc.changes || Object.keys(doc.changes).length === 0) return []
      return [{ ...doc, changes: {} }]
    })
    if (scrubbed.length) await audit.bulkDocs(scrubbed as PouchDB.Core.PutDocument<object>[])
    this.witness('audit', scrubbed.map((doc) => doc._id))
  }

  /**
   * Asks the hub to compact `name`. When it refuses (CouchDB lets only a database admin), the
   * documents concerned are noted, so the desk can say so until a site admin compacts.
   */
  private async compactHub(name: SiteDatabaseName): Promise<void> {
    const witnesses = [...(this.hubWitnesses.get(name) ?? [])]
    this.hubWitnesses.delete(name)
    const remote = this.deps.remoteDatabase?.(name)
    if (!remote) return
    try {
      // a desk that is closing still asks (a command's purge ends its process at once), but does not wait for the hub to finish
      await compactRemote(remote, { timeoutMs: HUB_COMPACTION_WAIT_MS, signal: this.closing.signal, stopped: () => this.closed })
      if (!this.closed) this.deps.onHubCompacted?.()
    } catch (error) {
      this.warn(`site: the hub did not compact ${name} (${(error as Error).message}); a site admin must compact it (enroll site compact-hub)`)
      if (witnesses.length === 0) return
      await noteHubCompactionOwed(this.deps.dataDir, name, witnesses).then(
        (owed) => this.deps.onHubCompactionOwed?.(owed),
        (failure: Error) => this.warn(`site: what the hub keeps of removed records was not noted (${failure.message})`),
      )
    }
  }

  private witness(name: SiteDatabaseName, ids: Iterable<string>): void {
    const set = this.hubWitnesses.get(name) ?? new Set<string>()
    for (const id of ids) set.add(id)
    if (set.size) this.hubWitnesses.set(name, set)
  }

  /** Resolves when the compaction a removal started is done. */
  async compacted(): Promise<void> {
    while (this.compacting) await this.compacting
  }

  private async ensurePhotoDoc(person: Person | undefined): Promise<void> {
    const hash = person?.photo?.hash
    if (!hash || this.photosInDatabase.has(hash)) return
    const { photos } = this.deps.databases
    const id = `photo:${hash}`
    const known = await photos.get(id).catch(() => null)
    if (known) return void this.photosInDatabase.add(hash)
    const bytes = await readPhotoFile(this.deps.dataDir, hash).catch(() => null)
    if (!bytes) return
    await photos
      .put({ _id: id, _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: bytes } } } as PouchDB.Core.PutDocument<object>)
      .catch((error: { status?: number; message?: string }) => {
        if (error.status !== 409) throw error
      })
    this.photosInDatabase.add(hash)
  }

  /** The register's records that differ from their documents, exported as changes made here. */
  private async reconcile(): Promise<void> {
    const { register } = this.deps.databases
    const { rows } = await register.allDocs({ include_docs: true })
    const docs = new Map(rows.map((row) => [row.id, row.doc as unknown as RegisterDoc]))
    for (const kind of Object.keys(KIND_COLLECTION) as RegisterKind[]) {
      for (const record of this.deps.store.values<Record<string, unknown>>(KIND_COLLECTION[kind])) {
        const id = String(record.id ?? '')
        if (kind === 'setting') continue
        const doc = docs.get(docId(kind, id))
        const shared = siteRecord(kind, record)
        if (doc && (sameRecord(recordOf(doc), shared) || !editedAfter(record, doc))) continue
        this.pending.set(docId(kind, id), { kind, id, before: doc ? (recordOf(doc) ?? undefined) : undefined, after: shared, catchUp: true })
      }
    }
    for (const id of SITE_SETTING_IDS) {
      const record = this.deps.store.get<Record<string, unknown>>('settings', id)
      const doc = docs.get(docId('setting', id))
      if (record && (!doc || (!sameRecord(recordOf(doc), { ...record, id }) && editedAfter(record, doc)))) {
        this.pending.set(docId('setting', id), { kind: 'setting', id, before: doc ? (recordOf(doc) ?? undefined) : undefined, after: { ...record, id }, catchUp: true })
      }
    }
  }

  // ---- import ----------------------------------------------------------------------------

  private async importPending(): Promise<void> {
    const { register } = this.deps.databases
    for (;;) {
      const checkpoint = await register.get<{ seq: string | number }>(CHECKPOINT_ID).catch(() => null)
      const since = checkpoint?.seq ?? 0
      const feed = await register.changes({ since, include_docs: true, conflicts: true, limit: BATCH })
      if (feed.results.length === 0) return
      const docs: Array<{ doc: RegisterDoc; merge: MergeResult | null }> = []
      for (const change of feed.results) {
        const doc = change.doc as unknown as RegisterDoc | undefined
        if (!doc || !parseDocId(doc._id) || (doc as { _deleted?: boolean })._deleted) continue
        docs.push(doc._conflicts?.length ? await this.resolve(doc) : { doc, merge: null })
      }
      await this.fetchMissingPhotos(docs.map((entry) => entry.doc))
      await this.apply(docs)
      await register.put({ _id: CHECKPOINT_ID, ...(checkpoint ? { _rev: (checkpoint as { _rev?: string })._rev } : {}), seq: feed.last_seq } as PouchDB.Core.PutDocument<object>)
      if (feed.results.length < BATCH) return
    }
  }

  /** Every leaf of a conflicting document merged by the site's rules; the resolver writes the merge and retires the losers. */
  private async resolve(winner: RegisterDoc): Promise<{ doc: RegisterDoc; merge: MergeResult }> {
    const { register } = this.deps.databases
    const leaves = (await register.get(winner._id, { open_revs: 'all' } as PouchDB.Core.GetOptions)) as unknown as Array<{ ok?: RegisterDoc & { _deleted?: boolean } }>
    const live = leaves.flatMap((leaf) => (leaf.ok && !leaf.ok._deleted ? [leaf.ok] : []))
    const merge = mergeLeaves(live)
    this.counts.conflictsMerged++
    if (this.deps.isResolver()) {
      const writes = [
        { ...merge.doc, _id: winner._id, _rev: winner._rev },
        ...live.filter((leaf) => leaf._rev !== winner._rev).map((leaf) => ({ _id: leaf._id, _rev: leaf._rev, _deleted: true })),
      ]
      await register.bulkDocs(writes as PouchDB.Core.PutDocument<object>[])
      for (const dropped of merge.dropped) {
        await this.deps.databases.audit
          .put({
            _id: `audit:${this.deps.deskId}:${this.now().toISOString()}:${String(++this.auditCounter).padStart(6, '0')}`,
            at: this.now().toISOString(),
            desk: this.deps.deskId,
            entity: winner.kind,
            entityId: String(merge.doc.record.id),
            action: 'conflict-dropped',
            actor: dropped.desk,
            changes: Object.fromEntries(Object.entries(dropped.fields).map(([field, value]) => [field, [value, null]])),
          })
          .catch(() => {})
      }
    }
    return { doc: { ...merge.doc, _id: winner._id }, merge }
  }

  private async apply(entries: Array<{ doc: RegisterDoc; merge: MergeResult | null }>): Promise<void> {
    const { store } = this.deps
    const order: RegisterKind[] = ['group', 'setting', 'operator', 'target', 'person']
    const sorted = [...entries].sort((a, b) => order.indexOf(a.doc.kind) - order.indexOf(b.doc.kind))
    const removed: string[] = []
    const erased: Person[] = []
    const removedTargets: string[] = []
    this.applying = true
    let transaction: Promise<unknown>
    try {
      transaction = store.transact((tx) => {
        for (const { doc, merge } of sorted) {
          const parsed = parseDocId(doc._id)!
          // a local edit of this record is still on its way out: the next pass applies the merge of both
          if (this.pending.has(doc._id)) continue
          const before = parsed.kind === 'person' && doc.removedAt ? tx.get<Person>('persons', parsed.id) : undefined
          if (this.applyOne(tx, parsed.kind, parsed.id, doc, merge)) {
            this.counts.imported++
            if (parsed.kind === 'person' && doc.removedAt) removed.push(parsed.id)
            if (before) erased.push(before)
            if (parsed.kind === 'target' && doc.removedAt) removedTargets.push(parsed.id)
          }
        }
        // in the step that removes them: a failure to erase their remains is finished at the next start or purge
        owePersonsErasure(tx, erased)
      })
    } finally {
      this.applying = false
    }
    await transaction
    for (const id of removedTargets) await this.deps.targets.forgetSecrets(id)
    // a person removed on the site leaves nothing here either (photo, descriptor, journal, audit values), as a local purge
    if (removed.length) {
      await this.eraseRemoved(erased)
      // a photo put back here for one of them goes again, once no live person uses it
      const restored = erased.flatMap((person) => (person.photo && this.photosRestoredHere.delete(person.photo.hash) ? [person.photo.hash] : []))
      this.compactAfterRemoval(removed, restored)
    }
  }

  /** A failure leaves them owed (noted when they were removed): the next start or purge finishes it. */
  private async eraseRemoved(persons: Person[]): Promise<void> {
    await this.deps.eraseRemains(persons).catch((error: Error) => this.warn(`site: the remains of persons removed on the site are not all erased yet (${error.message}); the next start or purge finishes it`))
  }

  private applyOne(tx: Transaction, kind: RegisterKind, id: string, doc: RegisterDoc, merge: MergeResult | null): boolean {
    const collection = KIND_COLLECTION[kind]
    if (kind === 'setting' && !SITE_SETTING_IDS.has(id)) return false
    const current = tx.get<Record<string, unknown>>(collection, id)
    const wanted = recordOf(doc)
    const comparableCurrent = current && kind === 'setting' ? { ...current, id } : siteRecord(kind, current)
    if (sameRecord(comparableCurrent, wanted)) return false
    const actor = `${String(wanted?.updatedBy ?? doc.record.updatedBy ?? 'site')} @ ${doc.desk}`
    if (kind === 'target') return this.applyTarget(tx, id, wanted, current, actor)
    if (kind === 'person') {
      this.deps.persons.putReplicated(tx, id, personFromDoc(doc, current?.version as number | undefined) ?? undefined, actor)
      for (const dropped of merge?.dropped ?? []) {
        tx.audit({ entity: 'person', entityId: id, action: 'conflict-dropped', actor: dropped.desk, changes: Object.fromEntries(Object.entries(dropped.fields).map(([f, v]) => [f, [v, null]])) })
      }
      return true
    }
    if (!wanted) {
      if (!current) return false
      tx.delete(collection, id)
    } else {
      const record = { ...withDeskLocalFields(kind, wanted, current), version: Number(current?.version ?? 0) + 1 }
      if (kind === 'setting') delete (record as { id?: string }).id
      tx.put(collection, id, record)
    }
    tx.audit({ entity: kind === 'setting' ? 'settings' : kind, entityId: id, action: 'replicated', actor, changes: auditChanges(kind, comparableCurrent ?? undefined, wanted ?? undefined) })
    return true
  }

  /** A back end another desk saved: applied only when it is a whole valid configuration (a newer desk's shape waits for this desk's update). */
  private applyTarget(tx: Transaction, id: string, wanted: Record<string, unknown> | null, current: Record<string, unknown> | undefined, actor: string): boolean {
    if (!wanted) {
      if (!current) return false
      this.deps.targets.putReplicated(tx, id, undefined, actor)
      return true
    }
    const parsed = TargetConfigSchema.safeParse({ ...withDeskLocalFields('target', wanted, current), id, version: 1 })
    if (!parsed.success) {
      this.warn(`site: back end ${id} from the site not applied (${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')})`)
      return false
    }
    this.deps.targets.putReplicated(tx, id, parsed.data as TargetConfig, actor)
    return true
  }

  // ---- photos ----------------------------------------------------------------------------

  private async fetchMissingPhotos(docs: RegisterDoc[]): Promise<void> {
    for (const doc of docs) {
      if (doc.kind !== 'person' || doc.removedAt) continue
      const hash = (doc.record.photo as Person['photo'])?.hash
      // asked of the disk each time, not remembered: a purge on this desk may have erased the file since
      if (!hash || (await fileExists(photoPath(this.deps.dataDir, hash)))) continue
      const bytes = await this.photoBytes(hash)
      if (bytes) {
        await savePhotoFile(this.deps.dataDir, bytes, { source: 'import', quality: null })
      } else {
        const waiting = this.waitingForPhoto.get(hash) ?? new Set<string>()
        waiting.add(String(doc.record.id))
        this.waitingForPhoto.set(hash, waiting)
      }
    }
  }

  /**
   * Persons whose photo file is not on this desk (a photo that had not arrived when the desk
   * stopped, or a file lost since): fetched from the site now, or when the photo arrives.
   */
  private async fetchPhotosMissingHere(): Promise<void> {
    const missing = new Map<string, string[]>()
    for (const person of [...this.deps.store.values<Person>('persons')]) {
      const hash = person.photo?.hash
      if (!hash || (await fileExists(photoPath(this.deps.dataDir, hash)))) continue
      missing.set(hash, [...(missing.get(hash) ?? []), person.id])
    }
    for (const [hash, personIds] of missing) {
      if (this.closed) return
      const waiting = this.waitingForPhoto.get(hash) ?? new Set<string>()
      for (const id of personIds) waiting.add(id)
      this.waitingForPhoto.set(hash, waiting)
      await this.photoArrived(`photo:${hash}`)
    }
  }

  private async photoBytes(hash: string): Promise<Buffer | null> {
    const id = `photo:${hash}`
    const local = await this.deps.databases.photos.getAttachment(id, 'face.jpg').catch(() => null)
    if (local) return local as Buffer
    const remote = this.deps.remotePhotos ? await this.deps.remotePhotos().getAttachment(id, 'face.jpg').catch(() => null) : null
    return (remote as Buffer | null) ?? null
  }

  /** A photo that came after its person: saved, and the person touched so the face index describes it. */
  private async photoArrived(id: string): Promise<void> {
    const hash = id.startsWith('photo:') ? id.slice('photo:'.length) : null
    const waiting = hash ? this.waitingForPhoto.get(hash) : undefined
    if (!hash || !waiting || this.closed) return
    this.waitingForPhoto.delete(hash)
    const bytes = await this.photoBytes(hash)
    if (!bytes || this.closed) {
      // still waiting: the next arrival of the photo brings it
      for (const id of this.waitingForPhoto.get(hash) ?? []) waiting.add(id)
      this.waitingForPhoto.set(hash, waiting)
      return
    }
    await savePhotoFile(this.deps.dataDir, bytes, { source: 'import', quality: null })
    this.applying = true
    let transaction: Promise<unknown>
    try {
      transaction = this.deps.store.transact((tx) => {
        for (const personId of waiting) {
          const person = tx.get<Person>('persons', personId)
          if (person?.photo?.hash === hash) this.deps.persons.putReplicated(tx, personId, { ...person, version: person.version + 1 }, 'site')
        }
      })
    } finally {
      this.applying = false
    }
    await transaction
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date()
  }

  private warn(message: string): void {
    this.deps.onWarning?.(message)
  }
}

/**
 * What an audit entry records of a change: never a password hash (only that it changed), and
 * nothing of a removed record (its values would outlive the removal in the site's audit trail).
 */
function auditChanges(kind: RegisterKind, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Record<string, [unknown, unknown]> {
  if (!after) return {}
  const changes = diffFields(before, after, ['updatedAt', 'updatedBy', 'version', 'createdAt', 'createdBy', 'password', 'nameKey'])
  if (kind === 'operator' && JSON.stringify(before?.password) !== JSON.stringify(after.password)) changes.password = [before ? '(set)' : null, '(changed)']
  return changes
}

/** The photo hashes a person's records name (before the removal, and in its last document). */
function photoHashes(...records: Array<Record<string, unknown> | null | undefined>): string[] {
  return records.flatMap((record) => {
    const hash = (record?.photo as Person['photo'] | undefined)?.hash
    return hash ? [hash] : []
  })
}

function kindOf(change: Change): RegisterKind | null {
  if (change.collection === 'persons') return 'person'
  if (change.collection === 'operators') return 'operator'
  if (change.collection === 'groups') return 'group'
  if (change.collection === 'targets') return 'target'
  if (change.collection === 'settings' && SITE_SETTING_IDS.has(change.id)) return 'setting'
  return null
}

/** The register's record was saved after every stamp its document carries: a change made here that never went out. */
function editedAfter(record: Record<string, unknown>, doc: RegisterDoc): boolean {
  const latest = [...Object.values(doc.fieldAt), doc.removedAt ?? ''].reduce((a, b) => (b > a ? b : a), '')
  return String(record.updatedAt ?? '') > latest.split('|')[0]
}

async function fileExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
