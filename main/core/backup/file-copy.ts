import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

const CHUNK = 1024 * 1024

/**
 * Copies the first `length` bytes of `source` (all of it when undefined) to a new file, hashing
 * as it goes, and fsyncs the copy. The length matters for append-only files (journal, audit,
 * descriptors): bytes appended after the backup's instant are not part of it.
 */
export async function copyWithHash(source: string, destination: string, length?: number): Promise<{ bytes: number; sha256: string }> {
  const input = await open(source, 'r')
  try {
    const output = await open(destination, 'wx', 0o600)
    try {
      const hash = createHash('sha256')
      const buffer = Buffer.allocUnsafe(CHUNK)
      let copied = 0
      for (;;) {
        const want = length === undefined ? CHUNK : Math.min(CHUNK, length - copied)
        if (want <= 0) break
        const { bytesRead } = await input.read(buffer, 0, want, copied)
        if (bytesRead === 0) break
        const chunk = buffer.subarray(0, bytesRead)
        hash.update(chunk)
        await output.write(chunk)
        copied += bytesRead
      }
      if (length !== undefined && copied < length) throw new Error(`${source} is shorter than when the backup was taken (${copied} of ${length} bytes)`)
      await output.sync()
      return { bytes: copied, sha256: hash.digest('hex') }
    } finally {
      await output.close()
    }
  } finally {
    await input.close()
  }
}

export async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const handle = await open(path, 'r')
  try {
    const hash = createHash('sha256')
    const buffer = Buffer.allocUnsafe(CHUNK)
    let bytes = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, bytes)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
      bytes += bytesRead
    }
    return { bytes, sha256: hash.digest('hex') }
  } finally {
    await handle.close()
  }
}
