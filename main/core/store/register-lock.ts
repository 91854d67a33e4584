import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { hostname, uptime } from 'node:os'
import { join } from 'node:path'
import { coreError } from '../../../common/errors/core-error'
import { writeSyncedFile } from './durable-file'
import { isMissing, nodeStoreFs, type StoreFs } from './store-fs'

/**
 * One writer per register, across processes: the desktop app, `enroll serve` and CLI commands
 * that change the register each hold this lock while open. Two writers would each believe the
 * snapshot they compact holds everything, and one's journal would be dropped on the floor.
 *
 * The lock file appears with its owner already inside: the owner is written to a file of this
 * process's own, fsync'd, then hard-linked as LOCK, which the file system does atomically and
 * refuses when LOCK exists. So a lock is never seen empty or half written, and one that cannot
 * be read is never taken for stale. A lock left by a process that died (same machine, pid gone)
 * is taken over, one taker at a time (under LOCK.break, made the same way), and only if it is
 * still the very lock found dead.
 */
export interface LockOwner {
  pid: number
  hostname: string
  since: string
  purpose: string
  /** Tells two owners apart even when a pid is reused. */
  nonce?: string
  /** The machine's boot the owner ran in: after a power cut and restart its pid means nothing. */
  boot?: string
}

const ATTEMPTS = 50
const BREAKER_PATIENCE_MS = 5_000

export class RegisterLock {
  private constructor(
    private readonly path: string,
    private readonly fs: StoreFs,
  ) {}

  static async acquire(registerDir: string, purpose: string, fs: StoreFs = nodeStoreFs): Promise<RegisterLock> {
    const path = join(registerDir, 'LOCK')
    const me: LockOwner = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), purpose, nonce: randomUUID(), boot: currentBoot() }
    const mine = join(registerDir, `.LOCK.${process.pid}.${me.nonce}`)
    await writeSyncedFile(mine, Buffer.from(JSON.stringify(me)), { flags: 'wx', fs })
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (await linkIfAbsent(fs, mine, path)) return new RegisterLock(path, fs)
        const found = await readLock(fs, path)
        if (found === 'missing') continue
        if (found === 'unreadable') {
          throw coreError('storage', 'store.lock_unreadable', { path, folder: dataDirOf(registerDir) })
        }
        if (isAlive(found.owner)) {
          const { purpose, pid, since } = found.owner
          throw coreError('storage', 'store.in_use', { folder: dataDirOf(registerDir), purpose, pid: String(pid), since })
        }
        await breakStaleLock(fs, path, found.text, mine)
      }
    } finally {
      await fs.unlink(mine).catch(() => {})
    }
    throw coreError('storage', 'store.lock_not_taken', { path })
  }

  async release(): Promise<void> {
    await this.fs.unlink(this.path).catch(() => {})
  }
}

function dataDirOf(registerDir: string): string {
  return registerDir.replace(/[/\\]register$/, '')
}

async function linkIfAbsent(fs: StoreFs, from: string, to: string): Promise<boolean> {
  try {
    await fs.link(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

type LockRead = 'missing' | 'unreadable' | { owner: LockOwner; text: string }

async function readLock(fs: StoreFs, path: string): Promise<LockRead> {
  let text: string
  try {
    text = (await fs.readFile(path)).toString('utf8')
  } catch (error) {
    if (isMissing(error)) return 'missing'
    return 'unreadable'
  }
  try {
    const owner = JSON.parse(text) as LockOwner
    if (typeof owner?.pid !== 'number' || typeof owner.hostname !== 'string') return 'unreadable'
    return { owner, text }
  } catch {
    return 'unreadable'
  }
}

/**
 * Removes LOCK only if it still holds `staleText`: without LOCK.break, a second taker that read
 * the same dead owner could remove the lock the first one has just made.
 */
async function breakStaleLock(fs: StoreFs, path: string, staleText: string, mine: string): Promise<void> {
  const breakPath = `${path}.break`
  if (!(await linkIfAbsent(fs, mine, breakPath))) {
    const breaker = await readLock(fs, breakPath)
    // A taker that died while breaking (a tiny window) leaves LOCK.break; one still alive is waited for.
    if (breaker !== 'missing' && breaker !== 'unreadable' && !isAlive(breaker.owner)) {
      await fs.unlink(breakPath).catch(() => {})
    } else if (breaker === 'unreadable' && (await ageMs(fs, breakPath)) > BREAKER_PATIENCE_MS) {
      await fs.unlink(breakPath).catch(() => {})
    }
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20))
    return
  }
  try {
    const current = await readLock(fs, path)
    if (current !== 'missing' && current !== 'unreadable' && current.text === staleText) await fs.unlink(path)
  } finally {
    await fs.unlink(breakPath).catch(() => {})
  }
}

async function ageMs(fs: StoreFs, path: string): Promise<number> {
  try {
    return Date.now() - (await fs.stat(path)).mtimeMs
  } catch {
    return 0
  }
}

/** Linux names each boot; elsewhere the boot time, to the minute, tells boots apart. */
function currentBoot(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return `booted ${Math.round((Date.now() - uptime() * 1000) / 60_000)}`
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true // another machine on a shared folder: cannot tell, assume alive
  if (owner.boot !== undefined && owner.boot !== currentBoot()) return false // the machine restarted since
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
