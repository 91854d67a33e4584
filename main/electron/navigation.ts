import type { WebContents } from 'electron'
import { APP_ORIGIN, isTrustedOrigin } from './app-origin'

/**
 * The window never leaves the station's own pages: no link, redirect, drop or script can take
 * it to another site, and no page can open a second window or embed a <webview>.
 */
export function isAllowedNavigation(url: string, trusted: readonly string[] = [APP_ORIGIN]): boolean {
  return isTrustedOrigin(url, trusted)
}

/**
 * Which requests the renderer's session lets out at all: its own origin, in-memory blob:/data:
 * (camera stills, previews) and DevTools' own pages. No remote content, whatever a page or a
 * back end's answer asks for.
 */
export function isAllowedRequest(url: string, trusted: readonly string[] = [APP_ORIGIN]): boolean {
  if (url.startsWith('data:') || url.startsWith('devtools:')) return true
  if (url.startsWith('blob:')) return isTrustedOrigin(url.slice('blob:'.length), trusted)
  return isTrustedOrigin(url, trusted)
}

/** Applied to every webContents the app creates (app.on('web-contents-created')). */
export function guardWebContents(contents: WebContents, trusted: readonly string[]): void {
  const refuseUnlessAllowed = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, trusted)) event.preventDefault()
  }
  contents.on('will-navigate', (event) => refuseUnlessAllowed(event, event.url))
  contents.on('will-frame-navigate', (event) => refuseUnlessAllowed(event, event.url))
  contents.on('will-redirect', (event) => refuseUnlessAllowed(event, event.url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}
