import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { relative, sep } from 'node:path'

const CHUNK = 1024 * 1024

/** A path under `root` as the manifest writes it: relative, with forward slashes on every system. */
export function manifestPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/')
}

/** The file's first `length` bytes (all of it when undefined), a megabyte at a time; each chunk is valid until the next. */
async function* chunks(handle: FileHandle, length?: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(CHUNK)
  let position = 0
  for (;;) {
    const want = length === undefined ? CHUNK : Math.min(CHUNK, length - position)
    if (want <= 0) return
    const { bytesRead } = await handle.read(buffer, 0, want, position)
    if (bytesRead === 0) return
    position += bytesRead
    yield buffer.subarray(0, bytesRead)
  }
}

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
      let copied = 0
      for await (const chunk of chunks(input, length)) {
        hash.update(chunk)
        await output.write(chunk)
        copied += chunk.length
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
    let bytes = 0
    for await (const chunk of chunks(handle)) {
      hash.update(chunk)
      bytes += chunk.length
    }
    return { bytes, sha256: hash.digest('hex') }
  } finally {
    await handle.close()
  }
}
