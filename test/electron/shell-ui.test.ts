import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import type { MenuItemConstructorOptions } from 'electron'
import { tempDir } from '../helpers/temp'
import { buildMenuTemplate } from '../../main/electron/menu'
import { shellLanguage } from '../../main/electron/language'
import { syncIndicator } from '../../main/electron/sync-indicator'
import { ShutdownSequence } from '../../main/electron/shutdown'
import { DesktopSettingsFile } from '../../main/electron/desktop-settings'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

const noop = () => {}

test('the menu language follows the system: Chinese for any zh locale, else English', () => {
  assert.equal(shellLanguage(['zh-CN', 'en-US']), 'zh-CN')
  assert.equal(shellLanguage(['zh-Hans-CN']), 'zh-CN')
  assert.equal(shellLanguage(['zh-TW']), 'zh-CN')
  assert.equal(shellLanguage(['en-GB', 'zh-CN']), 'en')
  assert.equal(shellLanguage([]), 'en')
})

test('the app menu has the usual roles, labelled per language; reload and DevTools only in development', () => {
  const zh = flatten(buildMenuTemplate({ language: 'zh-CN', platform: 'win32', kiosk: false, development: false, onToggleKiosk: noop }))
  const roles = zh.map((item) => item.role).filter(Boolean)
  for (const role of ['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'close', 'about']) {
    assert.ok(roles.includes(role as never), role)
  }
  assert.equal(roles.includes('reload'), false)
  assert.equal(roles.includes('toggleDevTools'), false)
  assert.equal(zh.find((item) => item.role === 'copy')?.label, '复制')
  assert.equal(zh.find((item) => item.role === 'quit')?.label, '退出')
  const dev = flatten(buildMenuTemplate({ language: 'en', platform: 'linux', kiosk: false, development: true, onToggleKiosk: noop }))
  assert.equal(dev.find((item) => item.role === 'toggleDevTools')?.label, 'Developer Tools')
  const mac = buildMenuTemplate({ language: 'en', platform: 'darwin', kiosk: false, development: false, onToggleKiosk: noop })
  assert.equal(mac[0].label, 'Enrollment Station', 'macOS: the app menu comes first')
  assert.ok(flatten(mac).some((item) => item.role === 'hideOthers'))
})

test('the kiosk menu item shows the current mode and reports toggles', () => {
  const toggles: boolean[] = []
  const items = flatten(buildMenuTemplate({ language: 'en', platform: 'linux', kiosk: true, development: false, onToggleKiosk: (on) => toggles.push(on) }))
  const kiosk = items.find((item) => item.id === 'kiosk')!
  assert.equal(kiosk.type, 'checkbox')
  assert.equal(kiosk.checked, true)
  kiosk.click!({ checked: false } as never, undefined, {} as never)
  assert.deepEqual(toggles, [false])
})

test('the tray shows failures first, then work in progress, then all synced', () => {
  assert.deepEqual(syncIndicator({ pending: 3, failed: 2, running: true }, 'en'), { state: 'attention', tooltip: 'Enrollment Station — 2 failed to sync, please check' })
  assert.deepEqual(syncIndicator({ pending: 3, failed: 0, running: false }, 'en'), { state: 'busy', tooltip: 'Enrollment Station — syncing, 3 waiting' })
  assert.equal(syncIndicator({ pending: 0, failed: 0, running: true }, 'zh-CN').state, 'busy')
  assert.deepEqual(syncIndicator({ pending: 0, failed: 0, running: false }, 'zh-CN'), { state: 'idle', tooltip: 'Enrollment Station — 已全部同步' })
  assert.equal(syncIndicator(null, 'en').state, 'idle')
})

test('shutdown runs every step in order, bounds a hung step and carries on past a failure', async () => {
  const order: string[] = []
  const shutdown = new ShutdownSequence()
  shutdown.add('sync queue', async () => {
    order.push('park')
  })
  shutdown.add('hung back end', () => new Promise<void>(() => {}), 50)
  shutdown.add('broken', () => {
    throw new Error('disk gone')
  })
  shutdown.add('register', async () => {
    order.push('close')
  })
  const first = shutdown.run()
  assert.equal(shutdown.started, true)
  assert.equal(shutdown.run(), first, 'a second quit waits for the same run')
  const results = await first
  assert.deepEqual(order, ['park', 'close'])
  assert.deepEqual(
    results.map((r) => [r.name, r.ok, r.error]),
    [
      ['sync queue', true, undefined],
      ['hung back end', false, 'did not finish within 50 ms'],
      ['broken', false, 'disk gone'],
      ['register', true, undefined],
    ],
  )
})

test('desktop settings: defaults, validated updates kept on disk, a damaged file gives the defaults', async () => {
  const dir = tempDir('enroll-settings-')
  const file = new DesktopSettingsFile(dir)
  assert.deepEqual(await file.read(), { kiosk: false })
  await file.update({ kiosk: true })
  assert.deepEqual(JSON.parse(readFileSync(file.path, 'utf8')), { kiosk: true })
  assert.deepEqual(await new DesktopSettingsFile(dir).read(), { kiosk: true })
  await assert.rejects(file.update({ kiosk: 'yes' }), /kiosk/)
  await assert.rejects(file.update({ theme: 'dark' }), /unknown field/)
  await assert.rejects(file.update({ captureSource: 'command' }), /unknown field/, 'the still camera is gone')
  writeFileSync(file.path, '{ not json')
  assert.deepEqual(await new DesktopSettingsFile(dir).read(), { kiosk: false })
  // a file from a version with the still camera keeps its kiosk setting
  writeFileSync(file.path, JSON.stringify({ kiosk: true, captureSource: 'command', captureDevice: '/dev/video1' }))
  assert.deepEqual(await new DesktopSettingsFile(dir).read(), { kiosk: true })
})
