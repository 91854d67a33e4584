import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain, Menu, nativeImage, protocol, safeStorage, session } from 'electron'
import { IPC_EVENT } from '../../common/contract'
import { createHandlers, type Handlers } from '../core/api/handlers'
import { openStation, type Station } from '../core/station'
import { OperatorSession } from '../core/operators/session'
import { APP_START_URL, trustedOrigins } from './app-origin'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { DesktopSettingsFile, type DesktopSettings } from './desktop-settings'
import { bindStationIpc, createInvokeListener } from './ipc'
import { shellLanguage, type ShellLanguage } from './language'
import { createStationLog, type StationLog } from '../logging/station-log'
import { buildMenuTemplate } from './menu'
import { guardWebContents, isAllowedRequest } from './navigation'
import { installPermissionHandlers } from './permissions'
import { SafeStorageSecretVault } from './secret-vault'
import { ShutdownSequence } from './shutdown'
import { createSyncTray, type SyncTray } from './tray'
import { buildWindowOptions } from './window-options'

/**
 * The Electron main process: one window on app://station, the core opened in this process, and
 * nothing reachable from the page but the typed contract. Every security decision lives in a
 * pure module beside this one (and is unit-tested there); this file only connects them.
 */
const OUT_DIR = fileURLToPath(new URL('..', import.meta.url))
const PRELOAD_PATH = join(OUT_DIR, 'preload', 'index.cjs')
const RENDERER_DIR = join(OUT_DIR, 'renderer')

/** What the rest of the main process (the sync queue, when it lands) talks to. */
export interface DesktopShell {
  station: Station
  vault: SafeStorageSecretVault
  log: StationLog
  shutdown: ShutdownSequence
  focus(): void
}

export function startDesktopApp(): void {
  // Tests and side-by-side installs point Electron's own folder elsewhere; before anything reads it.
  if (process.env.ENROLL_USER_DATA_DIR) app.setPath('userData', resolve(process.env.ENROLL_USER_DATA_DIR))
  registerAppScheme(protocol)
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.enableSandbox()
  const trusted = trustedOrigins(process.env.ELECTRON_RENDERER_URL, app.isPackaged)
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, trusted))

  let shell: DesktopShell | null = null
  app.on('second-instance', () => shell?.focus())
  app
    .whenReady()
    .then(async () => {
      shell = await launch(trusted)
    })
    .catch((error: unknown) => {
      console.error('The station could not start:', error)
      app.exit(1)
    })
}

async function launch(trusted: string[]): Promise<DesktopShell> {
  app.setAppLogsPath()
  const log = createStationLog({ folder: app.getPath('logs'), fileName: 'main.log', echo: !app.isPackaged })
  process.on('uncaughtException', (error) => log.error('uncaught exception', error))
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', error))

  const userData = app.getPath('userData')
  const dataDir = process.env.ENROLL_DATA_DIR ? resolve(process.env.ENROLL_DATA_DIR) : join(userData, 'data')
  const language: ShellLanguage = shellLanguage(app.getPreferredSystemLanguages())
  const settingsFile = new DesktopSettingsFile(userData)
  let settings = await settingsFile.read()
  const kioskFromCommandLine = app.commandLine.hasSwitch('kiosk')
  log.info(`starting ${app.getName()} ${app.getVersion()}; data ${dataDir}; log ${log.path}`)

  const vault = new SafeStorageSecretVault(dataDir, safeStorage)
  const station = await openStation({ dataDir, secretVault: vault, faceProcessing: true, purpose: 'the Enrollment Station app', onWarning: (message) => log.warn(message) })
  if (vault.protection.warning) {
    log.warn(vault.protection.warning)
    // app.info's warnings are what the UI shows on its banner; the store keeps that list.
    station.store.warnings.push(vault.protection.warning)
  }
  // One session per window (its webContents): whoever sits at it signs in; a new window starts signed out.
  const windowHandlers = new WeakMap<object, Handlers>()
  const handlersFor = (sender: object | undefined): Handlers => {
    const key = sender ?? station
    let handlers = windowHandlers.get(key)
    if (!handlers) {
      const coreHandlers = createHandlers(station, new OperatorSession())
      // The core reads its version from package.json beside its sources; in the bundle that path
      // does not exist, so the app's own version is given instead.
      handlers = { ...coreHandlers, 'app.info': async (input) => ({ ...(await coreHandlers['app.info'](input)), version: app.getVersion() }) }
      windowHandlers.set(key, handlers)
    }
    return handlers
  }

  const ses = session.defaultSession
  installPermissionHandlers(ses, trusted)
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, trusted)
    if (!allowed) log.warn(`blocked a request to ${details.url}`)
    callback({ cancel: !allowed })
  })
  serveAppProtocol(ses.protocol, { rendererDir: RENDERER_DIR, dataDir })

  let window: BrowserWindow | null = null
  const applyKiosk = (enabled: boolean) => {
    if (!window || window.isDestroyed()) return
    window.setKiosk(enabled)
    window.setAutoHideMenuBar(enabled)
    window.setMenuBarVisibility(!enabled)
  }
  const setMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          language,
          platform: process.platform,
          kiosk: settings.kiosk || kioskFromCommandLine,
          development: !app.isPackaged,
          onToggleKiosk: (enabled) => void updateSettings({ kiosk: enabled }),
        }),
      ),
    )
  const updateSettings = async (patch: unknown): Promise<DesktopSettings> => {
    const before = settings
    settings = await settingsFile.update(patch)
    if (before.kiosk !== settings.kiosk) {
      applyKiosk(settings.kiosk)
      setMenu()
    }
    return settings
  }
  const unbindIpc = bindStationIpc(ipcMain, createInvokeListener({ handlers: handlersFor, trusted }))

  const devServer = trusted.length > 1 ? process.env.ELECTRON_RENDERER_URL : undefined
  const createWindow = () => {
    // The options come from buildWindowOptions (contextIsolation, sandbox, no Node, Auxclick off),
    // asserted in test/electron/security-policy.test.ts; electronegativity cannot follow a function
    // call, so its three checks of this line are answered there:
    const created = new BrowserWindow( // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
      buildWindowOptions({
        preloadPath: PRELOAD_PATH,
        kiosk: settings.kiosk || kioskFromCommandLine,
        devTools: !app.isPackaged,
        // Read through fs (asar-aware) rather than handing Electron a path inside app.asar.
        icon: process.platform === 'darwin' ? undefined : nativeImage.createFromBuffer(readFileSync(join(app.getAppPath(), 'assets', 'icon.png'))),
      }),
    )
    created.once('ready-to-show', () => created.show())
    created.webContents.on('render-process-gone', (_event, details) => {
      log.error(`the page's process ended (${details.reason}, exit code ${details.exitCode})`)
      if (details.reason !== 'clean-exit' && !created.isDestroyed()) created.reload()
    })
    void created.loadURL(devServer ?? APP_START_URL)
    return created
  }
  setMenu()
  window = createWindow()
  const unsubscribe = station.events.subscribe((event) => {
    if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENT, event)
  })

  let tray: SyncTray | null = null
  try {
    tray = createSyncTray(join(app.getAppPath(), 'assets', 'tray'), language, () => shell.focus())
  } catch (error) {
    // Some Linux desktops have no status area; the station works without it.
    log.warn(`no tray icon: ${(error as Error).message}`)
  }

  tray?.update(station.sync.counts())
  const stopCounts = station.sync.onCounts((counts) => tray?.update(counts))
  // The desktop station sends its changes to the back ends while it runs.
  station.sync.start().catch((error: unknown) => log.error('the sync queue could not start', error))
  void station.persons.warmUp()
  // visitors kept longer than the station's retention setting are purged once a day
  const stopRetention = station.retention.daily((message) => log.warn(message))

  const shutdown = new ShutdownSequence()
  // The request in flight finishes or is parked for the next start; then the register closes.
  shutdown.add('retention', () => stopRetention())
  shutdown.add('sync queue', () => station.sync.stop({ timeoutMs: 10_000 }), 15_000)
  shutdown.add('event forwarding', () => {
    stopCounts()
    unsubscribe()
  })
  shutdown.add('register', () => station.close(), 30_000)
  shutdown.add('ipc', () => unbindIpc())

  let finished = false
  app.on('before-quit', (event) => {
    if (finished) return
    event.preventDefault()
    if (shutdown.started) return
    log.info('quitting: closing the register')
    void shutdown.run().then((results) => {
      for (const result of results) if (!result.ok) log.error(`shutdown step "${result.name}" failed: ${result.error}`)
      finished = true
      tray?.destroy()
      app.quit()
    })
  })
  // One window is the station: closing it quits, on macOS too (a register left open with no
  // window would hold the data folder's lock for nothing).
  app.on('window-all-closed', () => app.quit())

  const shell: DesktopShell = {
    station,
    vault,
    log,
    shutdown,
    focus() {
      if (!window || window.isDestroyed()) window = createWindow()
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
    },
  }
  return shell
}
