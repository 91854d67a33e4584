/**
 * The register's face descriptors: a FaceIndex in memory kept in step with its DescriptorFile (Node).
 *
 *   const store = await FaceStore.open(dataDir)     loads <dataDir>/faces/descriptors.bin
 *   store.search(descriptor, options?)              1:N, blacklist first (FaceIndex.search)
 *   await store.put({ key, descriptor, blacklist, photoHash })   durable before it resolves
 *   await store.putMany(entries) / store.remove(key) / store.setBlacklist(key, on)
 *   store.photoHash(key)                            the photo a descriptor came from (stale check)
 *   await store.close()
 *
 * The file is compacted when it holds more than twice as many records as live entries.
 */
import { join } from 'node:path'
import { DescriptorFile, photoHashAt, type DescriptorEntry, type DescriptorSnapshot, type LoadStats } from './descriptor-file'
import { FaceIndex, type FaceMatch, type SearchOptions } from './face-index'

export const DESCRIPTOR_FILE = join('faces', 'descriptors.bin')

/** Compaction keeps the file within ~2× its live size; small files are left alone. */
const COMPACT_MIN_RECORDS = 1000

export class FaceStore {
  readonly index: FaceIndex
  /** Photo hashes read or changed since loading (null once removed); the others are still in the snapshot's bytes. */
  private readonly hashes = new Map<string, string | null>()

  private constructor(
    private readonly file: DescriptorFile,
    private readonly loaded: DescriptorSnapshot,
    readonly loadStats: LoadStats,
  ) {
    this.index = FaceIndex.fromPacked(loaded.keys, loaded.vectors, loaded.blacklist)
  }

  static async open(dataDir: string): Promise<FaceStore> {
    const { file, snapshot, stats } = await DescriptorFile.open(join(dataDir, DESCRIPTOR_FILE))
    const store = new FaceStore(file, snapshot, stats)
    if (stats.corrupt > 0) await store.compact()
    return store
  }

  get size(): number {
    return this.index.size
  }

  has(key: string): boolean {
    return this.index.has(key)
  }

  photoHash(key: string): string | null {
    if (this.hashes.has(key)) return this.hashes.get(key) ?? null
    const loadedAt = this.loaded.indexOf.get(key)
    if (loadedAt === undefined) return null
    // Hex strings are made on first use and kept: a pass over the register then costs Map lookups.
    const hash = photoHashAt(this.loaded, loadedAt)
    this.hashes.set(key, hash)
    return hash
  }

  search(descriptor: ArrayLike<number>, options?: SearchOptions): FaceMatch[] {
    return this.index.search(descriptor, options)
  }

  put(entry: DescriptorEntry): Promise<void> {
    return this.putMany([entry])
  }

  async putMany(entries: readonly DescriptorEntry[]): Promise<void> {
    await this.file.append(entries)
    for (const entry of entries) {
      this.index.set(entry.key, entry.descriptor, { blacklist: entry.blacklist })
      this.hashes.set(entry.key, entry.photoHash)
    }
    await this.compactIfSparse()
  }

  async remove(key: string): Promise<boolean> {
    if (!this.index.has(key)) return false
    await this.file.appendRemovals([key])
    this.index.remove(key)
    this.hashes.set(key, null)
    await this.compactIfSparse()
    return true
  }

  /** E.g. when a person's type changes to or from "blacklist". */
  async setBlacklist(key: string, blacklist: boolean): Promise<void> {
    const descriptor = this.index.get(key)
    if (!descriptor || this.index.isBlacklisted(key) === blacklist) return
    await this.put({ key, descriptor, blacklist, photoHash: this.photoHash(key) })
  }

  async compact(): Promise<void> {
    const live = [...this.index.entries()].map((entry) => ({ ...entry, photoHash: this.photoHash(entry.key) }))
    await this.file.rewrite(live)
  }

  close(): Promise<void> {
    return this.file.close()
  }

  private async compactIfSparse(): Promise<void> {
    if (this.file.records >= COMPACT_MIN_RECORDS && this.file.records > 2 * this.index.size) await this.compact()
  }
}
