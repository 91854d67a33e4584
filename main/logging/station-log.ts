import { homedir } from 'node:os'
import { join } from 'node:path'
import electronLog from 'electron-log/node'
import { PRODUCT_NAME, appDataDir } from '../core/paths'

/**
 * The station's logs, written by electron-log (its plain-Node entry, so the desktop app's main
 * process and `enroll serve` share one logger): one line per event, `<ISO time> <LEVEL> <text>`,
 * appended synchronously (the last line before a crash is on disk), the file moved to
 * `<name>.old.log` when it passes MAX_LOG_BYTES. The desktop app writes main.log, `enroll serve`
 * serve.log, both in the same folder.
 */
export interface StationLog {
  path: string
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export const MAX_LOG_BYTES = 5 * 1024 * 1024

export interface StationLogOptions {
  folder: string
  fileName: string
  /** Also write each line to stderr (development; `enroll serve`). */
  echo: boolean
  maxBytes?: number
}

/** The line format of every station log. */
export function logLine(date: Date, level: string, text: string): string {
  return `${date.toISOString()} ${level.toUpperCase()} ${text}`
}

/**
 * The OS's log folder for the app, as Electron's app.getPath('logs') gives it, for the programs
 * that run without Electron (`enroll serve`). ENROLL_LOG_DIR overrides it.
 */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ENROLL_LOG_DIR) return env.ENROLL_LOG_DIR
  if (platform === 'darwin') return join(homedir(), 'Library', 'Logs', PRODUCT_NAME)
  return join(appDataDir(env, platform), PRODUCT_NAME, 'logs')
}

let created = 0

export function createStationLog({ folder, fileName, echo, maxBytes = MAX_LOG_BYTES }: StationLogOptions): StationLog {
  const path = join(folder, fileName)
  // an instance of its own, so two logs in one process (tests) never share a file or settings
  const logger = electronLog.create({ logId: `station-${fileName}-${++created}` })
  const format = ({ message }: { message: { date: Date; level: string; data: unknown[] } }) => [logLine(message.date, message.level, message.data.map(String).join(' '))]
  logger.transports.file.resolvePathFn = () => path
  logger.transports.file.maxSize = maxBytes
  logger.transports.file.format = format
  logger.transports.file.level = 'info'
  if (echo) {
    logger.transports.console.format = format
    logger.transports.console.level = 'info'
    // stderr: a program's stdout is its answer (`enroll serve` prints the URL there first)
    logger.transports.console.writeFn = ({ message }) => void process.stderr.write(`${message.data.join(' ')}\n`)
  } else {
    logger.transports.console.level = false
  }
  return {
    path,
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => logger.error(error ? `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : message),
  }
}
