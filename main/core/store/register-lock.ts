import { open, readFile, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { CoreError } from '../model/errors'

/**
 * One writer per register, across processes: the desktop app, `enroll serve` and CLI commands
 * that change the register each hold this lock while open. Two writers would each believe the
 * snapshot they compact holds everything, and one's journal would be dropped on the floor.
 * A lock left by a process that died (same machine, pid gone) is taken over.
 */
export interface LockOwner {
  pid: number
  hostname: string
  since: string
  purpose: string
}

export class RegisterLock {
  private constructor(private readonly path: string) {}

  static async acquire(registerDir: string, purpose: string): Promise<RegisterLock> {
    const path = join(registerDir, 'LOCK')
    const me: LockOwner = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), purpose }
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(path, 'wx', 0o644)
        await handle.writeFile(JSON.stringify(me))
        await handle.sync()
        await handle.close()
        return new RegisterLock(path)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const owner = await readOwner(path)
      if (owner && isAlive(owner)) {
        throw new CoreError(
          'storage',
          `The register in ${registerDir.replace(/[/\\]register$/, '')} is in use by ${owner.purpose} (process ${owner.pid}, since ${owner.since}). Close it first, or make the change there; nothing was changed.`,
        )
      }
      // stale: its owner died without closing (or the file is unreadable half-written by a crash)
      await unlink(path).catch(() => {})
    }
    throw new CoreError('storage', `The register lock ${path} could not be taken; remove it if no other program uses this data folder.`)
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(() => {})
  }
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner
  } catch {
    return null
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true // another machine on a shared folder: cannot tell, assume alive
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
