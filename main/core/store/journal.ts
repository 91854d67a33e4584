import { crc32 } from 'node:zlib'
import { PRIVATE_FILE_MODE } from './durable-file'
import { isMissing, nodeStoreFs, writeAll, type StoreFileHandle, type StoreFs } from './store-fs'
import type { AuditEntry } from '../../../common/persons/audit-entry'

export type { AuditEntry } from '../../../common/persons/audit-entry'

/**
 * Append-only write-ahead journal. One line per committed transaction:
 *   <crc32 of json, 8 hex>\t<json>\n
 * A transaction is acknowledged only after its line is fsync'd, so a torn last line can only be
 * one nobody was told about; it is dropped on load. Appends waiting while an fsync runs are
 * written together (group commit), which keeps durable edits fast under load.
 */
export interface JournalRecord {
  seq: number
  at: string
  ops: JournalOp[]
  audit?: AuditEntry[]
}

export type JournalOp = ['put', string, string, unknown] | ['del', string, string]

interface Waiter {
  seq: number
  line: string
  resolve: () => void
  reject: (error: Error) => void
}

export class JournalWriter {
  private queue: Waiter[] = []
  private flushing: Promise<void> | null = null
  /** Set when the file could not be cut back after a failed write: its tail is unknown for good. */
  broken: Error | null = null
  /** Length of the acknowledged lines: everything past it was never acknowledged. */
  bytes: number

  private constructor(
    private handle: StoreFileHandle,
    readonly path: string,
    initialBytes: number,
    private readonly onRefused: (fromSeq: number, error: Error) => void,
    /** The journal before this one: nothing is written here until it has settled, so lines stay in order. */
    private gate: Promise<void> | null,
  ) {
    this.bytes = initialBytes
  }

  /**
   * `onRefused(seq)` is called, before any promise is rejected, when the record `seq` and every
   * record appended after it are refused: the caller takes them back out of memory there, so
   * appends made after it are built on what is really in the journal.
   */
  static async open(
    path: string,
    options: { fs?: StoreFs; onRefused?: (fromSeq: number, error: Error) => void; after?: JournalWriter } = {},
  ): Promise<JournalWriter> {
    const handle = await (options.fs ?? nodeStoreFs).open(path, 'a', PRIVATE_FILE_MODE)
    try {
      const { size } = await handle.stat()
      return new JournalWriter(handle, path, size, options.onRefused ?? (() => {}), options.after?.drain() ?? null)
    } catch (error) {
      await handle.close().catch(() => {})
      throw error
    }
  }

  append(record: JournalRecord): Promise<void> {
    if (this.broken) {
      this.onRefused(record.seq, this.broken)
      return Promise.reject(this.broken)
    }
    const json = JSON.stringify(record)
    const line = `${crc32(json).toString(16).padStart(8, '0')}\t${json}\n`
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ seq: record.seq, line, resolve, reject })
      if (!this.flushing) this.flushing = this.flushLoop()
    })
  }

  /** Refuses the queued records from `seq` on: an earlier one, in the journal before this one, was refused. */
  refuseFrom(seq: number, error: Error): void {
    const refused = this.queue.filter((waiter) => waiter.seq >= seq)
    this.queue = this.queue.filter((waiter) => waiter.seq < seq)
    for (const waiter of refused) waiter.reject(error)
  }

  private async flushLoop(): Promise<void> {
    if (this.gate) {
      const gate = this.gate
      this.gate = null
      await gate
    }
    while (this.queue.length > 0 && !this.broken) {
      const batch = this.queue
      this.queue = []
      const data = Buffer.from(batch.map((w) => w.line).join(''))
      try {
        await writeAll(this.handle, data)
        await this.handle.datasync()
        this.bytes += data.length
        for (const waiter of batch) waiter.resolve()
      } catch (caught) {
        // A short write, a full disk, an I/O error or a failed fsync: this batch is refused, and so is
        // everything queued behind it (it was applied in memory on top of it). Appends made from here
        // on are built on the state without them and wait until the part of this batch that may have
        // reached the file is cut off, so the next open can never replay a refused change.
        const error = caught instanceof Error ? caught : new Error(String(caught))
        const refused = [...batch, ...this.queue]
        this.queue = []
        this.onRefused(refused[0].seq, error)
        for (const waiter of refused) waiter.reject(error)
        try {
          await this.handle.truncate(this.bytes)
          await this.handle.datasync()
        } catch {
          this.broken = error
          const stranded = this.queue
          this.queue = []
          if (stranded.length) this.onRefused(stranded[0].seq, error)
          for (const waiter of stranded) waiter.reject(error)
        }
      }
    }
    this.flushing = null
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing
  }

  async close(): Promise<void> {
    await this.drain()
    await this.handle.close()
  }
}

export interface JournalReadResult {
  records: JournalRecord[]
  /** A torn or unreadable last line, i.e. a write that was never acknowledged. */
  tornTail: boolean
  /** Damaged lines (1-based) followed by good ones: real corruption, not a torn write. Skipped. */
  damagedLines: number[]
  /** Byte length up to the end of the last good line, so a torn tail can be cut before appending. */
  validBytes: number
}

export async function readJournal(path: string, fs: StoreFs = nodeStoreFs): Promise<JournalReadResult> {
  let buffer: Buffer
  try {
    buffer = await fs.readFile(path)
  } catch (error) {
    if (isMissing(error)) return { records: [], tornTail: false, damagedLines: [], validBytes: 0 }
    throw error
  }
  const records: JournalRecord[] = []
  const badLines: Array<{ line: number; offset: number }> = []
  let offset = 0
  let lineNo = 0
  let validBytes = 0
  while (offset < buffer.length) {
    const end = buffer.indexOf(10, offset)
    const lineEnd = end === -1 ? buffer.length : end
    lineNo++
    const record = end === -1 ? null : parseLine(buffer.subarray(offset, lineEnd).toString('utf8'))
    if (record) {
      records.push(record)
      validBytes = lineEnd + 1
    } else {
      badLines.push({ line: lineNo, offset })
    }
    offset = lineEnd + 1
  }
  // bad lines followed by a good one are damage; bad lines after the last good one, a torn append
  const damagedLines = badLines.filter((bad) => bad.offset < validBytes).map((bad) => bad.line)
  return { records, tornTail: badLines.length > damagedLines.length, damagedLines, validBytes }
}

function parseLine(line: string): JournalRecord | null {
  const tab = line.indexOf('\t')
  if (tab !== 8) return null
  const json = line.slice(9)
  if (parseInt(line.slice(0, 8), 16) !== crc32(json)) return null
  try {
    return JSON.parse(json) as JournalRecord
  } catch {
    return null
  }
}
