import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'Enrollment Station'

/**
 * Where the register lives unless told otherwise: the same folder Electron's
 * app.getPath('userData') gives for this product name, plus /data, so the CLI and the desktop
 * app share one register.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ENROLL_DATA_DIR) return env.ENROLL_DATA_DIR
  return join(appDataDir(env, platform), PRODUCT_NAME, 'data')
}

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config')
}
