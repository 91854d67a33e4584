/**
 * 1:N face search over the whole register. PURE (no Node imports), so the renderer could hold one too.
 *
 *   const index = new FaceIndex()   (or FaceIndex.fromPacked(keys, vectors, blacklist))
 *   index.set(key, descriptor, { blacklist })   add or replace (key: a person id)
 *   index.remove(key) / index.has(key) / index.get(key) / index.size / index.keys() / index.entries()
 *   index.search(descriptor, { limit, maxDistance }) → FaceMatch[]
 *
 * Descriptors live in one flat block (grown by doubling; see descriptor-block.ts) and the search
 * is an exact scan over it with a WebAssembly SIMD kernel (~13 M multiply-adds for 100,000
 * persons, four at a time): milliseconds, no approximate index needed (bench/face.ts measures it).
 * Removal moves the last entry into the hole, so the block stays dense.
 */
import { createDescriptorBlock, DESCRIPTOR_LENGTH, type DescriptorBlock, type DistanceKernel } from './descriptor-block'

export { DESCRIPTOR_LENGTH }

/**
 * Euclidean distances between face-api descriptors. 0.6 is face-api's (and dlib's) customary
 * "same person" limit. Measured on the demo photos (see test/face and bench/face.ts): the same face
 * re-photographed (rescaled, brightened, mirrored, re-cropped) stays under 0.35; different people
 * are 0.52–1.0 apart, with look-alike pairs from 0.52. So: MATCH_DISTANCE 0.5 flags a probable
 * duplicate at enrollment, and the search reports candidates up to 0.6 for a human to judge;
 * blacklist candidates within that range are always shown first.
 */
export const MATCH_DISTANCE = 0.5
export const CANDIDATE_DISTANCE = 0.6

export interface FaceMatch {
  key: string
  distance: number
  blacklist: boolean
}

export interface SearchOptions {
  /** At most this many results (default 5). */
  limit?: number
  /** Only matches at most this far (default CANDIDATE_DISTANCE). */
  maxDistance?: number
}

export class FaceIndex {
  private readonly block: DescriptorBlock
  private keyList: string[] = []
  private blacklist: Uint8Array
  private slots = new Map<string, number>()

  /** `kernel` is for benchmarks and tests: 'auto' takes WebAssembly SIMD where the runtime has it. */
  constructor(initialCapacity = 1024, kernel: DistanceKernel | 'auto' = 'auto') {
    const capacity = Math.max(1, initialCapacity)
    this.block = createDescriptorBlock(capacity, kernel)
    this.blacklist = new Uint8Array(capacity)
  }

  /** Which distance kernel the search runs on. */
  get kernel(): DistanceKernel {
    return this.block.kernel
  }

  /** An index over packed arrays (as DescriptorFile loads them); the descriptors are copied into the block once. */
  static fromPacked(keys: readonly string[], vectors: Float32Array, blacklist: Uint8Array, kernel: DistanceKernel | 'auto' = 'auto'): FaceIndex {
    if (vectors.length !== keys.length * DESCRIPTOR_LENGTH || blacklist.length !== keys.length) throw new Error('packed arrays of different lengths')
    const index = new FaceIndex(keys.length, kernel)
    index.block.rows.set(vectors)
    index.blacklist.set(blacklist)
    index.keyList = [...keys]
    keys.forEach((key, slot) => index.slots.set(key, slot))
    if (index.slots.size !== keys.length) throw new Error('duplicate keys')
    return index
  }

  get size(): number {
    return this.keyList.length
  }

  has(key: string): boolean {
    return this.slots.has(key)
  }

  /** A copy of the stored descriptor. */
  get(key: string): Float32Array | undefined {
    const slot = this.slots.get(key)
    return slot === undefined ? undefined : this.block.rows.slice(slot * DESCRIPTOR_LENGTH, (slot + 1) * DESCRIPTOR_LENGTH)
  }

  isBlacklisted(key: string): boolean {
    const slot = this.slots.get(key)
    return slot !== undefined && this.blacklist[slot] === 1
  }

  set(key: string, descriptor: ArrayLike<number>, flags: { blacklist?: boolean } = {}): void {
    if (descriptor.length !== DESCRIPTOR_LENGTH) throw new Error(`a face descriptor has ${DESCRIPTOR_LENGTH} numbers, got ${descriptor.length}`)
    let slot = this.slots.get(key)
    if (slot === undefined) {
      slot = this.keyList.length
      this.ensureCapacity(slot + 1)
      this.keyList.push(key)
      this.slots.set(key, slot)
    }
    this.block.rows.set(descriptor, slot * DESCRIPTOR_LENGTH)
    this.blacklist[slot] = flags.blacklist ? 1 : 0
  }

  setBlacklist(key: string, blacklist: boolean): void {
    const slot = this.slots.get(key)
    if (slot !== undefined) this.blacklist[slot] = blacklist ? 1 : 0
  }

  remove(key: string): boolean {
    const slot = this.slots.get(key)
    if (slot === undefined) return false
    const last = this.keyList.length - 1
    if (slot !== last) {
      const lastKey = this.keyList[last]
      this.block.rows.copyWithin(slot * DESCRIPTOR_LENGTH, last * DESCRIPTOR_LENGTH, (last + 1) * DESCRIPTOR_LENGTH)
      this.blacklist[slot] = this.blacklist[last]
      this.keyList[slot] = lastKey
      this.slots.set(lastKey, slot)
    }
    this.keyList.pop()
    this.slots.delete(key)
    return true
  }

  /** Nearest first, except that blacklist entries within maxDistance come before everyone else. */
  search(descriptor: ArrayLike<number>, options: SearchOptions = {}): FaceMatch[] {
    if (descriptor.length !== DESCRIPTOR_LENGTH) throw new Error(`a face descriptor has ${DESCRIPTOR_LENGTH} numbers, got ${descriptor.length}`)
    const limit = Math.max(1, options.limit ?? 5)
    const maxSquared = (options.maxDistance ?? CANDIDATE_DISTANCE) ** 2
    const query = Float32Array.from(descriptor)
    const count = this.keyList.length
    const distances = this.block.squaredDistances(query, count, maxSquared)
    // Best `limit` ordinary matches and every blacklist match, as (slot, squared distance).
    const best: Array<[number, number]> = []
    const flagged: Array<[number, number]> = []
    let cutoff = maxSquared
    const blacklist = this.blacklist
    for (let slot = 0; slot < count; slot++) {
      const squared = distances[slot]
      if (squared > maxSquared) continue
      if (blacklist[slot]) flagged.push([slot, squared])
      else if (squared <= cutoff) {
        insertSorted(best, [slot, squared], limit)
        if (best.length === limit) cutoff = best[limit - 1][1]
      }
    }
    flagged.sort((a, b) => a[1] - b[1])
    return [...flagged, ...best].slice(0, limit).map(([slot, squared]) => ({
      key: this.keyList[slot],
      distance: Math.sqrt(squared),
      blacklist: this.blacklist[slot] === 1,
    }))
  }

  /** The keys, without copying any descriptor. */
  keys(): string[] {
    return [...this.keyList]
  }

  *entries(): IterableIterator<{ key: string; descriptor: Float32Array; blacklist: boolean }> {
    for (let slot = 0; slot < this.keyList.length; slot++) {
      yield {
        key: this.keyList[slot],
        descriptor: this.block.rows.slice(slot * DESCRIPTOR_LENGTH, (slot + 1) * DESCRIPTOR_LENGTH),
        blacklist: this.blacklist[slot] === 1,
      }
    }
  }

  private ensureCapacity(count: number): void {
    const capacity = this.blacklist.length
    if (count <= capacity) return
    let next = capacity
    while (next < count) next *= 2
    this.block.grow(next)
    const blacklist = new Uint8Array(next)
    blacklist.set(this.blacklist)
    this.blacklist = blacklist
  }
}

function insertSorted(list: Array<[number, number]>, item: [number, number], limit: number): void {
  let at = list.length
  while (at > 0 && list[at - 1][1] > item[1]) at--
  if (at >= limit) return
  list.splice(at, 0, item)
  if (list.length > limit) list.pop()
}
