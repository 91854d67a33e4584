import type { BrowserWindowConstructorOptions, NativeImage } from 'electron'
import { PRODUCT_NAME } from '../core/paths'

export interface WindowSettings {
  preloadPath: string
  kiosk: boolean
  /** DevTools only in an unpackaged development run. */
  devTools: boolean
  /** Linux and Windows show it in the task bar; macOS takes the bundle's icon. */
  icon?: NativeImage
}

/**
 * The one window's options. Every web preference that matters for security is spelled out,
 * even where it is Electron's default, so a future default change or a careless edit shows up
 * in the tests (test/electron/security-policy.test.ts) instead of in production.
 */
export function buildWindowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  return {
    title: PRODUCT_NAME,
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    show: false,
    backgroundColor: '#f5f6f8',
    kiosk: settings.kiosk,
    fullscreen: settings.kiosk,
    autoHideMenuBar: settings.kiosk,
    ...(settings.icon ? { icon: settings.icon } : {}),
    webPreferences: {
      preload: settings.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would open links in new windows; those are denied anyway, this stops the attempt.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      // Chromium's spell checker downloads dictionaries from Google: no remote content.
      spellcheck: false,
      devTools: settings.devTools,
      // A kiosk left on overnight must keep its camera loop running.
      backgroundThrottling: false,
    },
  }
}
