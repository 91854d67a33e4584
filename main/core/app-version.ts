import { readFileSync } from 'node:fs'

/**
 * The version in package.json beside the core's sources (the CLI, `enroll serve`, tests). In the
 * Electron bundle that file is not there: '0.0.0', and main/electron gives app.info the app's own.
 */
export const APP_VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version
  } catch {
    return '0.0.0'
  }
})()
