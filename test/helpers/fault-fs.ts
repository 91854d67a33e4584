import * as fsp from 'node:fs/promises'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, sep } from 'node:path'
import type { StoreFileHandle, StoreFs } from '../../main/core/store/store-fs'

/**
 * A file system for the register's tests that fails the way disks do, in the spirit of LazyFS
 * and SQLite's crash tests. It runs on a real folder and counts the register's calls by class:
 *
 *   write  handle.write
 *   sync   fsync / fdatasync of a file or a folder
 *   meta   creating, renaming, linking, removing, truncating, copying, chmod
 *
 * and fails the N-th call of a class as planned: a short write, ENOSPC, EIO (after a torn
 * partial write), a failed fsync, an EIO from a metadata call, a disk that stays full, or a
 * power cut (at the N-th call of any class). It keeps a model of what is durable: a file's bytes
 * as of its last fsync, a folder's entries as of the folder's last fsync. `crash()` then puts
 * the folder in the state a machine would find after the power came back: everything not
 * fsync'd is gone (or, "torn", a random prefix of it survives, files and folder entries alike).
 *
 * FAULT_TRACE=1 prints every counted call of a planned run, to see where a failing round broke.
 */
export type FaultKind =
  | 'short-write'
  | 'short-then-enospc'
  | 'enospc'
  | 'eio-write'
  | 'fsync-fail'
  | 'eio-meta'
  | 'disk-stays-full'
  | 'power-cut'
  | 'power-cut-torn'

export type CallClass = 'write' | 'sync' | 'meta'

export interface FaultPlan {
  kind: FaultKind
  /** 1-based index of the call (of the kind's class; of any class for a power cut) that fails. */
  at: number
}

export const CLASS_OF_FAULT: Record<FaultKind, CallClass | 'any'> = {
  'short-write': 'write',
  'short-then-enospc': 'write',
  enospc: 'write',
  'eio-write': 'write',
  'fsync-fail': 'sync',
  'eio-meta': 'meta',
  'disk-stays-full': 'write',
  'power-cut': 'any',
  'power-cut-torn': 'any',
}

interface Node {
  kind: 'file' | 'dir'
  /** File bytes as of the last fsync (null: never fsync'd, so empty after a crash). */
  durable: Buffer | null
  /** Folder entries as of the last fsync, and the entry changes since, in order. */
  entries?: Map<string, number>
  pending?: Array<{ name: string; id: number | null }>
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code })
}

export class FaultFs implements StoreFs {
  readonly calls: Record<CallClass | 'any', number> = { write: 0, sync: 0, meta: 0, any: 0 }
  /** How many faults were injected (a short write followed by ENOSPC counts two). */
  injected = 0
  /** The calls that were failed, e.g. "unlink register/LOCK". */
  readonly failedCalls: string[] = []
  private powerLost = false
  private dead = false
  private diskFull = false
  private enospcNext = false
  private nextId = 1
  private readonly nodes = new Map<number, Node>()
  /** The live tree: folder path → (name → node id). */
  private readonly live = new Map<string, Map<string, number>>()
  private readonly openHandles = new Set<fsp.FileHandle>()

  constructor(
    readonly root: string,
    private plan: FaultPlan | null = null,
    private readonly random: () => number = Math.random,
  ) {
    this.scan(root, 0)
  }

  /** Plans `kind` for the very next call of its class. */
  arm(kind: FaultKind): void {
    this.plan = { kind, at: this.calls[CLASS_OF_FAULT[kind]] + 1 }
  }

  /** The disk has room again (ends a planned 'disk-stays-full'). */
  heal(): void {
    this.plan = null
    this.diskFull = false
    this.enospcNext = false
  }

  get powerCut(): boolean {
    return this.powerLost
  }

  // ---- the interface the register uses --------------------------------------------------

  async open(path: string, flags: string, mode?: number): Promise<StoreFileHandle> {
    const creates = /[wa]/.test(flags)
    if (creates) await this.enter('meta', `open ${path}`)
    else this.alive()
    const existed = this.idOf(path)
    // opened for reading as well, so fsync can record exactly what the file holds
    const real = await fsp.open(path, creates ? `${flags.replace('+', '')}+` : flags, mode)
    this.openHandles.add(real)
    let id = existed
    if (id === undefined) {
      id = this.newNode('file')
      this.addEntry(path, id)
    }
    const isDir = this.nodes.get(id)!.kind === 'dir'
    return this.wrapHandle(real, id, isDir, path)
  }

  async readFile(path: string): Promise<Buffer> {
    this.alive()
    return fsp.readFile(path)
  }

  async readdir(path: string): Promise<string[]> {
    this.alive()
    return fsp.readdir(path)
  }

  async stat(path: string) {
    this.alive()
    return fsp.stat(path)
  }

  async mkdir(path: string, options: { recursive: true; mode?: number }): Promise<unknown> {
    await this.enter('meta', `mkdir ${path}`)
    const missing: string[] = []
    for (let dir = path; this.idOf(dir) === undefined && dir !== dirname(dir); dir = dirname(dir)) missing.unshift(dir)
    for (const dir of missing) {
      await fsp.mkdir(dir, { mode: options.mode })
      const id = this.newNode('dir')
      this.live.set(dir, new Map())
      this.addEntry(dir, id)
    }
    return missing[0]
  }

  async chmod(path: string, mode: number): Promise<void> {
    await this.enter('meta', `chmod ${path}`)
    await fsp.chmod(path, mode)
  }

  async rename(from: string, to: string): Promise<void> {
    await this.enter('meta', `rename ${from}`)
    await fsp.rename(from, to)
    const id = this.idOf(from)!
    this.removeEntry(from)
    this.addEntry(to, id)
  }

  async link(existing: string, newPath: string): Promise<void> {
    await this.enter('meta', `link ${newPath}`)
    await fsp.link(existing, newPath)
    this.addEntry(newPath, this.idOf(existing)!)
  }

  async unlink(path: string): Promise<void> {
    await this.enter('meta', `unlink ${path}`)
    await fsp.unlink(path)
    this.removeEntry(path)
  }

  async truncate(path: string, length: number): Promise<void> {
    await this.enter('meta', `truncate ${path}`)
    await fsp.truncate(path, length)
  }

  async copyFile(from: string, to: string): Promise<void> {
    await this.enter('meta', `copy to ${to}`)
    const existed = this.idOf(to)
    await fsp.copyFile(from, to)
    if (existed === undefined) this.addEntry(to, this.newNode('file'))
  }

  // ---- the power comes back --------------------------------------------------------------

  /**
   * Rewrites the folder as it would be found after the power came back, and retires this file
   * system (the program that used it died with the power). Call after a power cut (or at any
   * time, to cut the power there).
   */
  async crash(options: { torn?: boolean } = {}): Promise<void> {
    const torn = options.torn ?? this.plan?.kind === 'power-cut-torn'
    this.powerLost = true
    this.dead = true
    for (const handle of this.openHandles) await handle.close().catch(() => {})
    const files = new Map<string, Buffer>()
    const build = async (dirId: number, dirPath: string) => {
      const node = this.nodes.get(dirId)!
      const entries = new Map(node.entries)
      const pending = node.pending ?? []
      const keep = torn ? Math.floor(this.random() * (pending.length + 1)) : 0
      for (const { name, id } of pending.slice(0, keep)) {
        if (id === null) entries.delete(name)
        else entries.set(name, id)
      }
      for (const [name, id] of entries) {
        const path = join(dirPath, name)
        const child = this.nodes.get(id)!
        if (child.kind === 'dir') {
          files.set(`${path}${sep}`, Buffer.alloc(0))
          await build(id, path)
        } else {
          files.set(path, await this.contentAfterCrash(id, child, torn))
        }
      }
    }
    await build(0, this.root)
    for (const name of await fsp.readdir(this.root)) await fsp.rm(join(this.root, name), { recursive: true, force: true })
    for (const [path, content] of [...files].sort(([a], [b]) => a.length - b.length)) {
      if (path.endsWith(sep)) await fsp.mkdir(path, { recursive: true })
      else await fsp.writeFile(path, content)
    }
  }

  private async contentAfterCrash(id: number, node: Node, torn: boolean): Promise<Buffer> {
    const durable = node.durable ?? Buffer.alloc(0)
    if (!torn) return durable
    const path = this.livePathOf(id)
    if (!path) return durable
    const current = await fsp.readFile(path).catch(() => null)
    // an append never fsync'd may have reached the disk in part
    if (!current || current.length <= durable.length || !current.subarray(0, durable.length).equals(durable)) return durable
    const extra = Math.floor(this.random() * (current.length - durable.length + 1))
    return current.subarray(0, durable.length + extra)
  }

  // ---- faults ----------------------------------------------------------------------------

  private alive(): void {
    if (this.dead || this.powerLost) throw errno('EIO', 'the power is off')
  }

  /** Counts a call and fails it when the plan says so (a power cut fails this and every later call). */
  private async enter(callClass: CallClass, what: string): Promise<'short' | 'torn' | null> {
    this.alive()
    this.calls[callClass]++
    this.calls.any++
    if (process.env.FAULT_TRACE && this.plan) console.log(`${callClass} ${this.calls[callClass]} (any ${this.calls.any}): ${what.replaceAll(`${this.root}${sep}`, '')}`)
    const plan = this.plan
    if (!plan) return null
    const klass = CLASS_OF_FAULT[plan.kind]
    const failing = (): void => {
      this.injected++
      this.failedCalls.push(what.replaceAll(`${this.root}${sep}`, ''))
    }
    if (klass === 'any') {
      if (this.calls.any === plan.at) {
        failing()
        this.powerLost = true
        throw errno('EIO', `the power was cut before ${what}`)
      }
      return null
    }
    if (callClass === 'write' && (this.diskFull || this.enospcNext)) {
      this.enospcNext = false
      failing()
      throw errno('ENOSPC', `no space left on device (${what})`)
    }
    if (klass !== callClass || this.calls[callClass] !== plan.at) return null
    failing()
    switch (plan.kind) {
      case 'short-write':
        return 'short'
      case 'short-then-enospc':
        this.enospcNext = true
        return 'short'
      case 'enospc':
        throw errno('ENOSPC', `no space left on device (${what})`)
      case 'disk-stays-full':
        this.diskFull = true
        throw errno('ENOSPC', `no space left on device (${what})`)
      case 'eio-write':
        return 'torn'
      case 'fsync-fail':
        throw errno('EIO', `i/o error during fsync (${what})`)
      case 'eio-meta':
        throw errno('EIO', `i/o error (${what})`)
      default:
        return null
    }
  }

  private wrapHandle(real: fsp.FileHandle, id: number, isDir: boolean, path: string): StoreFileHandle {
    return {
      write: async (buffer, offset, length, position) => {
        const fault = await this.enter('write', `write ${path}`)
        if (fault === 'short' || fault === 'torn') {
          const part = Math.floor(length / 2)
          const { bytesWritten } = part > 0 ? await real.write(buffer, offset, part, position) : { bytesWritten: 0 }
          if (fault === 'torn') throw errno('EIO', `i/o error after ${bytesWritten} of ${length} bytes (write ${path})`)
          return { bytesWritten }
        }
        return real.write(buffer, offset, length, position)
      },
      sync: () => this.syncNode(real, id, isDir, path),
      datasync: () => this.syncNode(real, id, isDir, path),
      truncate: async (length) => {
        await this.enter('meta', `truncate ${path}`)
        await real.truncate(length)
      },
      stat: async () => {
        this.alive()
        return real.stat()
      },
      close: async () => {
        this.openHandles.delete(real)
        await real.close()
      },
    }
  }

  private async syncNode(real: fsp.FileHandle, id: number, isDir: boolean, path: string): Promise<void> {
    await this.enter('sync', `fsync ${path}`)
    const node = this.nodes.get(id)!
    if (isDir) {
      for (const { name, id: entry } of node.pending!.splice(0)) {
        if (entry === null) node.entries!.delete(name)
        else node.entries!.set(name, entry)
      }
      return
    }
    const { size } = await real.stat()
    const content = Buffer.alloc(size)
    if (size > 0) await real.read(content, 0, size, 0)
    node.durable = content
  }

  // ---- the model -------------------------------------------------------------------------

  private scan(dir: string, id: number): void {
    const entries = new Map<string, number>()
    this.nodes.set(id, { kind: 'dir', durable: null, entries: new Map(), pending: [] })
    this.live.set(dir, entries)
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      const childId = this.nextId++
      entries.set(name, childId)
      if (statSync(path).isDirectory()) this.scan(path, childId)
      else this.nodes.set(childId, { kind: 'file', durable: readFileSync(path) })
    }
    this.nodes.get(id)!.entries = new Map(entries)
  }

  private newNode(kind: 'file' | 'dir'): number {
    const id = this.nextId++
    this.nodes.set(id, kind === 'dir' ? { kind, durable: null, entries: new Map(), pending: [] } : { kind, durable: null })
    return id
  }

  private idOf(path: string): number | undefined {
    if (path === this.root) return 0
    return this.live.get(dirname(path))?.get(basename(path))
  }

  private addEntry(path: string, id: number): void {
    const parent = dirname(path)
    const entries = this.live.get(parent)
    if (!entries) return // outside the modelled folder
    entries.set(basename(path), id)
    this.nodes.get(this.idOf(parent)!)!.pending!.push({ name: basename(path), id })
  }

  private removeEntry(path: string): void {
    const parent = dirname(path)
    const entries = this.live.get(parent)
    if (!entries) return
    entries.delete(basename(path))
    this.nodes.get(this.idOf(parent)!)!.pending!.push({ name: basename(path), id: null })
  }

  private livePathOf(id: number): string | null {
    for (const [dir, entries] of this.live) {
      for (const [name, entry] of entries) if (entry === id) return join(dir, name)
    }
    return null
  }
}
