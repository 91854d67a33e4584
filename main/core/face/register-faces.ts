/**
 * The register's face descriptors for the 1:N match at capture (Node): a FaceStore
 * (<dataDir>/faces/descriptors.bin) brought in step with the persons before each search.
 *
 *   const faces = await registerFaces(station)       one per open station
 *   await faces.search(descriptor, options?)         catch up, then FaceStore.search (blacklist first)
 *   await faces.catchUp(budgetMs?) → { indexed, pending, failed }
 *
 * The first catch-up compares every live person's photo hash with the hash the stored descriptor
 * came from (~100–200 ms for 100,000 persons on this machine); after that only the persons the
 * register reported changed are looked at, so a search normally waits for nothing. A catch-up
 * drops deleted and purged persons, follows type changes to and from blacklist, and computes the
 * missing descriptors from the stored photos (describePortrait): every missing blacklist entry,
 * then other persons within a time budget, so a capture never waits for a whole register (the
 * rest follow on the next calls). Photos with no detectable face are not retried until they change.
 *
 * Why lazily here rather than when a person is saved: the register is written by the desk, the CLI
 * and imports alike, and a stale or missing descriptor must never hide a blacklist entry, so the
 * check runs where the answer is needed.
 */
import { FaceStore } from './face-store'
import type { FaceMatch, SearchOptions } from './face-index'
import type { DescriptorEntry } from './descriptor-file'
import type { Person } from '../../../common/model/person'
import type { CatchUpReport } from '../../../common/face/catch-up-report'

export type { CatchUpReport } from '../../../common/face/catch-up-report'

export interface RegisterFacesDeps {
  dataDir: string
  /** Every person of the register, deleted ones included or not. */
  persons(): Iterable<Person>
  person(id: string): Person | undefined
  /** Calls back with the ids of persons added, changed or removed. */
  onChange(listener: (ids: string[]) => void): void
  readPhoto(hash: string): Promise<Buffer>
  /** Descriptor of a stored photo; main/core/face/pipeline.ts describePortrait by default. */
  describe?(jpeg: Buffer): Promise<Float32Array>
}

/**
 * Time for missing descriptors of persons not on the blacklist: short before a search (the visitor
 * is waiting), longer when the capture view opens (`face.status`). One descriptor takes ~50–300 ms.
 */
export const SEARCH_BUDGET_MS = 300
export const STATUS_BUDGET_MS = 3000

export class RegisterFaces {
  private readonly unreadable = new Set<string>()
  private running: Promise<CatchUpReport> | null = null
  private fullPass = true
  /** Persons changed since the last pass, and those the last pass had no time for. */
  private readonly dirty = new Set<string>()

  private constructor(
    readonly store: FaceStore,
    private readonly deps: RegisterFacesDeps,
  ) {
    deps.onChange((ids) => {
      for (const id of ids) this.dirty.add(id)
    })
  }

  static async open(deps: RegisterFacesDeps): Promise<RegisterFaces> {
    return new RegisterFaces(await FaceStore.open(deps.dataDir), deps)
  }

  async search(descriptor: ArrayLike<number>, options?: SearchOptions): Promise<FaceMatch[]> {
    await this.catchUp(SEARCH_BUDGET_MS)
    return this.store.search(descriptor, options)
  }

  /** Concurrent callers share one pass. */
  catchUp(budgetMs = STATUS_BUDGET_MS): Promise<CatchUpReport> {
    this.running ??= this.pass(budgetMs).finally(() => {
      this.running = null
    })
    return this.running
  }

  private async pass(budgetMs: number): Promise<CatchUpReport> {
    const started = performance.now()
    const missing = this.fullPass ? await this.checkEveryone() : await this.checkDirty()
    this.fullPass = false
    this.dirty.clear()

    // Blacklist entries first and whatever the budget: they are the ones a capture must never miss.
    missing.sort((a, b) => Number(b.type === 'blacklist') - Number(a.type === 'blacklist'))
    const computed: DescriptorEntry[] = []
    let done = 0
    if (missing.length > 0) {
      const describe = this.deps.describe ?? (await import('./pipeline')).describePortrait
      for (const person of missing) {
        if (person.type !== 'blacklist' && performance.now() - started > budgetMs) break
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
    }
    if (computed.length > 0) await this.store.putMany(computed)
    for (const person of missing.slice(done)) this.dirty.add(person.id)
    return { indexed: this.store.size, pending: missing.length - done, failed: this.unreadable.size }
  }

  /** The first pass: the whole register against the whole file. */
  private async checkEveryone(): Promise<Person[]> {
    const missing: Person[] = []
    let indexedLive = 0
    for (const person of this.deps.persons()) {
      if (person.deletedAt || !person.photo) continue
      if (await this.check(person)) missing.push(person)
      if (this.store.has(person.id)) indexedLive++
    }
    // Only when some indexed key is no longer a live person (entries() copies every descriptor).
    if (this.store.size > indexedLive) {
      const gone = [...this.store.index.entries()].map((entry) => entry.key).filter((key) => !isLive(this.deps.person(key)))
      for (const key of gone) await this.store.remove(key)
    }
    return missing
  }

  private async checkDirty(): Promise<Person[]> {
    const missing: Person[] = []
    for (const id of this.dirty) {
      const person = this.deps.person(id)
      if (!isLive(person)) await this.store.remove(id)
      else if (await this.check(person)) missing.push(person)
    }
    return missing
  }

  /** True when the person's descriptor must be computed; follows a blacklist change on the way. */
  private async check(person: Person): Promise<boolean> {
    const hash = person.photo!.hash
    if (this.store.photoHash(person.id) !== hash) {
      if (this.store.has(person.id)) await this.store.remove(person.id)
      return !this.unreadable.has(hash)
    }
    const blacklist = person.type === 'blacklist'
    if (this.store.index.isBlacklisted(person.id) !== blacklist) await this.store.setBlacklist(person.id, blacklist)
    return false
  }

  close(): Promise<void> {
    return this.store.close()
  }
}

function isLive(person: Person | undefined): person is Person & { photo: NonNullable<Person['photo']> } {
  return Boolean(person && !person.deletedAt && person.photo)
}

const opened = new WeakMap<object, Promise<RegisterFaces>>()

/** The station's RegisterFaces, opened on first use (one FaceStore per data folder and process). */
export function registerFaces(station: {
  dataDir: string
  store: {
    values<T>(collection: 'persons'): IterableIterator<T>
    get<T>(collection: 'persons', id: string): T | undefined
    onChange(listener: (changes: Array<{ collection: string; id: string }>) => void): () => void
  }
  photos: { read(hash: string): Promise<Buffer> }
}): Promise<RegisterFaces> {
  let faces = opened.get(station)
  if (!faces) {
    const { store } = station
    faces = RegisterFaces.open({
      dataDir: station.dataDir,
      persons: () => store.values<Person>('persons'),
      person: (id) => store.get<Person>('persons', id),
      onChange: (listener) => store.onChange((changes) => listener(changes.filter((c) => c.collection === 'persons').map((c) => c.id))),
      readPhoto: (hash) => station.photos.read(hash),
    })
    opened.set(station, faces)
    faces.catch(() => opened.delete(station))
  }
  return faces
}
