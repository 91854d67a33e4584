import * as fsp from 'node:fs/promises'

/**
 * The file operations the register makes, as one small interface: the store, its journal, its
 * snapshot files and its lock take one, so a test can hand in a file system that fails the way
 * disks do (short writes, ENOSPC, EIO, a failed fsync, power lost before an fsync).
 */
export interface StoreFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position?: number | null): Promise<{ bytesWritten: number }>
  sync(): Promise<void>
  datasync(): Promise<void>
  truncate(length: number): Promise<void>
  stat(): Promise<{ size: number }>
  close(): Promise<void>
}

export interface StoreFs {
  open(path: string, flags: string, mode?: number): Promise<StoreFileHandle>
  readFile(path: string): Promise<Buffer>
  readdir(path: string): Promise<string[]>
  stat(path: string): Promise<{ size: number; mode: number; mtimeMs: number; isDirectory(): boolean }>
  mkdir(path: string, options: { recursive: true; mode?: number }): Promise<unknown>
  chmod(path: string, mode: number): Promise<void>
  rename(from: string, to: string): Promise<void>
  link(existing: string, newPath: string): Promise<void>
  unlink(path: string): Promise<void>
  truncate(path: string, length: number): Promise<void>
  copyFile(from: string, to: string): Promise<void>
}

export const nodeStoreFs: StoreFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  readFile: (path) => fsp.readFile(path),
  readdir: (path) => fsp.readdir(path),
  stat: (path) => fsp.stat(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
  chmod: (path, mode) => fsp.chmod(path, mode),
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  unlink: (path) => fsp.unlink(path),
  truncate: (path, length) => fsp.truncate(path, length),
  copyFile: (from, to) => fsp.copyFile(from, to),
}

/**
 * write(2) may write less than asked (a nearly full disk, a signal): keep writing the rest. A
 * write that makes no progress is the disk refusing more, reported as ENOSPC.
 */
export async function writeAll(handle: StoreFileHandle, data: Uint8Array): Promise<void> {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null)
    if (bytesWritten <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write made no progress'), { code: 'ENOSPC' })
    offset += bytesWritten
  }
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT'
}
