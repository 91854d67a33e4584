/**
 * The register's face descriptors for the 1:N match at capture (Node): a FaceStore
 * (<dataDir>/faces/descriptors.bin) brought in step with the persons before each search.
 *
 *   const faces = await registerFaces(station)       one per open station
 *   await faces.search(descriptor, options?)         catch up, then FaceStore.search (blacklist first)
 *   await faces.catchUp(budgetMs?) → { indexed, pending, failed }
 *
 * Catching up compares every live person's photo hash with the hash the stored descriptor came
 * from (a Map lookup each: a few ms for 100,000 persons), drops deleted and purged persons, follows
 * type changes to and from blacklist, and computes the missing descriptors from the stored
 * portraits (describePortrait), within a time budget so one capture never waits for a whole
 * register; the rest follow on the next calls. Photos with no detectable face are remembered and
 * not retried until they change.
 *
 * Why lazily here rather than when a person is saved: the register is written by the desk, the CLI
 * and imports alike, and a stale or missing descriptor must never hide a blacklist entry, so the
 * check runs where the answer is needed.
 */
import { FaceStore } from './face-store'
import type { FaceMatch, SearchOptions } from './face-index'
import type { DescriptorEntry } from './descriptor-file'
import type { Person } from '../model/person'

export interface RegisterFacesDeps {
  dataDir: string
  /** Every person of the register, deleted ones included or not. */
  persons(): Iterable<Person>
  readPhoto(hash: string): Promise<Buffer>
  /** Descriptor of a stored portrait; main/core/face/pipeline.ts describePortrait by default. */
  describe?(jpeg: Buffer): Promise<Float32Array>
}

export interface CatchUpReport {
  indexed: number
  pending: number
  failed: number
}

/** One capture waits at most about this long for missing descriptors (≈ 10–30 on this hardware). */
const DEFAULT_BUDGET_MS = 3000

export class RegisterFaces {
  private readonly unreadable = new Set<string>()
  private running: Promise<CatchUpReport> | null = null

  private constructor(
    readonly store: FaceStore,
    private readonly deps: RegisterFacesDeps,
  ) {}

  static async open(deps: RegisterFacesDeps): Promise<RegisterFaces> {
    return new RegisterFaces(await FaceStore.open(deps.dataDir), deps)
  }

  async search(descriptor: ArrayLike<number>, options?: SearchOptions): Promise<FaceMatch[]> {
    await this.catchUp()
    return this.store.search(descriptor, options)
  }

  /** Concurrent callers share one pass. */
  catchUp(budgetMs = DEFAULT_BUDGET_MS): Promise<CatchUpReport> {
    this.running ??= this.pass(budgetMs).finally(() => {
      this.running = null
    })
    return this.running
  }

  private async pass(budgetMs: number): Promise<CatchUpReport> {
    const started = performance.now()
    const live = new Set<string>()
    const missing: Person[] = []
    for (const person of this.deps.persons()) {
      if (person.deletedAt || !person.photo) continue
      live.add(person.id)
      const blacklist = person.type === 'blacklist'
      if (this.store.photoHash(person.id) !== person.photo.hash) {
        if (!this.unreadable.has(person.photo.hash)) missing.push(person)
      } else if (this.store.index.isBlacklisted(person.id) !== blacklist) {
        await this.store.setBlacklist(person.id, blacklist)
      }
    }
    for (const { key } of [...this.store.index.entries()]) if (!live.has(key)) await this.store.remove(key)

    // Blacklist entries first: they are the ones a capture must never miss.
    missing.sort((a, b) => Number(b.type === 'blacklist') - Number(a.type === 'blacklist'))
    const describe = this.deps.describe ?? (await import('./pipeline')).describePortrait
    const computed: DescriptorEntry[] = []
    let done = 0
    for (const person of missing) {
      if (performance.now() - started > budgetMs) break
      done++
      const hash = person.photo!.hash
      try {
        const descriptor = await describe(await this.deps.readPhoto(hash))
        computed.push({ key: person.id, descriptor, blacklist: person.type === 'blacklist', photoHash: hash })
      } catch {
        // no face in the stored photo, or the file is gone: nothing to match against
        this.unreadable.add(hash)
      }
    }
    if (computed.length > 0) await this.store.putMany(computed)
    return { indexed: this.store.size, pending: missing.length - done, failed: this.unreadable.size }
  }

  close(): Promise<void> {
    return this.store.close()
  }
}

const opened = new WeakMap<object, Promise<RegisterFaces>>()

/** The station's RegisterFaces, opened on first use (one FaceStore per data folder and process). */
export function registerFaces(station: {
  dataDir: string
  store: { values<T>(collection: 'persons'): IterableIterator<T> }
  photos: { read(hash: string): Promise<Buffer> }
}): Promise<RegisterFaces> {
  let faces = opened.get(station)
  if (!faces) {
    faces = RegisterFaces.open({
      dataDir: station.dataDir,
      persons: () => station.store.values<Person>('persons'),
      readPhoto: (hash) => station.photos.read(hash),
    })
    opened.set(station, faces)
    faces.catch(() => opened.delete(station))
  }
  return faces
}
