/**
 * Scrubbing a desk's site databases of removed values. PouchDB's compaction deletes a removed
 * person's earlier revisions, but leveldb keeps the deleted bytes in its log and table files until
 * its own compaction merges them away, which a small database may never do: a memtable flushed
 * with both the old value and its deletion lands in one file at the lowest level, and a full
 * compactRange leaves the lowest level's files as they are. So the live entries are copied into a
 * new database that replaces the folder (scrubLevelFolder): a scrub needs the database's size
 * again in free space; without it, it fails and leaves the folder as it was.
 *
 * The databases must be closed, so this runs when the site databases open, for removals noted
 * since the last scrub: at the desk's start, and when the site service reopens them a while after
 * a removal (SiteService, SCRUB_DELAY_MS). A removal applied here writes the note
 * (`noteScrubOwed`) before PouchDB compacts, and the note goes only when every database was scrubbed.
 */
import { existsSync } from 'node:fs'
import { open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fsyncDirectory, writeFileDurably } from '../store/durable-file'
import { siteDir, SITE_DATABASES, type SiteDatabaseName } from './site-config'

interface LevelIterator {
  next(callback: (error: Error | undefined, key?: Buffer, value?: Buffer) => void): void
  end(callback: (error?: Error) => void): void
}

interface LevelDown {
  open(options: { createIfMissing?: boolean; errorIfExists?: boolean }, callback: (error?: Error) => void): void
  close(callback: (error?: Error) => void): void
  iterator(options: { keyAsBuffer: true; valueAsBuffer: true }): LevelIterator
  batch(operations: Array<{ type: 'put'; key: Buffer; value: Buffer }>, options: { sync: boolean }, callback: (error?: Error) => void): void
  compactRange(start: Buffer, end: Buffer, callback: (error?: Error) => void): void
}

type LevelDownModule = (location: string) => LevelDown

const requireHere = createRequire(import.meta.url)
/** PouchDB's own leveldown, the one that wrote the files. */
const leveldown = (): LevelDownModule => createRequire(requireHere.resolve('pouchdb'))('leveldown') as LevelDownModule

const MARKER = 'scrub-owed'
/** Beyond every key: PouchDB's keys start with "ÿ" (0xC3 0xBF in UTF-8). */
const FIRST_KEY = Buffer.from([0])
const LAST_KEY = Buffer.alloc(64, 0xff)

const markerPath = (dataDir: string) => join(siteDir(dataDir), MARKER)

/** Notes that these site databases hold removed values until the next scrub (added to any noted before). */
export async function noteScrubOwed(dataDir: string, databases: readonly SiteDatabaseName[]): Promise<void> {
  const noted = await notedDatabases(dataDir)
  const all = [...new Set([...(noted ?? []), ...databases])]
  if (noted && all.length === noted.length) return
  await writeFileDurably(markerPath(dataDir), `${JSON.stringify({ databases: all })}\n`)
}

/** The databases noted, or null when nothing is; a note that cannot be read names them all. */
async function notedDatabases(dataDir: string): Promise<SiteDatabaseName[] | null> {
  if (!existsSync(markerPath(dataDir))) return null
  try {
    const { databases } = JSON.parse(await readFile(markerPath(dataDir), 'utf8')) as { databases?: unknown }
    const named = Array.isArray(databases) ? SITE_DATABASES.filter((name) => databases.includes(name)) : []
    return named.length ? named : [...SITE_DATABASES]
  } catch {
    return [...SITE_DATABASES]
  }
}

export function scrubOwed(dataDir: string): boolean {
  return existsSync(markerPath(dataDir))
}

const done = (resolve: () => void, reject: (error: Error) => void) => (error?: Error) => (error ? reject(error) : resolve())

/** Where a folder's scrubbed copy is made, and where the original waits while the copy takes its place. */
const COPY_SUFFIX = '.scrubbing'
const REPLACED_SUFFIX = '.replaced'

/**
 * Rewrites one closed leveldb folder without the values its deletions shadow: every live entry is
 * copied into a new database beside it, which then takes the folder's place. A shadowed value is
 * never read, so it is never written; a write that fails (a full disk) fails the scrub and the
 * folder stays as it was. (leveldb's own repair was no help: on a nearly full disk it "recovers"
 * an empty database and reports success.)
 */
export async function scrubLevelFolder(dir: string): Promise<void> {
  const copy = dir + COPY_SUFFIX
  const replaced = dir + REPLACED_SUFFIX
  await rm(copy, { recursive: true, force: true })
  try {
    await copyLiveEntries(dir, copy)
    await syncFolder(copy)
  } catch (error) {
    await rm(copy, { recursive: true, force: true }).catch(() => {})
    throw error
  }
  await rename(dir, replaced)
  await rename(copy, dir)
  await fsyncDirectory(dirname(dir))
  await rm(replaced, { recursive: true, force: true })
}

/** Batches of about this many bytes: few round trips, little memory. */
const BATCH_BYTES = 1024 * 1024

async function copyLiveEntries(from: string, to: string): Promise<void> {
  const level = leveldown()
  const source = level(from)
  await new Promise<void>((resolve, reject) => source.open({ createIfMissing: false }, done(resolve, reject)))
  try {
    const target = level(to)
    await new Promise<void>((resolve, reject) => target.open({ createIfMissing: true, errorIfExists: true }, done(resolve, reject)))
    try {
      const entries = source.iterator({ keyAsBuffer: true, valueAsBuffer: true })
      try {
        let batch: Array<{ type: 'put'; key: Buffer; value: Buffer }> = []
        let bytes = 0
        const write = async () => {
          const operations = batch
          batch = []
          bytes = 0
          await new Promise<void>((resolve, reject) => target.batch(operations, { sync: false }, done(resolve, reject)))
        }
        for (;;) {
          const [key, value] = await new Promise<[Buffer?, Buffer?]>((resolve, reject) => entries.next((error, key, value) => (error ? reject(error) : resolve([key, value]))))
          if (key === undefined || value === undefined) break
          batch.push({ type: 'put', key, value })
          bytes += key.length + value.length
          if (bytes >= BATCH_BYTES) await write()
        }
        if (batch.length) await write()
      } finally {
        await new Promise<void>((resolve, reject) => entries.end(done(resolve, reject)))
      }
      // out of the log into sorted tables, as leveldb would have it after a while
      await new Promise<void>((resolve, reject) => target.compactRange(FIRST_KEY, LAST_KEY, done(resolve, reject)))
    } finally {
      await new Promise<void>((resolve, reject) => target.close(done(resolve, reject)))
    }
  } finally {
    await new Promise<void>((resolve, reject) => source.close(done(resolve, reject)))
  }
}

/** Every file of the folder on disk, then the folder's entries: the copy is durable before it replaces the original. */
async function syncFolder(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue
    const handle = await open(join(dir, entry.name), 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  }
  await fsyncDirectory(dir)
}

/**
 * Finishes or undoes a scrub a crash interrupted: a copy not yet in place goes; an original moved
 * aside goes if its scrubbed copy took its place, and comes back otherwise.
 */
async function recoverInterrupted(dbDir: string): Promise<void> {
  for (const entry of await readdir(dbDir)) {
    const path = join(dbDir, entry)
    if (entry.endsWith(COPY_SUFFIX)) await rm(path, { recursive: true, force: true })
    else if (entry.endsWith(REPLACED_SUFFIX)) {
      const original = path.slice(0, -REPLACED_SUFFIX.length)
      if (existsSync(original)) await rm(path, { recursive: true, force: true })
      else await rename(path, original)
    }
  }
}

/**
 * Scrubs the site database folders a removal noted; the note stays when one fails, so the next
 * start tries again. Returns how many folders were scrubbed.
 */
export async function scrubIfOwed(dataDir: string): Promise<number> {
  const noted = await notedDatabases(dataDir)
  if (!noted) return 0
  const dbDir = join(siteDir(dataDir), 'db')
  if (existsSync(dbDir)) await recoverInterrupted(dbDir)
  // folders are "<prefix>-<database>"
  const folders = existsSync(dbDir)
    ? (await readdir(dbDir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && noted.some((name) => entry.name.endsWith(`-${name}`))).map((entry) => join(dbDir, entry.name))
    : []
  for (const folder of folders) await scrubLevelFolder(folder)
  await rm(markerPath(dataDir), { force: true })
  return folders.length
}
