/**
 * Scrubbing a desk's site databases of removed values. PouchDB's compaction deletes a removed
 * person's earlier revisions, but leveldb keeps the deleted bytes in its log and table files until
 * its own compaction merges them away, which a small database may never do: a memtable flushed
 * with both the old value and its deletion lands in one file at the lowest level, and a full
 * compactRange leaves the lowest level's files as they are. leveldb's repair moves every table
 * back to level 0; a compactRange after it rewrites them all without the shadowed values, and the
 * repair's archive of stale files ("lost") goes.
 *
 * The databases must be closed, so this runs when the site databases open, for removals noted
 * since the last scrub: at the desk's start, and when the site service reopens them a while after
 * a removal (SiteService, SCRUB_DELAY_MS). A removal applied here writes the note
 * (`noteScrubOwed`) before PouchDB compacts, and the note goes only when every database was scrubbed.
 */
import { existsSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { writeFileDurably } from '../store/durable-file'
import { siteDir } from './site-config'

interface LevelDown {
  open(callback: (error?: Error) => void): void
  close(callback: (error?: Error) => void): void
  compactRange(start: Buffer, end: Buffer, callback: (error?: Error) => void): void
}

type LevelDownModule = ((location: string) => LevelDown) & { repair(location: string, callback: (error?: Error) => void): void }

const requireHere = createRequire(import.meta.url)
/** PouchDB's own leveldown, the one that wrote the files. */
const leveldown = (): LevelDownModule => createRequire(requireHere.resolve('pouchdb'))('leveldown') as LevelDownModule

const MARKER = 'scrub-owed'
/** Beyond every key: PouchDB's keys start with "ÿ" (0xC3 0xBF in UTF-8). */
const FIRST_KEY = Buffer.from([0])
const LAST_KEY = Buffer.alloc(64, 0xff)

const markerPath = (dataDir: string) => join(siteDir(dataDir), MARKER)

/** Notes that the site databases hold removed values until the next scrub. */
export async function noteScrubOwed(dataDir: string): Promise<void> {
  if (!existsSync(markerPath(dataDir))) await writeFileDurably(markerPath(dataDir), `${new Date().toISOString()}\n`)
}

export function scrubOwed(dataDir: string): boolean {
  return existsSync(markerPath(dataDir))
}

const done = (resolve: () => void, reject: (error: Error) => void) => (error?: Error) => (error ? reject(error) : resolve())

/** Rewrites one closed leveldb folder without the values its deletions shadow. */
export async function scrubLevelFolder(dir: string): Promise<void> {
  const level = leveldown()
  await new Promise<void>((resolve, reject) => level.repair(dir, done(resolve, reject)))
  const db = level(dir)
  await new Promise<void>((resolve, reject) => db.open(done(resolve, reject)))
  try {
    await new Promise<void>((resolve, reject) => db.compactRange(FIRST_KEY, LAST_KEY, done(resolve, reject)))
  } finally {
    await new Promise<void>((resolve, reject) => db.close(done(resolve, reject)))
  }
  await rm(join(dir, 'lost'), { recursive: true, force: true })
}

/**
 * Scrubs every site database folder when a removal is noted; the note stays when one fails, so
 * the next start tries again. Returns how many folders were scrubbed.
 */
export async function scrubIfOwed(dataDir: string): Promise<number> {
  if (!scrubOwed(dataDir)) return 0
  const dbDir = join(siteDir(dataDir), 'db')
  const folders = existsSync(dbDir) ? (await readdir(dbDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => join(dbDir, entry.name)) : []
  for (const folder of folders) await scrubLevelFolder(folder)
  await rm(markerPath(dataDir), { force: true })
  return folders.length
}
