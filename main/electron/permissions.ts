import type { Session } from 'electron'
import { APP_ORIGIN, isTrustedOrigin } from './app-origin'

/**
 * The station asks for one thing: the camera, from its own page. Every other permission
 * (microphone, geolocation, notifications, clipboard reads, MIDI, HID, serial, USB, screen
 * capture, fullscreen requests from the page, …) is refused, whoever asks.
 */
export interface RequestDetails {
  isMainFrame?: boolean
  mediaTypes?: ReadonlyArray<'video' | 'audio' | string>
}

export interface CheckDetails {
  isMainFrame?: boolean
  mediaType?: 'video' | 'audio' | 'unknown' | string
}

export function permissionRequestDecision(requestingUrl: string | undefined, permission: string, details: RequestDetails, trusted: readonly string[] = [APP_ORIGIN]): boolean {
  if (permission !== 'media' || !isTrustedOrigin(requestingUrl, trusted) || details.isMainFrame === false) return false
  const mediaTypes = details.mediaTypes ?? []
  return mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video')
}

export function permissionCheckDecision(requestingOrigin: string | undefined, permission: string, details: CheckDetails, trusted: readonly string[] = [APP_ORIGIN]): boolean {
  return permission === 'media' && details.mediaType === 'video' && details.isMainFrame !== false && isTrustedOrigin(requestingOrigin, trusted)
}

/** Downloads are the renderer saving what it built itself (a CSV export): blob:/data: of our page only. */
export function isAllowedDownload(url: string, trusted: readonly string[] = [APP_ORIGIN]): boolean {
  if (url.startsWith('data:')) return true
  return url.startsWith('blob:') && isTrustedOrigin(url.slice('blob:'.length), trusted)
}

export function installPermissionHandlers(session: Session, trusted: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionRequestDecision(details.requestingUrl, permission, details as RequestDetails, trusted))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => permissionCheckDecision(requestingOrigin, permission, details, trusted))
  session.setDevicePermissionHandler(() => false)
  // No stream given: the page's getDisplayMedia() is refused.
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}))
  // Device pickers: no device is ever chosen for a page.
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault()
    callback('')
  })
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  session.on('will-download', (event, item) => {
    if (!isAllowedDownload(item.getURL(), trusted)) event.preventDefault()
  })
}
