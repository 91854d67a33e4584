import { readdir, rename, truncate, unlink, mkdir, appendFile, open, readFile, copyFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { Low } from 'lowdb'
import { COLLECTIONS, isCollectionName, shardOf, type CollectionName } from './collections'
import { DurableJsonFile, ensureDirectory, fsyncDirectory } from './durable-file'
import { JournalWriter, readJournal, type AuditEntry, type JournalOp, type JournalRecord } from './journal'
import { runMigrations, LATEST_SCHEMA_VERSION } from './migrations'
import { RegisterLock } from './register-lock'
import { CoreError } from '../model/errors'

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
  private lock: RegisterLock | null = null

  private constructor(
    readonly dataDir: string,
    private meta: Meta,
    private readonly options: StoreOptions,
  ) {
    for (const name of Object.keys(COLLECTIONS) as CollectionName[]) this.collections.set(name, new Map())
  }

  get registerDir(): string {
    return join(this.dataDir, 'register')
  }

  static async open(dataDir: string, options: StoreOptions = {}): Promise<Store> {
    const registerDir = join(dataDir, 'register')
    await ensureDirectory(registerDir)
    const lock = options.readOnly ? null : await RegisterLock.acquire(registerDir, options.purpose ?? `another program (${process.argv[1] ?? 'node'})`)
    try {
      return await Store.load(dataDir, registerDir, options, lock)
    } catch (error) {
      await lock?.release()
      throw error
    }
  }

  private static async load(dataDir: string, registerDir: string, options: StoreOptions, lock: RegisterLock | null): Promise<Store> {
    const meta = await loadMeta(registerDir, (m) => options.onWarning?.(m))
    const store = new Store(dataDir, meta, options)
    store.lock = lock
    await store.loadSnapshots()
    const journals = await store.replayJournals()
    if (store.meta.schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new CoreError(
        'storage',
        `The register in ${dataDir} was written by a newer version of Enrollment Station (schema ${store.meta.schemaVersion}, this version knows ${LATEST_SCHEMA_VERSION}). Update the app; nothing was changed.`,
      )
    }
    const lastGeneration = journals.at(-1) ?? meta.generation + 1
    store.activeGeneration = Math.max(lastGeneration, meta.generation + 1)
    if (options.readOnly) {
      if (store.meta.schemaVersion < LATEST_SCHEMA_VERSION) {
        throw new CoreError('storage', `The register in ${dataDir} needs an upgrade, which needs it opened for writing (close the program using it first).`)
      }
      store.closed = true
      return store
    }
    store.writer = await JournalWriter.open(store.journalPath(store.activeGeneration))
    await fsyncDirectory(registerDir)
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
   */
  transact<R>(fn: (tx: Transaction) => R): Promise<R> {
    if (this.failure) return Promise.reject(this.storageError(this.failure))
    if (this.closed) {
      const why = this.options.readOnly ? 'The register was opened read-only (another program holds it); make the change there.' : 'The register is closed.'
      return Promise.reject(new CoreError('storage', why))
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
    const audit = auditInputs.map((entry) => ({ id: randomUUID(), at, ...entry }))
    const record: JournalRecord = { seq: ++this.seq, at, ops, ...(audit.length ? { audit } : {}) }
    this.apply(record, true)
    return this.writer.append(record).then(
      () => {
        this.maybeCompact()
        return result
      },
      (error: Error) => {
        this.failure = error
        throw this.storageError(error)
      },
    )
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
    const path = join(this.dataDir, 'audit', `${shardOf(entityId, AUDIT_SHARDS)}.jsonl`)
    const seen = new Set<string>()
    const entries: AuditEntry[] = []
    const take = (entry: AuditEntry) => {
      if (entry.entity !== entity || entry.entityId !== entityId || seen.has(entry.id)) return
      seen.add(entry.id)
      entries.push(entry)
    }
    let text = ''
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    for (const line of text.split('\n')) {
      if (!line.includes(entityId)) continue
      try {
        take(JSON.parse(line) as AuditEntry)
      } catch {
        // a torn last line from a crash during compaction; the entry is still in the journal
      }
    }
    for (const entry of this.pendingAudit) take(entry)
    return entries.sort((a, b) => a.at.localeCompare(b.at))
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
    this.activeGeneration = rotated + 1
    this.writer = await JournalWriter.open(this.journalPath(this.activeGeneration))
    await fsyncDirectory(this.registerDir)
    await previousWriter.close()

    const dirty = [...this.dirty]
    this.dirty.clear()
    const audit = this.pendingAudit
    this.pendingAudit = []
    try {
      for (const shard of dirty) {
        await this.writeShard(shard)
        // yield so edits keep flowing while a large register is rewritten
        await new Promise((resolve) => setImmediate(resolve))
      }
      await this.flushAudit(audit)
    } catch (error) {
      for (const shard of dirty) this.dirty.add(shard)
      this.pendingAudit = [...audit, ...this.pendingAudit]
      throw error
    }
    this.meta = { ...this.meta, generation: rotated, auditFlushedGeneration: rotated, shards: shardCounts() }
    await new Low<Meta>(new DurableJsonFile(join(this.registerDir, 'meta.json'), { keepBackup: true }), this.meta).write()
    // The journal just rotated out stays as the safety net for a damaged shard; older ones go.
    for (const generation of await this.journalGenerations()) {
      if (generation < rotated) await unlink(this.journalPath(generation)).catch(() => {})
    }
  }

  private async writeShard(shardKey: string): Promise<void> {
    const [name, shardText] = shardKey.split('/') as [CollectionName, string]
    const shard = Number(shardText)
    const shards = COLLECTIONS[name].shards
    const records: Record<string, unknown> = {}
    for (const [id, value] of this.collection(name)) if (shardOf(id, shards) === shard) records[id] = value
    const dir = join(this.registerDir, name)
    const path = join(dir, `${shard}.json`)
    // an empty shard that never existed needs no file (a new register would otherwise write ~150)
    if (Object.keys(records).length === 0 && !(await stat(path).catch(() => null))) return
    await mkdir(dir, { recursive: true })
    const db = new Low(new DurableJsonFile<{ records: Record<string, unknown> }>(path, { keepBackup: true }), { records })
    await db.write()
  }

  private async flushAudit(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return
    const dir = join(this.dataDir, 'audit')
    await mkdir(dir, { recursive: true })
    const byShard = new Map<number, string[]>()
    for (const entry of entries) {
      const shard = shardOf(entry.entityId, AUDIT_SHARDS)
      const lines = byShard.get(shard) ?? []
      lines.push(JSON.stringify(entry))
      byShard.set(shard, lines)
    }
    for (const [shard, lines] of byShard) {
      const path = join(dir, `${shard}.jsonl`)
      await appendFile(path, lines.join('\n') + '\n')
      const handle = await open(path, 'r+')
      await handle.sync().finally(() => handle.close())
    }
    await fsyncDirectory(dir)
  }

  // ---- loading ---------------------------------------------------------------------------

  private async loadSnapshots(): Promise<void> {
    for (const name of Object.keys(COLLECTIONS) as CollectionName[]) {
      const dir = join(this.registerDir, name)
      let files: string[]
      try {
        files = (await readdir(dir)).filter((file) => /^\d+\.json$/.test(file))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      const collection = this.collection(name)
      await Promise.all(
        files.map(async (file) => {
          const records = await this.readShardWithRecovery(join(dir, file), `${name}/${file}`)
          for (const id in records) collection.set(id, records[id])
        }),
      )
      const storedShards = this.meta.shards[name]
      if (storedShards !== undefined && storedShards !== COLLECTIONS[name].shards) this.markAllDirty(name)
    }
  }

  private async readShardWithRecovery(path: string, label: string): Promise<Record<string, unknown>> {
    try {
      const data = await new DurableJsonFile<{ records: Record<string, unknown> }>(path).read()
      if (data && typeof data.records === 'object' && data.records) return data.records
      throw new Error('no records object')
    } catch (error) {
      const backup = await new DurableJsonFile<{ records: Record<string, unknown> }>(`${path}.bak`).read().catch(() => null)
      if (!backup || typeof backup.records !== 'object') {
        throw new CoreError(
          'storage',
          `The register file ${label} is damaged (${(error as Error).message}) and has no good copy to recover from. Nothing was changed; restore ${this.dataDir} from a backup.`,
          { cause: error },
        )
      }
      const keptAt = this.options.readOnly ? path : await this.setAside(path)
      this.recoveredFromBackup = true
      this.warn(
        `The register file ${label} was damaged (${(error as Error).message}); it was kept at ${keptAt} and its last good copy was loaded, with later changes replayed from the journal.`,
      )
      // the recovered shard must be rewritten at the next compaction
      const [name, file] = label.split('/')
      this.dirty.add(`${name}/${file.replace('.json', '')}`)
      return backup.records
    }
  }

  private async replayJournals(): Promise<number[]> {
    const generations = await this.journalGenerations()
    // The snapshot already holds every journal up to meta.generation; that last one is kept only
    // to rebuild a shard recovered from its .bak copy, so it is replayed only then.
    const needed = generations.filter((g) => g > this.meta.generation || (g === this.meta.generation && this.recoveredFromBackup))
    for (const [index, generation] of needed.entries()) {
      const path = this.journalPath(generation)
      const result = await readJournal(path)
      const replayAudit = generation > this.meta.auditFlushedGeneration
      for (const record of result.records) {
        this.apply(replayAudit ? record : { ...record, audit: undefined }, false)
      }
      if (result.corruptAt !== null) {
        const keptAt = this.options.readOnly ? path : await this.setAside(path, { copy: true })
        this.warn(
          `The journal ${path} is damaged at line ${result.corruptAt}; the ${result.records.length} changes before it were loaded and the file was kept at ${keptAt}. Changes recorded after that point may be missing.`,
        )
        if (!this.options.readOnly) await truncate(path, result.validBytes)
      } else if (result.tornTail && index === needed.length - 1 && !this.options.readOnly) {
        // An interrupted append that was never acknowledged: cut it so new lines start clean.
        await truncate(path, result.validBytes)
      }
    }
    return generations
  }

  private async setAside(path: string, options: { copy?: boolean } = {}): Promise<string> {
    const dir = join(this.registerDir, 'damaged')
    await mkdir(dir, { recursive: true })
    const target = join(dir, `${path.slice(this.registerDir.length + 1).replaceAll('/', '_')}.${Date.now()}`)
    if (options.copy) {
      await copyFile(path, target)
    } else {
      await rename(path, target)
    }
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
    if ((options.compact ?? true) && !this.failure && this.writer.bytes > 0) await this.compact().catch(() => {})
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
    const files = await readdir(this.registerDir)
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

  private storageError(error: Error): CoreError {
    return new CoreError(
      'storage',
      `The register could not be written (${error.message}). The last change was not saved; restart the app (everything saved before is kept).`,
      { cause: error },
    )
  }
}

function key(collection: string, id: string): string {
  return `${collection}\u0000${id}`
}

function shardCounts(): Record<string, number> {
  return Object.fromEntries(Object.entries(COLLECTIONS).map(([name, { shards }]) => [name, shards]))
}

async function loadMeta(registerDir: string, warn: (message: string) => void): Promise<Meta> {
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
    const meta = await new DurableJsonFile<Meta>(path).read()
    if (meta === null) {
      const backup = await new DurableJsonFile<Meta>(`${path}.bak`).read().catch(() => null)
      if (backup?.format !== fresh.format) return fresh
      warn("The register's meta.json was missing; its last good copy was loaded.")
      return backup
    }
    if (meta.format !== fresh.format) throw new Error('not a register meta file')
    return meta
  } catch (error) {
    const backup = await new DurableJsonFile<Meta>(`${path}.bak`).read().catch(() => null)
    if (backup?.format === fresh.format) {
      warn(`The register's meta.json was damaged (${(error as Error).message}); its last good copy was loaded.`)
      return backup
    }
    throw new CoreError(
      'storage',
      `The register's meta.json in ${registerDir} is damaged (${(error as Error).message}) and has no good copy. Nothing was changed; restore the data folder from a backup.`,
      { cause: error },
    )
  }
}
