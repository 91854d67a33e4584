import { dirname, basename, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { isMissing, nodeStoreFs, writeAll, type StoreFs } from './store-fs'

/** Personal data: only the account running the station may read it (POSIX modes; Windows ignores them). */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIRECTORY_MODE = 0o700

/**
 * Replaces a file so that after a crash or power loss it holds either the old or the new bytes:
 * write a temp file, fsync it, rename over the target, fsync the directory (the rename itself
 * is only durable once the directory entry is on disk; steno skips both fsyncs).
 */
export async function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number; keepBackup?: boolean; fs?: StoreFs } = {},
): Promise<void> {
  const { mode = PRIVATE_FILE_MODE, keepBackup = false, fs = nodeStoreFs } = options
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  await writeSyncedFile(temp, typeof data === 'string' ? Buffer.from(data) : data, { mode, fs })
  try {
    if (keepBackup) await keepPreviousAsBackup(path, fs)
    await fs.rename(temp, path)
  } catch (error) {
    await fs.unlink(temp).catch(() => {})
    throw error
  }
  await fsyncDirectory(dir, fs)
}

/** Creates `path` holding `data`, fsync'd (flags 'w', or 'wx' to refuse an existing file); removed again on failure. */
export async function writeSyncedFile(path: string, data: Uint8Array, options: { flags?: 'w' | 'wx'; mode?: number; fs?: StoreFs } = {}): Promise<void> {
  const fs = options.fs ?? nodeStoreFs
  const handle = await fs.open(path, options.flags ?? 'w', options.mode ?? PRIVATE_FILE_MODE)
  try {
    await writeAll(handle, data)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => {})
    await fs.unlink(path).catch(() => {})
    throw error
  }
  await handle.close()
}

/** The last good copy is what a damaged file is recovered from; a hard link costs no copy. */
async function keepPreviousAsBackup(path: string, fs: StoreFs): Promise<void> {
  const backup = `${path}.bak`
  await fs.unlink(backup).catch(ignoreMissing)
  await fs.link(path, backup).catch(ignoreMissing)
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (!isMissing(error)) throw error
}

export async function fsyncDirectory(dir: string, fs: StoreFs = nodeStoreFs): Promise<void> {
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function ensureDirectory(dir: string, fs: StoreFs = nodeStoreFs): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
}

/**
 * A folder of personal data: created 0700, and one left more open by an older version is
 * tightened. Only folders are changed; files inside a 0700 folder are out of others' reach.
 */
export async function ensurePrivateDirectory(dir: string, fs: StoreFs = nodeStoreFs): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE })
  if (process.platform === 'win32') return
  const { mode } = await fs.stat(dir)
  // a folder of another account's cannot be tightened by this one, and is theirs to keep private
  if ((mode & 0o077) === 0) return
  try {
    await fs.chmod(dir, mode & ~0o077 & 0o7777)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error
  }
}

/** lowdb adapter with the durability lowdb's own JSONFile (steno) does not give. */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly options: { keepBackup?: boolean; fs?: StoreFs } = {},
  ) {}

  async read(): Promise<T | null> {
    let text: string
    try {
      text = (await (this.options.fs ?? nodeStoreFs).readFile(this.path)).toString('utf8')
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
    return JSON.parse(text) as T
  }

  write(data: T): Promise<void> {
    return writeFileDurably(this.path, JSON.stringify(data), { keepBackup: this.options.keepBackup, fs: this.options.fs })
  }
}
