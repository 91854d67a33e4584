import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../helpers/temp'
import { buildWindowOptions } from '../../main/electron/window-options'
import { isAllowedDownload, permissionCheckDecision, permissionRequestDecision } from '../../main/electron/permissions'
import { isAllowedNavigation, isAllowedRequest } from '../../main/electron/navigation'
import { APP_ORIGIN, APP_START_URL, isTrustedOrigin, trustedOrigins } from '../../main/electron/app-origin'
import { isTrustedSender } from '../../main/electron/ipc'

const OURS = `${APP_ORIGIN}/index.html`

test('the window runs the page isolated, sandboxed, without Node, with web security on', () => {
  const options = buildWindowOptions({ preloadPath: '/app/out/preload/index.cjs', kiosk: false, devTools: false })
  const web = options.webPreferences!
  assert.equal(web.contextIsolation, true)
  assert.equal(web.sandbox, true)
  assert.equal(web.nodeIntegration, false)
  assert.equal(web.nodeIntegrationInWorker, false)
  assert.equal(web.nodeIntegrationInSubFrames, false)
  assert.equal(web.webSecurity, true)
  assert.equal(web.allowRunningInsecureContent, false)
  assert.equal(web.experimentalFeatures, false)
  assert.equal(web.webviewTag, false)
  assert.equal(web.navigateOnDragDrop, false)
  assert.equal(web.disableBlinkFeatures, 'Auxclick')
  assert.equal(web.spellcheck, false, 'the spell checker would download dictionaries')
  assert.equal(web.devTools, false)
  assert.equal(web.preload, '/app/out/preload/index.cjs')
  assert.equal('enableBlinkFeatures' in web, false)
  assert.equal(options.show, false, 'shown on ready-to-show, no white flash')
  assert.equal(options.kiosk, false)
  assert.equal(APP_START_URL.startsWith('app://station/'), true, 'the page is never loaded from file://')
})

test('kiosk mode is a full-screen window without a menu bar', () => {
  const options = buildWindowOptions({ preloadPath: '/p.cjs', kiosk: true, devTools: false })
  assert.equal(options.kiosk, true)
  assert.equal(options.fullscreen, true)
  assert.equal(options.autoHideMenuBar, true)
  assert.equal(options.webPreferences!.sandbox, true)
})

test('camera from our own page → allowed; from anywhere else, or with the microphone → denied', () => {
  assert.equal(permissionRequestDecision(OURS, 'media', { isMainFrame: true, mediaTypes: ['video'] }), true)
  assert.equal(permissionRequestDecision('https://evil.example/', 'media', { isMainFrame: true, mediaTypes: ['video'] }), false)
  assert.equal(permissionRequestDecision('http://127.0.0.1:5173/', 'media', { isMainFrame: true, mediaTypes: ['video'] }), false)
  assert.equal(permissionRequestDecision('file:///C:/index.html', 'media', { isMainFrame: true, mediaTypes: ['video'] }), false)
  assert.equal(permissionRequestDecision('app://station.evil/', 'media', { isMainFrame: true, mediaTypes: ['video'] }), false)
  assert.equal(permissionRequestDecision(OURS, 'media', { isMainFrame: true, mediaTypes: ['audio'] }), false)
  assert.equal(permissionRequestDecision(OURS, 'media', { isMainFrame: true, mediaTypes: ['video', 'audio'] }), false)
  assert.equal(permissionRequestDecision(OURS, 'media', { isMainFrame: true, mediaTypes: [] }), false)
  assert.equal(permissionRequestDecision(OURS, 'media', { isMainFrame: false, mediaTypes: ['video'] }), false, 'not from an iframe')
  assert.equal(permissionRequestDecision(undefined, 'media', { mediaTypes: ['video'] }), false)

  assert.equal(permissionCheckDecision(APP_ORIGIN, 'media', { mediaType: 'video', isMainFrame: true }), true)
  assert.equal(permissionCheckDecision(APP_ORIGIN, 'media', { mediaType: 'audio', isMainFrame: true }), false)
  assert.equal(permissionCheckDecision('https://evil.example', 'media', { mediaType: 'video', isMainFrame: true }), false)
})

test('geolocation and every other permission → denied, even for our own page', () => {
  const others = ['geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'midi', 'midiSysex', 'pointerLock', 'keyboardLock', 'openExternal', 'hid', 'serial', 'usb', 'fileSystem', 'window-management', 'idle-detection', 'storage-access', 'unknown']
  for (const permission of others) {
    assert.equal(permissionRequestDecision(OURS, permission, { isMainFrame: true, mediaTypes: ['video'] }), false, permission)
    assert.equal(permissionCheckDecision(APP_ORIGIN, permission, { isMainFrame: true, mediaType: 'video' }), false, permission)
  }
})

test('navigation away from the station is prevented; its own pages are not', () => {
  assert.equal(isAllowedNavigation('app://station/index.html#/persons'), true)
  for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://other/', 'data:text/html,hi', 'about:blank', 'not a url']) {
    assert.equal(isAllowedNavigation(url), false, url)
  }
})

test('no remote content: only app://, our blob:, data: and DevTools leave the session', () => {
  assert.equal(isAllowedRequest('app://station/assets/model.bin'), true)
  assert.equal(isAllowedRequest('blob:app://station/2f7c-…'), true)
  assert.equal(isAllowedRequest('data:image/jpeg;base64,AAAA'), true)
  assert.equal(isAllowedRequest('devtools://devtools/bundled/inspector.html'), true)
  for (const url of ['https://cdn.jsdelivr.net/npm/@vladmandic/face-api/model/x.bin', 'http://192.168.1.10/api', 'ws://127.0.0.1:9222/', 'file:///etc/passwd', 'blob:https://evil.example/1', 'ftp://x/']) {
    assert.equal(isAllowedRequest(url), false, url)
  }
  assert.equal(isAllowedDownload('blob:app://station/1'), true, 'a CSV export the page built')
  assert.equal(isAllowedDownload('https://evil.example/x.exe'), false)
})

test('the dev server is trusted only in an unpackaged run and only on loopback', () => {
  assert.deepEqual(trustedOrigins('http://localhost:5173/', false), [APP_ORIGIN, 'http://localhost:5173'])
  assert.deepEqual(trustedOrigins('http://localhost:5173/', true), [APP_ORIGIN])
  assert.deepEqual(trustedOrigins('http://192.168.1.5:5173/', false), [APP_ORIGIN])
  assert.deepEqual(trustedOrigins('https://evil.example/', false), [APP_ORIGIN])
  assert.deepEqual(trustedOrigins(undefined, false), [APP_ORIGIN])
  assert.equal(isTrustedOrigin('http://localhost:5174/', trustedOrigins('http://localhost:5173/', false)), false)
})

test('IPC is answered only for our page in the top frame', () => {
  assert.equal(isTrustedSender({ url: OURS, parent: null }), true)
  assert.equal(isTrustedSender({ url: OURS, parent: {} }), false, 'an iframe, even of our origin')
  assert.equal(isTrustedSender({ url: 'https://evil.example/', parent: null }), false)
  assert.equal(isTrustedSender({ url: 'file:///index.html', parent: null }), false)
  assert.equal(isTrustedSender(null), false, 'a frame already gone')
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

test('one IPC entry point: no other ipcMain handler, one exposed API, no electron in the core', () => {
  const mainSources = [...sourceFiles(join(REPO_ROOT, 'main')), ...sourceFiles(join(REPO_ROOT, 'preload'))]
  const handles = mainSources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/ipcMain\.(handle|handleOnce|on|once|addListener)\(/g)].map(() => file))
  assert.deepEqual(handles.map((file) => file.slice(REPO_ROOT.length)), ['main/electron/ipc.ts'])
  const preload = readFileSync(join(REPO_ROOT, 'preload/index.ts'), 'utf8')
  assert.equal([...preload.matchAll(/exposeInMainWorld\(/g)].length, 1)
  for (const file of sourceFiles(join(REPO_ROOT, 'main/core'))) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /from ['"]electron['"]|require\(['"]electron['"]\)/, file)
  }
})
