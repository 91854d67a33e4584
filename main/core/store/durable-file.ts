import { open, rename, unlink, mkdir, link, readFile } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import type { Adapter } from 'lowdb'

/**
 * Replaces a file so that after a crash or power loss it holds either the old or the new bytes:
 * write a temp file, fsync it, rename over the target, fsync the directory (the rename itself
 * is only durable once the directory entry is on disk; steno skips both fsyncs).
 */
export async function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number; keepBackup?: boolean } = {},
): Promise<void> {
  const { mode = 0o644, keepBackup = false } = options
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  const handle = await open(temp, 'w', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => {})
    await unlink(temp).catch(() => {})
    throw error
  }
  await handle.close()
  if (keepBackup) await keepPreviousAsBackup(path)
  await rename(temp, path)
  await fsyncDirectory(dir)
}

/** The last good copy is what a damaged file is recovered from; a hard link costs no copy. */
async function keepPreviousAsBackup(path: string): Promise<void> {
  const backup = `${path}.bak`
  await unlink(backup).catch(ignoreMissing)
  await link(path, backup).catch(ignoreMissing)
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function ensureDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
}

/** lowdb adapter with the durability lowdb's own JSONFile (steno) does not give. */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly options: { keepBackup?: boolean } = {},
  ) {}

  async read(): Promise<T | null> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    return JSON.parse(text) as T
  }

  write(data: T): Promise<void> {
    return writeFileDurably(this.path, JSON.stringify(data), { keepBackup: this.options.keepBackup })
  }
}
