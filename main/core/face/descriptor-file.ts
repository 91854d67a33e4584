/**
 * Face descriptors on disk, outside the JSON register (Node): one append-only binary file,
 * e.g. <dataDir>/faces/descriptors.bin.
 *
 *   const { file, snapshot, stats } = await DescriptorFile.open(path)  snapshot: the live entries, packed
 *   entryAt(snapshot, i) / photoHashAt(snapshot, i)                  one entry as an object
 *   await file.append([{ key, descriptor, blacklist, photoHash }])     durable (fsync) before it resolves
 *   await file.appendRemovals([key])                                   tombstones
 *   await file.rewrite(liveEntries)                                     compaction (atomic rename)
 *   await file.close()
 *
 * Layout, little-endian. Header (16 bytes): "ENRFACE\0", u32 version (1), u32 dimensions (128).
 * Then fixed-size records of RECORD_SIZE bytes:
 *   0 u32 magic "FDR1" · 4 u8 kind (1 put, 2 remove) · 5 u8 flags (bit 0 blacklist) · 6 u16 key length
 *   8 key, UTF-8, ≤ 64 bytes, zero padded · 72 photo SHA-256 (32 bytes, zeros when unknown)
 *   104 128 × f32 descriptor (zeros in a removal) · 616 u32 CRC-32 of bytes 0–615
 * Fixed-size records make recovery simple: a partial record at the end (a crash mid-write) is cut
 * off when the file is opened; a full record whose CRC fails (torn or rotten) is skipped and
 * counted, and the records after it still load.
 */
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { crc32 } from 'node:zlib'
import { DESCRIPTOR_LENGTH } from './face-index'

export interface DescriptorEntry {
  /** Who the descriptor belongs to: a person id (≤ 64 UTF-8 bytes). */
  key: string
  descriptor: Float32Array
  blacklist: boolean
  /** SHA-256 hex of the photo it was computed from, to notice when the photo changed. */
  photoHash: string | null
}

export interface LoadStats {
  /** Records read, puts and removals, valid ones only. */
  records: number
  live: number
  corrupt: number
  /** Bytes of a partial record cut off the end. */
  tornBytes: number
}

const HEADER = Buffer.from('ENRFACE\0', 'latin1')
const VERSION = 1
const HEADER_SIZE = 16
const RECORD_MAGIC = 0x31524446 // "FDR1" read as little-endian u32
const KEY_BYTES = 64
const HASH_BYTES = 32
const VECTOR_OFFSET = 104
const CRC_OFFSET = VECTOR_OFFSET + DESCRIPTOR_LENGTH * 4
export const RECORD_SIZE = CRC_OFFSET + 4
// Descriptors are copied as raw float32 bytes, which is little-endian on every platform Electron runs on.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('descriptor files need a little-endian CPU')
const KIND_PUT = 1
const KIND_REMOVE = 2
const FLAG_BLACKLIST = 1

function header(): Buffer {
  const buffer = Buffer.alloc(HEADER_SIZE)
  HEADER.copy(buffer, 0)
  buffer.writeUInt32LE(VERSION, 8)
  buffer.writeUInt32LE(DESCRIPTOR_LENGTH, 12)
  return buffer
}

function encodeRecord(target: Buffer, at: number, kind: number, key: string, entry?: DescriptorEntry): void {
  const keyBytes = Buffer.from(key, 'utf8')
  if (keyBytes.length === 0 || keyBytes.length > KEY_BYTES) throw new Error(`descriptor key must be 1–${KEY_BYTES} UTF-8 bytes: "${key}"`)
  target.fill(0, at, at + RECORD_SIZE)
  target.writeUInt32LE(RECORD_MAGIC, at)
  target.writeUInt8(kind, at + 4)
  target.writeUInt8(entry?.blacklist ? FLAG_BLACKLIST : 0, at + 5)
  target.writeUInt16LE(keyBytes.length, at + 6)
  keyBytes.copy(target, at + 8)
  if (entry) {
    if (entry.descriptor.length !== DESCRIPTOR_LENGTH) throw new Error(`a face descriptor has ${DESCRIPTOR_LENGTH} numbers`)
    if (entry.photoHash) {
      if (!/^[0-9a-f]{64}$/.test(entry.photoHash)) throw new Error('photoHash must be a SHA-256 hex digest')
      target.write(entry.photoHash, at + 72, HASH_BYTES, 'hex')
    }
    const vector = Float32Array.from(entry.descriptor)
    target.set(new Uint8Array(vector.buffer), at + VECTOR_OFFSET)
  }
  target.writeUInt32LE(crc32(target.subarray(at, at + CRC_OFFSET)), at + CRC_OFFSET)
}

/** Checks one record in place; returns its kind and key, or null when it is not a valid record. */
function readRecord(source: Buffer, at: number): { kind: number; key: string } | null {
  if (source.readUInt32LE(at) !== RECORD_MAGIC) return null
  if (crc32(source.subarray(at, at + CRC_OFFSET)) !== source.readUInt32LE(at + CRC_OFFSET)) return null
  const kind = source[at + 4]
  const keyLength = source.readUInt16LE(at + 6)
  if ((kind !== KIND_PUT && kind !== KIND_REMOVE) || keyLength === 0 || keyLength > KEY_BYTES) return null
  return { kind, key: source.toString('utf8', at + 8, at + 8 + keyLength) }
}

/**
 * The live entries of a file, packed: entry i has keys[i], vectors[i·128 … i·128+127],
 * blacklist[i] and photo hash bytes photoHashes[i·32 … i·32+31] (zeros when unknown). Loading
 * 100,000 persons this way allocates a handful of arrays instead of 100,000 objects.
 */
export interface DescriptorSnapshot {
  keys: string[]
  vectors: Float32Array
  blacklist: Uint8Array
  photoHashes: Uint8Array
  /** Entry index by key. */
  indexOf: Map<string, number>
}

export function photoHashAt(snapshot: DescriptorSnapshot, index: number): string | null {
  const bytes = snapshot.photoHashes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES)
  return bytes.some((b) => b !== 0) ? Buffer.from(bytes).toString('hex') : null
}

export function entryAt(snapshot: DescriptorSnapshot, index: number): DescriptorEntry {
  return {
    key: snapshot.keys[index],
    descriptor: snapshot.vectors.slice(index * DESCRIPTOR_LENGTH, (index + 1) * DESCRIPTOR_LENGTH),
    blacklist: snapshot.blacklist[index] === 1,
    photoHash: photoHashAt(snapshot, index),
  }
}

function snapshotOf(content: Buffer, whole: number, stats: LoadStats): DescriptorSnapshot {
  // Last write wins: remember each live key's latest record, then pack those records in file order.
  const latest = new Map<string, number>()
  for (let n = 0; n < whole; n++) {
    const record = readRecord(content, HEADER_SIZE + n * RECORD_SIZE)
    if (!record) {
      stats.corrupt++
      continue
    }
    stats.records++
    latest.delete(record.key)
    if (record.kind === KIND_PUT) latest.set(record.key, n)
  }
  const count = latest.size
  const vectors = new Float32Array(count * DESCRIPTOR_LENGTH)
  const vectorBytes = new Uint8Array(vectors.buffer)
  const blacklist = new Uint8Array(count)
  const photoHashes = new Uint8Array(count * HASH_BYTES)
  const keys: string[] = new Array(count)
  const indexOf = new Map<string, number>()
  let i = 0
  for (const [key, n] of latest) {
    const at = HEADER_SIZE + n * RECORD_SIZE
    keys[i] = key
    indexOf.set(key, i)
    blacklist[i] = content[at + 5] & FLAG_BLACKLIST
    photoHashes.set(content.subarray(at + 72, at + 72 + HASH_BYTES), i * HASH_BYTES)
    vectorBytes.set(content.subarray(at + VECTOR_OFFSET, at + CRC_OFFSET), i * DESCRIPTOR_LENGTH * 4)
    i++
  }
  stats.live = count
  return { keys, vectors, blacklist, photoHashes, indexOf }
}

function isHeader(buffer: Buffer): boolean {
  return (
    buffer.length >= HEADER_SIZE &&
    buffer.subarray(0, 8).equals(HEADER) &&
    buffer.readUInt32LE(8) === VERSION &&
    buffer.readUInt32LE(12) === DESCRIPTOR_LENGTH
  )
}

export class DescriptorFile {
  private queue: Promise<unknown> = Promise.resolve()
  /** Records in the file (valid or not) after the header: compaction decides from it. */
  records: number

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    records: number,
  ) {
    this.records = records
  }

  static async open(path: string): Promise<{ file: DescriptorFile; snapshot: DescriptorSnapshot; stats: LoadStats }> {
    await mkdir(dirname(path), { recursive: true })
    const content = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0)
      throw error
    })
    const stats: LoadStats = { records: 0, live: 0, corrupt: 0, tornBytes: 0 }
    if (content.length > 0 && !isHeader(content) && content.length >= HEADER_SIZE) {
      throw new Error(`${path} is not a descriptor file (or was written by a newer version)`)
    }
    const body = Math.max(0, content.length - HEADER_SIZE)
    const whole = Math.floor(body / RECORD_SIZE)
    stats.tornBytes = content.length < HEADER_SIZE ? content.length : body - whole * RECORD_SIZE
    const snapshot = snapshotOf(content, whole, stats)

    const handle = await open(path, content.length === 0 ? 'w+' : 'r+')
    if (content.length < HEADER_SIZE) {
      await handle.truncate(0)
      await handle.write(header(), 0, HEADER_SIZE, 0)
      await handle.sync()
    } else if (stats.tornBytes > 0) {
      await handle.truncate(HEADER_SIZE + whole * RECORD_SIZE)
      await handle.sync()
    }
    return { file: new DescriptorFile(path, handle, whole), snapshot, stats }
  }

  /** Adds or replaces entries; resolves once they are on disk. */
  append(entries: readonly DescriptorEntry[]): Promise<void> {
    return this.write(entries.map((entry) => ({ kind: KIND_PUT, key: entry.key, entry })))
  }

  appendRemovals(keys: readonly string[]): Promise<void> {
    return this.write(keys.map((key) => ({ kind: KIND_REMOVE, key })))
  }

  /** Replaces the whole file with `entries` (write aside, fsync, rename, fsync the folder). */
  rewrite(entries: Iterable<DescriptorEntry>): Promise<void> {
    return this.serialised(async () => {
      const list = [...entries]
      const buffer = Buffer.alloc(HEADER_SIZE + list.length * RECORD_SIZE)
      header().copy(buffer, 0)
      list.forEach((entry, n) => encodeRecord(buffer, HEADER_SIZE + n * RECORD_SIZE, KIND_PUT, entry.key, entry))
      const temporary = `${this.path}.tmp`
      const aside = await open(temporary, 'w')
      try {
        await aside.write(buffer, 0, buffer.length, 0)
        await aside.sync()
      } finally {
        await aside.close()
      }
      await this.handle.close()
      await rename(temporary, this.path)
      await syncFolder(dirname(this.path))
      this.handle = await open(this.path, 'r+')
      this.records = list.length
    })
  }

  close(): Promise<void> {
    return this.serialised(() => this.handle.close())
  }

  private write(items: Array<{ kind: number; key: string; entry?: DescriptorEntry }>): Promise<void> {
    if (items.length === 0) return Promise.resolve()
    const buffer = Buffer.alloc(items.length * RECORD_SIZE)
    items.forEach((item, n) => encodeRecord(buffer, n * RECORD_SIZE, item.kind, item.key, item.entry))
    return this.serialised(async () => {
      await this.handle.write(buffer, 0, buffer.length, HEADER_SIZE + this.records * RECORD_SIZE)
      await this.handle.datasync()
      this.records += items.length
    })
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.catch(() => undefined)
    return run
  }
}

async function syncFolder(path: string): Promise<void> {
  // Makes the rename durable. Windows cannot open a folder for fsync; NTFS journals the rename.
  if (process.platform === 'win32') return
  const folder = await open(path, 'r')
  try {
    await folder.sync()
  } finally {
    await folder.close()
  }
}
