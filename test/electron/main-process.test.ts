import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { register } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from '../helpers/temp'
import { openStation } from '../../main/core/station'
import { CONTENT_SECURITY_POLICY } from '../../common/security/content-security-policy'
import type * as Stub from './electron-stub'

/**
 * The built main process (out/main/index.js, as electron-vite makes it) run in Node against a
 * recording stand-in for Electron's API: proves the wiring in main/electron/app.ts — what is
 * registered before `ready`, the one IPC handler, the session's guards, the window, the shutdown —
 * without the Electron binary. The app:// handler, the IPC handler and the permission handlers
 * it registered are then called the way Electron would call them.
 */
// Inside the repository (git-ignored), so the bundle's imports resolve from node_modules.
mkdirSync(join(REPO_ROOT, 'test', '.tmp'), { recursive: true })
const work = mkdtempSync(join(REPO_ROOT, 'test', '.tmp', 'main-process-'))
const outDir = join(work, 'out')
const dataDir = join(work, 'data')
const userDataDir = join(work, 'user-data')
after(() => rmSync(work, { recursive: true, force: true }))

let electron: typeof Stub
const apiOrder = (api: string) => electron.calls.findIndex((call) => call.api === api)
const callsTo = (api: string) => electron.calls.filter((call) => call.api === api)

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25))
  assert.ok(condition(), `gave up waiting for ${what}`)
}

const ourFrame = { senderFrame: { url: 'app://station/index.html', parent: null } }

before(async () => {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir], { cwd: REPO_ROOT, encoding: 'utf8' })
  assert.equal(build.status, 0, `electron-vite build failed:\n${build.stdout}\n${build.stderr}`)
  process.env.ENROLL_DATA_DIR = dataDir
  process.env.ENROLL_USER_DATA_DIR = userDataDir
  register('./electron-stub-loader.mjs', import.meta.url)
  electron = await import('./electron-stub')
  await import(pathToFileURL(join(outDir, 'main', 'index.js')).href)
  await until(() => electron.trays.length === 1, 'the app to finish starting')
})

test('before ready: app: is privileged, one instance only, every renderer sandboxed, userData moved', () => {
  const ready = apiOrder('app.whenReady')
  assert.ok(apiOrder('protocol.registerSchemesAsPrivileged') >= 0 && apiOrder('protocol.registerSchemesAsPrivileged') < ready)
  assert.ok(apiOrder('app.requestSingleInstanceLock') >= 0 && apiOrder('app.requestSingleInstanceLock') < ready)
  assert.ok(apiOrder('app.enableSandbox') >= 0 && apiOrder('app.enableSandbox') < ready)
  assert.ok(apiOrder('app.setPath') < ready)
  assert.equal(electron.paths.userData, userDataDir)
  const [schemes] = callsTo('protocol.registerSchemesAsPrivileged')[0].args as [Array<{ scheme: string; privileges: Record<string, boolean> }>]
  assert.equal(schemes[0].scheme, 'app')
  assert.equal(schemes[0].privileges.bypassCSP, false)
  assert.ok(callsTo('app.on').some((call) => call.args[0] === 'web-contents-created'), 'every webContents gets the navigation guards')
})

test('one window on app://station with the hardened options and the bundled sandboxed preload', () => {
  assert.equal(electron.BrowserWindow.created.length, 1)
  const [window] = electron.BrowserWindow.created
  assert.equal(window.loadedUrl, 'app://station/index.html')
  const web = window.options.webPreferences as Record<string, unknown>
  assert.equal(web.sandbox, true)
  assert.equal(web.contextIsolation, true)
  assert.equal(web.nodeIntegration, false)
  assert.equal(web.devTools, true, 'unpackaged run')
  assert.equal((window.options.icon as { size: number }).size, readFileSync(join(REPO_ROOT, 'assets', 'icon.png')).length, 'the window icon, read from the app folder')
  assert.equal(web.preload, join(outDir, 'preload', 'index.cjs'))
  assert.ok(existsSync(web.preload as string))
  const menu = callsTo('Menu.setApplicationMenu').at(-1)!.args[0] as Array<{ label: string }>
  assert.equal(menu[0].label, '文件', 'menu in the system language (zh-CN here)')
  assert.equal(electron.trays[0].tooltip, 'Enrollment Station — 已全部同步')
})

test('exactly one IPC handler; it serves our page and refuses others', async () => {
  assert.deepEqual(callsTo('ipcMain.handle').map((call) => call.args[0]), ['station:invoke'])
  const signedOut = (await electron.handlers.invoke!(ourFrame, 'person.add', { name: 'Before sign-in' })) as { ok: boolean; error: { code: string } }
  assert.equal(!signedOut.ok && signedOut.error.code, 'unauthorized', "the window's session starts signed out")
  const setUp = (await electron.handlers.invoke!(ourFrame, 'session.setUp', { name: 'main-process-test', password: 'window-pass' })) as { ok: boolean }
  assert.equal(setUp.ok, true)
  const added = (await electron.handlers.invoke!(ourFrame, 'person.add', { name: 'Wang Fang' })) as { ok: boolean; result: { id: string } }
  assert.equal(added.ok, true)
  const refused = (await electron.handlers.invoke!({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'person.add', { name: 'Mallory' })) as { ok: boolean }
  assert.equal(refused.ok, false)
  await until(() => electron.sent.some((message) => message.channel === 'station:event' && (message.payload as { type: string }).type === 'persons.changed'), 'the change event to reach the window')
  const info = (await electron.handlers.invoke!(ourFrame, 'app.info', {})) as { ok: boolean; result: { dataDir: string; actor: string; version: string } }
  assert.equal(info.result.dataDir, dataDir)
  assert.equal(info.result.version, '0.0.0-test', "the app's version, not the core's package.json guess")
  assert.equal(info.result.actor, 'main-process-test')
  const still = (await electron.handlers.invoke!(ourFrame, 'desktop.captureStill', {})) as { ok: boolean; error: { field: string } }
  assert.equal(!still.ok && still.error.field, 'channel', 'no still-camera channel')
})

test('the session serves app:// with the CSP and grants only the camera, to our page only', async () => {
  assert.deepEqual(callsTo('session.protocol.handle').map((call) => call.args[0]), ['app'])
  const page = await electron.handlers.protocol!(new Request('app://station/index.html'))
  assert.equal(page.status, 200)
  assert.match(await page.text(), /<div id="root">/)
  assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY)
  assert.equal((await electron.handlers.protocol!(new Request('app://station/..%2f..%2fdata/register.json'))).status, 403)

  const ask = (permission: string, url: string, mediaTypes?: string[]) =>
    new Promise<boolean>((resolve) => electron.handlers.permissionRequest!({}, permission, resolve, { requestingUrl: url, isMainFrame: true, mediaTypes }))
  assert.equal(await ask('media', 'app://station/index.html', ['video']), true)
  assert.equal(await ask('media', 'https://evil.example/', ['video']), false)
  assert.equal(await ask('geolocation', 'app://station/index.html'), false)
  assert.equal(electron.handlers.permissionCheck!({}, 'media', 'app://station', { mediaType: 'video', isMainFrame: true }), true)
  assert.equal(electron.handlers.permissionCheck!({}, 'notifications', 'app://station', { isMainFrame: true }), false)
  assert.deepEqual(callsTo('session.setDevicePermissionHandler').map((call) => call.args[0]), [false])

  const cancelled = (url: string) => new Promise<boolean>((resolve) => electron.handlers.beforeRequest!({ url }, (response) => resolve(response.cancel)))
  assert.equal(await cancelled('https://cdn.example/model.bin'), true)
  assert.equal(await cancelled('app://station/assets/app.js'), false)
})

test('kiosk mode from the menu applies to the window at once and is remembered', async () => {
  type Item = { id?: string; submenu?: Item[]; click?: (item: { checked: boolean }) => void }
  const items = (list: Item[]): Item[] => list.flatMap((item) => [item, ...items(item.submenu ?? [])])
  const kiosk = items(callsTo('Menu.setApplicationMenu').at(-1)!.args[0] as Item[]).find((item) => item.id === 'kiosk')
  assert.ok(kiosk?.click, 'the menu has the kiosk switch')
  kiosk.click({ checked: true })
  await until(() => electron.BrowserWindow.created[0].kiosk === true, 'the window to go kiosk')
  await until(() => existsSync(join(userDataDir, 'desktop-settings.json')), 'the setting to be saved')
  assert.equal(JSON.parse(readFileSync(join(userDataDir, 'desktop-settings.json'), 'utf8')).kiosk, true)
})

test('a second launch focuses the window; quitting parks the queue, closes the register, then quits', async () => {
  electron.appEvents.emit('second-instance')
  assert.ok(callsTo('window.focus').length >= 1)

  let prevented = 0
  electron.appEvents.emit('before-quit', { preventDefault: () => prevented++ })
  electron.appEvents.emit('before-quit', { preventDefault: () => prevented++ })
  assert.equal(prevented, 2, 'quit waits for the shutdown, even when asked twice')
  await until(() => callsTo('app.quit').length === 1, 'the shutdown to finish')
  electron.appEvents.emit('before-quit', { preventDefault: () => prevented++ })
  assert.equal(prevented, 2, 'the final quit goes through')
  assert.deepEqual(callsTo('ipcMain.removeHandler').map((call) => call.args[0]), ['station:invoke'])

  // The register was closed cleanly: it opens again with the person added through IPC.
  const reopened = await openStation({ dataDir })
  try {
    assert.deepEqual(reopened.store.warnings, [])
    assert.equal(reopened.persons.list({ text: 'Wang Fang' }).total, 1)
  } finally {
    await reopened.close()
  }
  const log = readFileSync(join(userDataDir, 'logs', 'main.log'), 'utf8')
  assert.match(log, /INFO starting Enrollment Station/)
  assert.match(log, /WARN blocked a request to https:\/\/cdn\.example\/model\.bin/)
})
