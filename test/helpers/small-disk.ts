import { spawnSync } from 'node:child_process'
import { closeSync, openSync, statSync, truncateSync, writeSync } from 'node:fs'

/**
 * A real small disk: a tmpfs of `megabytes` mounted at `dir` (needs root on Linux). Returns why it
 * could not be mounted, for the test to skip with, or null when it is there.
 */
export function mountSmallDisk(dir: string, megabytes = 3): string | null {
  if (process.platform !== 'linux') return 'needs Linux tmpfs'
  if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs (run the tests as root to include it)'
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir], { encoding: 'utf8' })
  if (mounted.status !== 0) return `mount -t tmpfs failed: ${(mounted.stderr || mounted.error?.message || '').trim()}`
  return null
}

export function unmountSmallDisk(dir: string): void {
  spawnSync('umount', [dir])
}

/** Writes a filler file until the file system refuses one more byte, or until only `leaveBytes` would be left. */
export function fillDisk(path: string, leaveBytes = 0): void {
  const fd = openSync(path, 'w')
  try {
    for (const size of [65536, 4096, 512, 64, 8, 1]) {
      const chunk = Buffer.alloc(size, 0x55)
      for (;;) {
        try {
          if (writeSync(fd, chunk) < size) break
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
          break
        }
      }
    }
  } finally {
    closeSync(fd)
  }
  if (leaveBytes > 0) truncateSync(path, Math.max(0, statSync(path).size - leaveBytes))
}
