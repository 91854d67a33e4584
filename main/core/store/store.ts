import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { Low } from 'lowdb'
import { COLLECTIONS, isCollectionName, shardOf, type CollectionName } from './collections'
import { DurableJsonFile, ensurePrivateDirectory, fsyncDirectory, PRIVATE_FILE_MODE } from './durable-file'
import { JournalWriter, readJournal, type AuditEntry, type JournalOp, type JournalRecord } from './journal'
import { runMigrations, LATEST_SCHEMA_VERSION } from './migrations'
import { RegisterLock } from './register-lock'
import { recordProblem } from './record-shapes'
import { erasureOwed, openFailure, storageFailure } from './storage-errors'
import { isMissing, nodeStoreFs, writeAll, type StoreFs } from './store-fs'
import { concerns, distinctRecords, owedErasures, scrubAuditFiles, settleErasures, withoutRecordedValues, type ErasedRecord } from './erase-traces'
import { CoreError, coreError } from '../../../common/errors/core-error'

/**
 * The register on disk: a write-ahead journal plus sharded lowdb snapshot files.
 *
 *   register/meta.json               schema version, compaction generation
 *   register/<collection>/<n>.json   lowdb snapshot shard { records: { id: value } } (+ .bak: last good copy)
 *   register/journal-<gen>.log       transactions since the snapshot, one fsync'd line each
 *   audit/<n>.jsonl                  audit trail, sharded by entity id, appended at compaction
 *
 * Every transaction is one journal line, so an edit, its outbox entry and its audit entry become
 * durable together. Snapshots are rewritten in the background (compaction); replaying the journal
 * over any snapshot taken after the journal began gives the same state, because each op stores
 * the whole record. The journal before the last one is kept, so a damaged shard can be rebuilt
 * from its .bak copy plus the journals.
 */

export interface StoreOptions {
  /**
   * Read without taking the register lock: no writes, no compaction, no migration, and the
   * journal is never cut. For commands that only look while another process holds the register.
   */
  readOnly?: boolean
  /** Who holds the lock, in words shown to a second program that tries to open the register. */
  purpose?: string
  /** Journal size that triggers a background compaction. */
  compactAfterBytes?: number
  /** Called for every recovery the store had to make on open, in words a user can act on. */
  onWarning?: (message: string) => void
  /**
   * Why a record loaded from a snapshot file is not a record of its collection (null: it is); a
   * file holding one is treated as damaged. Defaults to the model's record shapes; null checks nothing.
   */
  recordCheck?: ((collection: CollectionName, id: string, value: unknown) => string | null) | null
  /** The file system the register is kept on (tests hand in one that fails on purpose). */
  fs?: StoreFs
  /** The station's name, written on every audit entry (which desk a change was made at). */
  station?: string
}

export interface Change {
  collection: CollectionName
  id: string
  before: unknown
  after: unknown
}

export interface AuditInput {
  entity: string
  entityId: string
  action: string
  actor: string
  changes?: Record<string, [unknown, unknown]>
}

export interface Transaction {
  get<T>(collection: CollectionName, id: string): T | undefined
  put(collection: CollectionName, id: string, value: unknown): void
  delete(collection: CollectionName, id: string): void
  audit(entry: AuditInput): void
}

interface Meta {
  format: 'enrollment-station-register'
  schemaVersion: number
  generation: number
  auditFlushedGeneration: number
  shards: Record<string, number>
  createdAt: string
}

const DELETED = Symbol('deleted')
const ABSENT = Symbol('absent')

/** A transaction applied in memory whose journal line is not yet durable, with what it replaced. */
interface Unsettled {
  seq: number
  undo: Array<{ collection: CollectionName; id: string; previous: unknown }>
  audit: AuditEntry[]
}
const AUDIT_SHARDS = 64
const JOURNAL_PATTERN = /^journal-(\d+)\.log$/

export class Store {
  readonly warnings: string[] = []
  private readonly collections = new Map<CollectionName, Map<string, unknown>>()
  private readonly dirty = new Set<string>()
  private readonly listeners = new Set<(changes: Change[]) => void>()
  private pendingAudit: AuditEntry[] = []
  private writer!: JournalWriter
  private activeGeneration = 0
  private seq = 0
  private failure: Error | null = null
  private compaction: Promise<void> | null = null
  private closed = false
  private recoveredFromBackup = false
  /** Shards rebuilt from their .bak copy: written back at once, and without making the damaged file a backup. */
  private readonly recoveredShards = new Set<string>()
  private damagedJournal = false
  private readonly unsettled: Unsettled[] = []
  private lock: RegisterLock | null = null
  private readonly fs: StoreFs

  private constructor(
    readonly dataDir: string,
    private meta: Meta,
    private readonly options: StoreOptions,
  ) {
    for (const name of Object.keys(COLLECTIONS) as CollectionName[]) this.collections.set(name, new Map())
    this.fs = options.fs ?? nodeStoreFs
  }

  get registerDir(): string {
    return join(this.dataDir, 'register')
  }

  static async open(dataDir: string, options: StoreOptions = {}): Promise<Store> {
    try {
      return await Store.openUnchecked(dataDir, options)
    } catch (error) {
      throw openFailure(error, dataDir)
    }
  }

  private static async openUnchecked(dataDir: string, options: StoreOptions): Promise<Store> {
    const fs = options.fs ?? nodeStoreFs
    const registerDir = join(dataDir, 'register')
    if (options.readOnly) {
      await fs.mkdir(registerDir, { recursive: true })
    } else {
      for (const dir of [dataDir, registerDir, join(dataDir, 'photos'), join(dataDir, 'audit')]) await ensurePrivateDirectory(dir, fs)
    }
    const lock = options.readOnly ? null : await RegisterLock.acquire(registerDir, options.purpose ?? `another program (${process.argv[1] ?? 'node'})`, fs)
    try {
      return await Store.load(dataDir, registerDir, options, lock)
    } catch (error) {
      await lock?.release()
      throw error
    }
  }

  private static async load(dataDir: string, registerDir: string, options: StoreOptions, lock: RegisterLock | null): Promise<Store> {
    const meta = await loadMeta(registerDir, (m) => options.onWarning?.(m), options.fs ?? nodeStoreFs)
    const store = new Store(dataDir, meta, options)
    store.lock = lock
    await store.loadSnapshots()
    const journals = await store.replayJournals()
    if (store.meta.schemaVersion > LATEST_SCHEMA_VERSION) {
      throw coreError('storage', 'store.newer_schema', { folder: dataDir, schema: String(store.meta.schemaVersion), known: String(LATEST_SCHEMA_VERSION) })
    }
    const lastGeneration = journals.at(-1) ?? meta.generation + 1
    store.activeGeneration = Math.max(lastGeneration, meta.generation + 1)
    if (options.readOnly) {
      if (store.meta.schemaVersion < LATEST_SCHEMA_VERSION) {
        throw coreError('storage', 'store.needs_upgrade', { folder: dataDir })
      }
      store.closed = true
      return store
    }
    store.writer = await store.openJournal(store.activeGeneration)
    await fsyncDirectory(registerDir, store.fs)
    if (store.recoveredShards.size > 0 || store.damagedJournal) {
      // Write what was recovered back at once: the damaged file is out of the way and the journal
      // lines it was rebuilt from go at the next compaction, so waiting for an edit could lose it.
      // If that fails the next open recovers again from the same .bak and journals, which stay.
      await store.compact().catch((error: Error) => store.warn(`The recovered register files could not be written back yet (${error.message}); they will be at the next save.`))
    }
    if (store.meta.schemaVersion < LATEST_SCHEMA_VERSION) {
      const from = store.meta.schemaVersion
      await runMigrations(from, { dataDir, collections: store.collections, warn: (m) => store.warn(m) })
      for (const name of store.collections.keys()) store.markAllDirty(name)
      store.meta = { ...store.meta, schemaVersion: LATEST_SCHEMA_VERSION }
      await store.compact()
    }
    return store
  }

  // ---- reading ---------------------------------------------------------------------------

  get<T>(collection: CollectionName, id: string): T | undefined {
    return this.collection(collection).get(id) as T | undefined
  }

  values<T>(collection: CollectionName): IterableIterator<T> {
    return this.collection(collection).values() as IterableIterator<T>
  }

  count(collection: CollectionName): number {
    return this.collection(collection).size
  }

  /** Change listeners run synchronously as a transaction is applied; keep them cheap. */
  onChange(listener: (changes: Change[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * Runs `fn` synchronously against the current state; if it throws nothing is applied. Its
   * writes are applied in memory at once (so the next transaction sees them) and the returned
   * promise resolves only when they are fsync'd. One writer: transactions are ordered by call.
   * If the journal cannot be written (a full disk, an I/O error, a failed fsync) the transaction
   * is refused and taken back out of memory, with every later one still waiting (they were built
   * on it); change listeners hear the reversal like any change.
   */
  transact<R>(fn: (tx: Transaction) => R): Promise<R> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.closed) {
      return Promise.reject(coreError('storage', this.options.readOnly ? 'store.read_only' : 'store.closed'))
    }
    const overlay = new Map<string, { collection: CollectionName; id: string; value: unknown }>()
    const auditInputs: AuditInput[] = []
    const tx: Transaction = {
      get: <T>(collection: CollectionName, id: string) => {
        const staged = overlay.get(key(collection, id))
        if (staged) return (staged.value === DELETED ? undefined : staged.value) as T | undefined
        return this.get<T>(collection, id)
      },
      put: (collection, id, value) => {
        this.collection(collection)
        if (value === undefined) throw new Error(`put(${collection}, ${id}) needs a value`)
        overlay.set(key(collection, id), { collection, id, value })
      },
      delete: (collection, id) => {
        this.collection(collection)
        overlay.set(key(collection, id), { collection, id, value: DELETED })
      },
      audit: (entry) => auditInputs.push(entry),
    }
    let result: R
    try {
      result = fn(tx)
    } catch (error) {
      return Promise.reject(error)
    }
    if (result instanceof Promise) throw new Error('Store.transact: the function must be synchronous')
    if (overlay.size === 0 && auditInputs.length === 0) return Promise.resolve(result)

    const at = new Date().toISOString()
    const ops: JournalOp[] = [...overlay.values()].map(({ collection, id, value }) =>
      value === DELETED ? ['del', collection, id] : ['put', collection, id, value],
    )
    const audit = auditInputs.map((entry) => ({ id: randomUUID(), at, ...(this.options.station !== undefined && { station: this.options.station }), ...entry }))
    const record: JournalRecord = { seq: ++this.seq, at, ops, ...(audit.length ? { audit } : {}) }
    const undo = [...overlay.values()].map(({ collection, id }) => {
      const map = this.collection(collection)
      return { collection, id, previous: map.has(id) ? map.get(id) : ABSENT }
    })
    this.unsettled.push({ seq: record.seq, undo, audit })
    this.apply(record, true)
    const writer = this.writer
    return writer.append(record).then(
      () => {
        const index = this.unsettled.findIndex((entry) => entry.seq === record.seq)
        if (index !== -1) this.unsettled.splice(index, 1)
        this.maybeCompact()
        return result
      },
      (error: Error) => {
        this.rollBackFrom(record.seq) // done already by the writer's onRefused; kept for safety
        if (writer.broken) this.failure ??= this.storageError(writer.broken, true)
        throw this.storageError(error, false)
      },
    )
  }

  private openJournal(generation: number, after?: JournalWriter): Promise<JournalWriter> {
    const opened: Promise<JournalWriter> = JournalWriter.open(this.journalPath(generation), {
      fs: this.fs,
      after,
      onRefused: (seq, error) => {
        this.rollBackFrom(seq)
        // later transactions may already wait in the next journal: they were built on this one
        if (this.writer && this.writer !== writer) this.writer.refuseFrom(seq, error)
      },
    })
    let writer: JournalWriter | undefined
    return opened.then((w) => (writer = w))
  }

  /** Takes the transaction `seq` and every later one still waiting back out of memory, newest first. */
  private rollBackFrom(seq: number): void {
    const index = this.unsettled.findIndex((entry) => entry.seq === seq)
    if (index === -1) return
    const undone = this.unsettled.splice(index)
    for (const entry of undone.reverse()) {
      const changes: Change[] = []
      for (const { collection, id, previous } of entry.undo) {
        const map = this.collection(collection)
        const current = map.get(id)
        if (previous === ABSENT) map.delete(id)
        else map.set(id, previous)
        changes.push({ collection, id, before: current, after: previous === ABSENT ? undefined : previous })
      }
      if (entry.audit.length) {
        const refused = new Set(entry.audit.map((a) => a.id))
        this.pendingAudit = this.pendingAudit.filter((a) => !refused.has(a.id))
      }
      for (const listener of this.listeners) {
        try {
          listener(changes)
        } catch (error) {
          // runs inside the journal writer's failure path, which must finish refusing and cutting back
          this.warn(`A change listener failed while a refused change was taken back: ${(error as Error).message}`)
        }
      }
    }
  }

  private apply(record: JournalRecord, notify: boolean): void {
    const changes: Change[] = []
    for (const op of record.ops) {
      const [kind, collectionName, id] = op
      if (!isCollectionName(collectionName)) continue
      const collection = this.collection(collectionName)
      const before = collection.get(id)
      if (kind === 'put') collection.set(id, op[3])
      else collection.delete(id)
      this.dirty.add(this.shardKey(collectionName, id))
      changes.push({ collection: collectionName, id, before, after: kind === 'put' ? op[3] : undefined })
    }
    if (record.audit) this.pendingAudit.push(...record.audit)
    if (record.seq > this.seq) this.seq = record.seq
    if (notify) for (const listener of this.listeners) listener(changes)
  }

  // ---- audit -----------------------------------------------------------------------------

  /** Every audit entry about one entity, oldest first (entries may repeat on disk; ids dedupe). */
  async history(entity: string, entityId: string): Promise<AuditEntry[]> {
    return this.auditEntries((entry) => entry.entity === entity && entry.entityId === entityId, entityId)
  }

  /**
   * The audit entries `keep` accepts, oldest first. With `entityId` only that entity's shard is
   * read; without it, the whole trail.
   */
  async auditEntries(keep: (entry: AuditEntry) => boolean = () => true, entityId?: string): Promise<AuditEntry[]> {
    const seen = new Set<string>()
    const entries: AuditEntry[] = []
    const take = (entry: AuditEntry) => {
      if (seen.has(entry.id) || !keep(entry)) return
      seen.add(entry.id)
      entries.push(entry)
    }
    const shards = entityId === undefined ? Array.from({ length: AUDIT_SHARDS }, (_, shard) => shard) : [shardOf(entityId, AUDIT_SHARDS)]
    for (const shard of shards) {
      let text = ''
      try {
        text = (await this.fs.readFile(join(this.dataDir, 'audit', `${shard}.jsonl`))).toString('utf8')
      } catch (error) {
        if (!isMissing(error)) throw error
      }
      for (const line of text.split('\n')) {
        if (!line || (entityId !== undefined && !line.includes(entityId))) continue
        try {
          take(JSON.parse(line) as AuditEntry)
        } catch {
          // a torn last line from a crash during compaction; the entry is still in the journal
        }
      }
    }
    for (const entry of this.pendingAudit) take(entry)
    return entries.sort((a, b) => a.at.localeCompare(b.at))
  }

  /**
   * After records were erased for good (retention): the audit entries about them lose the values
   * they recorded (when, who and what kind of change stay), and no older copy keeps the records:
   * the journal is compacted twice, the second time with their shards rewritten, so neither the
   * journal kept from before the last compaction nor a shard's .bak copy still holds them. Records
   * an earlier call could not finish (noted by `oweErasure` in the erasing transaction) are done
   * too. A failure is refused as `store.erasure_owed`: the records stay erased, the note stays, and
   * the next call finishes the rewrite.
   */
  async eraseTraces(erased: ReadonlyArray<ErasedRecord>): Promise<void> {
    const records = distinctRecords([...owedErasures(this), ...erased])
    if (records.length === 0) return
    try {
      await this.rewriteWithout(records)
    } catch (error) {
      throw erasureOwed(error, this.dataDir)
    }
    // the copies are gone: a note that cannot be cleared only makes the next call rewrite them again
    if (owedErasures(this).length > 0) {
      await this.transact((tx) => settleErasures(tx, records)).catch((error: Error) => this.warn(`The note of finished erasures could not be cleared (${error.message}); the next purge rewrites the copies again.`))
    }
  }

  /** The compaction running now, read afresh (a compaction ends between awaits, which narrowing cannot see). */
  private running(): Promise<void> | null {
    return this.compaction
  }

  private async rewriteWithout(erased: readonly ErasedRecord[]): Promise<void> {
    const ids = new Set(erased.map((record) => record.id))
    // Each step starts only once no compaction runs (checked in the same turn as it starts): one
    // already running took its shards and journal before, and would append to the audit files.
    // One that fails is not this call's to report; the next one writes what it did not.
    while (this.running()) await this.running()!.catch(() => {})
    await this.compact()
    while (this.running()) await this.running()!.catch(() => {})
    this.pendingAudit = this.pendingAudit.map((entry) => (concerns(entry, ids) ? withoutRecordedValues(entry) : entry))
    // held as a compaction, so that none appends to the audit files while they are rewritten
    this.compaction = scrubAuditFiles(join(this.dataDir, 'audit'), this.fs, ids)
      .then(() => {})
      .finally(() => {
        this.compaction = null
      })
    await this.compaction
    while (this.running()) await this.running()!.catch(() => {})
    for (const { collection, id } of erased) this.dirty.add(this.shardKey(collection, id))
    await this.compact()
    // A compaction lets an old journal it could not remove wait for the next one; here that journal
    // holds the records, so it must go now, and its removal must be on disk before this returns.
    for (const generation of await this.journalGenerations()) {
      if (generation < this.meta.generation) await this.fs.unlink(this.journalPath(generation)).catch((error: unknown) => {
        if (!isMissing(error)) throw error
      })
    }
    await fsyncDirectory(this.registerDir, this.fs)
  }

  // ---- compaction ------------------------------------------------------------------------

  private maybeCompact(): void {
    const limit = this.options.compactAfterBytes ?? 4 * 1024 * 1024
    if (!this.compaction && !this.closed && this.writer.bytes >= limit) {
      this.compact().catch((error) => this.warn(`Background compaction failed (the journal keeps every change): ${error.message}`))
    }
  }

  /** Rewrites the dirty snapshot shards and starts a new journal. Safe to call at any time. */
  compact(): Promise<void> {
    if (!this.compaction) {
      this.compaction = this.runCompaction().finally(() => {
        this.compaction = null
      })
    }
    return this.compaction
  }

  private async runCompaction(): Promise<void> {
    const rotated = this.activeGeneration
    const previousWriter = this.writer
    const nextWriter = await this.openJournal(rotated + 1, previousWriter)
    this.activeGeneration = rotated + 1
    this.writer = nextWriter
    await fsyncDirectory(this.registerDir, this.fs)
    await previousWriter.close()
    if (previousWriter.broken) throw (this.failure ??= this.storageError(previousWriter.broken, true))

    const dirty = [...this.dirty]
    this.dirty.clear()
    // Entries of transactions still waiting for their fsync stay pending: they may yet be refused.
    const waiting = new Set(this.unsettled.flatMap((entry) => entry.audit.map((a) => a.id)))
    const audit = this.pendingAudit.filter((entry) => !waiting.has(entry.id))
    this.pendingAudit = this.pendingAudit.filter((entry) => waiting.has(entry.id))
    try {
      for (const shard of dirty) {
        await this.writeShard(shard)
        // yield so edits keep flowing while a large register is rewritten
        await new Promise((resolve) => setImmediate(resolve))
      }
      await this.flushAudit(audit)
      this.meta = { ...this.meta, generation: rotated, auditFlushedGeneration: rotated, shards: shardCounts() }
      await new Low<Meta>(new DurableJsonFile(join(this.registerDir, 'meta.json'), { keepBackup: true, fs: this.fs }), this.meta).write()
    } catch (error) {
      for (const shard of dirty) this.dirty.add(shard)
      this.pendingAudit = [...audit, ...this.pendingAudit]
      throw error
    }
    // The journal just rotated out stays as the safety net for a damaged shard; older ones go.
    for (const generation of await this.journalGenerations()) {
      if (generation < rotated) await this.fs.unlink(this.journalPath(generation)).catch(() => {})
    }
  }

  /**
   * Writes one snapshot shard as of the last acknowledged transaction: a value still waiting for
   * its fsync is written as it was before, so a refused change never reaches a snapshot file (the
   * journal replays the waiting ones that do become durable).
   */
  private async writeShard(shardKey: string): Promise<void> {
    const [name, shardText] = shardKey.split('/') as [CollectionName, string]
    const shard = Number(shardText)
    const shards = COLLECTIONS[name].shards
    // keyed by id: no prototype, so an id like "__proto__" is a key like any other
    const records: Record<string, unknown> = Object.create(null)
    for (const [id, value] of this.collection(name)) if (shardOf(id, shards) === shard) records[id] = value
    for (let i = this.unsettled.length - 1; i >= 0; i--) {
      for (const { collection, id, previous } of this.unsettled[i].undo) {
        if (collection !== name || shardOf(id, shards) !== shard) continue
        if (previous === ABSENT) delete records[id]
        else records[id] = previous
        // the next compaction writes what becomes of it (its journal is the one after this snapshot's)
        this.dirty.add(shardKey)
      }
    }
    const dir = join(this.registerDir, name)
    const path = join(dir, `${shard}.json`)
    const recovered = this.recoveredShards.has(shardKey)
    // an empty shard that never existed needs no file (a new register would otherwise write ~150)
    if (Object.keys(records).length === 0 && !recovered && !(await this.fs.stat(path).catch(() => null))) return
    await ensurePrivateDirectory(dir, this.fs)
    // a rebuilt shard keeps its .bak: the file it replaces is the damaged one
    const db = new Low(new DurableJsonFile<{ records: Record<string, unknown> }>(path, { keepBackup: !recovered, fs: this.fs }), { records })
    await db.write()
    this.recoveredShards.delete(shardKey)
  }

  private async flushAudit(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return
    const dir = join(this.dataDir, 'audit')
    await ensurePrivateDirectory(dir, this.fs)
    const byShard = new Map<number, string[]>()
    for (const entry of entries) {
      const shard = shardOf(entry.entityId, AUDIT_SHARDS)
      const lines = byShard.get(shard) ?? []
      lines.push(JSON.stringify(entry))
      byShard.set(shard, lines)
    }
    for (const [shard, lines] of byShard) {
      const handle = await this.fs.open(join(dir, `${shard}.jsonl`), 'a', PRIVATE_FILE_MODE)
      try {
        // a torn line left by an earlier failed append ends here, so this one starts clean
        await writeAll(handle, Buffer.from(`\n${lines.join('\n')}\n`))
        await handle.sync()
      } finally {
        await handle.close()
      }
    }
    await fsyncDirectory(dir, this.fs)
  }

  // ---- loading ---------------------------------------------------------------------------

  private async loadSnapshots(): Promise<void> {
    for (const name of Object.keys(COLLECTIONS) as CollectionName[]) {
      const dir = join(this.registerDir, name)
      let files: string[]
      try {
        files = await this.fs.readdir(dir)
      } catch (error) {
        if (isMissing(error)) continue
        throw error
      }
      const shards = files.filter((file) => /^\d+\.json$/.test(file))
      // a last good copy without its file: the file went missing (or was set aside and never written back)
      const orphans = files.filter((file) => /^\d+\.json\.bak$/.test(file) && !files.includes(file.slice(0, -4))).map((file) => file.slice(0, -4))
      const collection = this.collection(name)
      await Promise.all(
        [...shards, ...orphans].map(async (file) => {
          const records = await this.readShardWithRecovery(name, join(dir, file), `${name}/${file}`)
          for (const id in records) collection.set(id, records[id])
        }),
      )
      const storedShards = this.meta.shards[name]
      if (storedShards !== undefined && storedShards !== COLLECTIONS[name].shards) this.markAllDirty(name)
    }
  }

  private async readShardWithRecovery(name: CollectionName, path: string, label: string): Promise<Record<string, unknown>> {
    let damage: Error | null = null // null: the file is missing
    try {
      const data = await new DurableJsonFile<{ records: Record<string, unknown> }>(path, { fs: this.fs }).read()
      if (data !== null) return this.checkedRecords(name, data)
    } catch (error) {
      damage = error as Error
    }
    let backup: Record<string, unknown> | null = null
    let backupProblem = 'none'
    try {
      const data = await new DurableJsonFile<{ records: Record<string, unknown> }>(`${path}.bak`, { fs: this.fs }).read()
      if (data !== null) backup = this.checkedRecords(name, data)
    } catch (error) {
      backupProblem = (error as Error).message
    }
    if (!backup) {
      throw coreError('storage', 'store.file_unrecoverable', { file: label, detail: damage?.message ?? 'missing', backup: backupProblem, folder: this.dataDir }, { cause: damage })
    }
    const keptAt = this.options.readOnly || !damage ? path : await this.setAside(path)
    this.recoveredFromBackup = true
    this.warn(
      damage
        ? `The register file ${label} was damaged (${damage.message}); it was kept at ${keptAt} and its last good copy was loaded, with later changes replayed from the journal.`
        : `The register file ${label} was missing; its last good copy was loaded, with later changes replayed from the journal.`,
    )
    const shardKey = `${name}/${Number(/(\d+)\.json$/.exec(path)![1])}`
    this.recoveredShards.add(shardKey)
    this.dirty.add(shardKey)
    return backup
  }

  /** The records of a snapshot file, or an error naming what is wrong with them. */
  private checkedRecords(name: CollectionName, data: { records: Record<string, unknown> }): Record<string, unknown> {
    if (typeof data !== 'object' || data === null || typeof data.records !== 'object' || data.records === null || Array.isArray(data.records)) {
      throw new Error('no records object')
    }
    const check = this.options.recordCheck === undefined ? recordProblem : this.options.recordCheck
    // older registers are reshaped by their migrations before records take today's shape
    if (check && this.meta.schemaVersion === LATEST_SCHEMA_VERSION) {
      for (const id in data.records) {
        const problem = check(name, id, data.records[id])
        if (problem) throw new Error(problem)
      }
    }
    return data.records
  }

  private async replayJournals(): Promise<number[]> {
    const generations = await this.journalGenerations()
    // The snapshot already holds every journal up to meta.generation; that last one is kept only
    // to rebuild a shard recovered from its .bak copy, so it is replayed only then.
    const needed = generations.filter((g) => g > this.meta.generation || (g === this.meta.generation && this.recoveredFromBackup))
    for (const [index, generation] of needed.entries()) {
      const path = this.journalPath(generation)
      const result = await readJournal(path, this.fs)
      const replayAudit = generation > this.meta.auditFlushedGeneration
      for (const record of result.records) {
        this.apply(replayAudit ? record : { ...record, audit: undefined }, false)
      }
      if (result.damagedLines.length > 0) {
        const keptAt = this.options.readOnly ? path : await this.setAside(path, { copy: true })
        const lines = result.damagedLines.length === 1 ? `line ${result.damagedLines[0]}` : `lines ${result.damagedLines.join(', ')}`
        this.warn(
          `The journal ${path} is damaged at ${lines}; ${lines === 'line' ? 'that change was' : 'those changes were'} skipped, the ${result.records.length} good ones loaded, and the file was kept at ${keptAt}.`,
        )
        this.damagedJournal = true
      }
      if (result.tornTail && index === needed.length - 1 && !this.options.readOnly) {
        // An interrupted append that was never acknowledged: cut it so new lines start clean.
        await this.fs.truncate(path, result.validBytes)
      }
    }
    return generations
  }

  private async setAside(path: string, options: { copy?: boolean } = {}): Promise<string> {
    const dir = join(this.registerDir, 'damaged')
    await ensurePrivateDirectory(dir, this.fs)
    const target = join(dir, `${path.slice(this.registerDir.length + 1).replaceAll('/', '_')}.${Date.now()}`)
    if (options.copy) {
      await this.fs.copyFile(path, target)
    } else {
      await this.fs.rename(path, target)
    }
    await fsyncDirectory(dir, this.fs)
    return target
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Waits for pending writes, compacts if the journal holds anything, and closes the journal. */
  async close(options: { compact?: boolean } = {}): Promise<void> {
    if (this.closed) {
      await this.releaseLock()
      return
    }
    await this.writer.drain()
    if (this.compaction) await this.compaction.catch(() => {})
    const owed = this.writer.bytes > 0 || this.recoveredShards.size > 0
    if ((options.compact ?? true) && !this.failure && owed) await this.compact().catch(() => {})
    this.closed = true
    await this.writer.close()
    await this.releaseLock()
  }

  private async releaseLock(): Promise<void> {
    await this.lock?.release()
    this.lock = null
  }

  /** Resolves when every transaction started so far is durable. */
  flush(): Promise<void> {
    return this.writer?.drain() ?? Promise.resolve()
  }

  // ---- helpers ---------------------------------------------------------------------------

  private collection(name: CollectionName): Map<string, unknown> {
    const collection = this.collections.get(name)
    if (!collection) throw new Error(`unknown collection "${name}"`)
    return collection
  }

  private shardKey(name: CollectionName, id: string): string {
    return `${name}/${shardOf(id, COLLECTIONS[name].shards)}`
  }

  private markAllDirty(name: CollectionName): void {
    for (let shard = 0; shard < COLLECTIONS[name].shards; shard++) this.dirty.add(`${name}/${shard}`)
  }

  private journalPath(generation: number): string {
    return join(this.registerDir, `journal-${generation}.log`)
  }

  private async journalGenerations(): Promise<number[]> {
    const files = await this.fs.readdir(this.registerDir)
    return files
      .map((file) => JOURNAL_PATTERN.exec(file)?.[1])
      .filter((match): match is string => match !== undefined)
      .map(Number)
      .sort((a, b) => a - b)
  }

  private warn(message: string): void {
    this.warnings.push(message)
    this.options.onWarning?.(message)
  }

  private storageError(error: Error, lasting: boolean): CoreError {
    return storageFailure(error, this.dataDir, lasting)
  }
}

function key(collection: string, id: string): string {
  return `${collection}\u0000${id}`
}

function shardCounts(): Record<string, number> {
  return Object.fromEntries(Object.entries(COLLECTIONS).map(([name, { shards }]) => [name, shards]))
}

async function loadMeta(registerDir: string, warn: (message: string) => void, fs: StoreFs): Promise<Meta> {
  const fresh: Meta = {
    format: 'enrollment-station-register',
    schemaVersion: 0,
    generation: 0,
    auditFlushedGeneration: 0,
    shards: {},
    createdAt: new Date().toISOString(),
  }
  const path = join(registerDir, 'meta.json')
  try {
    const meta = await new DurableJsonFile<Meta>(path, { fs }).read()
    if (meta === null) {
      const backup = await new DurableJsonFile<Meta>(`${path}.bak`, { fs }).read().catch(() => null)
      if (backup?.format !== fresh.format) return fresh
      warn("The register's meta.json was missing; its last good copy was loaded.")
      return backup
    }
    if (meta.format !== fresh.format) throw new Error('not a register meta file')
    return meta
  } catch (error) {
    const backup = await new DurableJsonFile<Meta>(`${path}.bak`, { fs }).read().catch(() => null)
    if (backup?.format === fresh.format) {
      warn(`The register's meta.json was damaged (${(error as Error).message}); its last good copy was loaded.`)
      return backup
    }
    throw coreError('storage', 'store.meta_damaged', { folder: registerDir, detail: (error as Error).message }, { cause: error })
  }
}
