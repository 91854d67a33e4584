import { open, readFile, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'

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

export interface AuditEntry {
  id: string
  at: string
  actor: string
  entity: string
  entityId: string
  action: string
  changes?: Record<string, [unknown, unknown]>
}

interface Waiter {
  line: string
  resolve: () => void
  reject: (error: Error) => void
}

export class JournalWriter {
  private queue: Waiter[] = []
  private flushing: Promise<void> | null = null
  private failure: Error | null = null
  bytes: number

  private constructor(
    private handle: FileHandle,
    readonly path: string,
    initialBytes: number,
  ) {
    this.bytes = initialBytes
  }

  static async open(path: string): Promise<JournalWriter> {
    const handle = await open(path, 'a')
    const { size } = await handle.stat()
    return new JournalWriter(handle, path, size)
  }

  append(record: JournalRecord): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    const json = JSON.stringify(record)
    const line = `${crc32(json).toString(16).padStart(8, '0')}\t${json}\n`
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject })
      if (!this.flushing) this.flushing = this.flushLoop()
    })
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue
      this.queue = []
      const text = batch.map((w) => w.line).join('')
      try {
        await this.handle.write(text)
        await this.handle.datasync()
        this.bytes += Buffer.byteLength(text)
        for (const waiter of batch) waiter.resolve()
      } catch (error) {
        // After a failed write the file's tail is unknown: refuse everything from here on and let the
        // store reload from disk, rather than acknowledge edits that may not be there.
        this.failure = error instanceof Error ? error : new Error(String(error))
        for (const waiter of [...batch, ...this.queue]) waiter.reject(this.failure)
        this.queue = []
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
  /** A bad line followed by good ones: real corruption, not a torn write. */
  corruptAt: number | null
  /** Byte length of the valid prefix, so the file can be cut back to it before appending. */
  validBytes: number
}

export async function readJournal(path: string): Promise<JournalReadResult> {
  let buffer: Buffer
  try {
    buffer = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], tornTail: false, corruptAt: null, validBytes: 0 }
    throw error
  }
  const records: JournalRecord[] = []
  let offset = 0
  let lineNo = 0
  let badLine: number | null = null
  let validBytes = 0
  while (offset < buffer.length) {
    const end = buffer.indexOf(10, offset)
    const lineEnd = end === -1 ? buffer.length : end
    lineNo++
    const record = end === -1 ? null : parseLine(buffer.subarray(offset, lineEnd).toString('utf8'))
    if (record && badLine === null) {
      records.push(record)
      validBytes = lineEnd + 1
    } else if (record && badLine !== null) {
      return { records, tornTail: false, corruptAt: badLine, validBytes }
    } else if (badLine === null) {
      badLine = lineNo
    }
    offset = lineEnd + 1
  }
  return { records, tornTail: badLine !== null, corruptAt: null, validBytes }
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
