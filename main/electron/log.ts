import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The main process's log: one file in the OS's log folder for this app (see the README), kept
 * under a size limit by rotating to main.old.log. Synchronous appends, so the last line before a
 * crash is on disk.
 */
export interface ShellLog {
  path: string
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export const MAX_LOG_BYTES = 5 * 1024 * 1024

export function createShellLog(folder: string, echo: boolean = true): ShellLog {
  const path = join(folder, 'main.log')
  mkdirSync(folder, { recursive: true })
  const write = (level: string, message: string) => {
    const line = `${new Date().toISOString()} ${level} ${message}\n`
    if (echo) process.stderr.write(line)
    try {
      if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) renameSync(path, join(folder, 'main.old.log'))
      appendFileSync(path, line)
    } catch {
      // A full disk must not take the station down with it.
    }
  }
  return {
    path,
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message, error) => write('ERROR', error ? `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : message),
  }
}
