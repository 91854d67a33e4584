/**
 * The one origin the station's UI runs on. Everything that decides trust (IPC senders,
 * permissions, navigation) compares against this, never against file:// or a hostname.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'station'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_START_URL = `${APP_ORIGIN}/index.html`

/**
 * The origin of a URL as Chromium reports it. Node's URL gives "null" for schemes it does not
 * know (app: is "standard" only inside Electron), so app: is composed by hand.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.username || parsed.password) return null
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.port ? null : `${APP_SCHEME}://${parsed.hostname}`
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin
  return null
}

/** True when the URL (or bare origin) belongs to one of the trusted origins, compared exactly. */
export function isTrustedOrigin(url: string | undefined | null, trusted: readonly string[] = [APP_ORIGIN]): boolean {
  if (!url) return false
  const origin = originOf(url)
  return origin !== null && trusted.includes(origin)
}

/**
 * The origins the UI may run on: app://station always; in an unpackaged development run also
 * the electron-vite dev server, and only when it is on this machine's loopback address.
 */
export function trustedOrigins(devServerUrl: string | undefined, packaged: boolean): string[] {
  if (packaged || !devServerUrl) return [APP_ORIGIN]
  const origin = originOf(devServerUrl)
  if (!origin || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin)) return [APP_ORIGIN]
  return [APP_ORIGIN, origin]
}
