import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import sharp from 'sharp'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { PRODUCT_NAME } from '../../main/core/paths'
import { DEFAULT_WIRE, readFuseWire, writeFakeElectronBinary } from './fake-electron'

const require = createRequire(import.meta.url)
// electron-builder's own loader and validator (the JSON schema in app-builder-lib/scheme.json, checked with ajv).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, any>>
  validateConfiguration(config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

// electron-builder logs ("• loaded configuration") to stdout, which node's test runner reads as
// its own protocol stream in a child process; keep those lines for the failure messages instead.
const builderLog: string[] = []
;(require('builder-util/out/log') as { log: { stream: { write(text: string): boolean } } }).log.stream = {
  write: (text: string) => builderLog.push(text) > 0,
}

const loadConfig = (path = join(REPO_ROOT, 'electron-builder.yml')) => getConfig(REPO_ROOT, path, null)

test("electron-builder.yml passes electron-builder's own schema validation", async () => {
  await validateConfiguration(await loadConfig(), new DebugLogger(false))
  // The validator is real: the same file with one misspelt key is refused.
  const broken = join(tempDir('enroll-builder-'), 'electron-builder.yml')
  writeFileSync(broken, readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8').replace('hardenedRuntime: true', 'hardenedRuntim: true'))
  await assert.rejects(validateConfiguration(await loadConfig(broken), new DebugLogger(false)), /configuration\.mac/)
})

test('installers for the three platforms, with the camera declared for macOS', async () => {
  const config = await loadConfig()
  assert.equal(config.productName, PRODUCT_NAME, 'userData folder name = the core’s data dir name')
  assert.match(config.appId, /^[a-z0-9.-]+$/)
  assert.deepEqual(config.win.target, ['nsis'])
  assert.deepEqual(config.mac.target, ['dmg'])
  assert.deepEqual(config.linux.target, ['AppImage', 'deb'])
  assert.equal(config.mac.hardenedRuntime, true)
  assert.match(config.mac.extendInfo.NSCameraUsageDescription, /camera/)
  const entitlements = readFileSync(join(REPO_ROOT, config.mac.entitlements), 'utf8')
  assert.match(entitlements, /<key>com\.apple\.security\.device\.camera<\/key>\s*<true\/>/)
  assert.doesNotMatch(entitlements, /disable-library-validation|allow-unsigned-executable-memory|device\.audio-input/)
  assert.equal(config.asar, true)
  assert.equal(config.nsis.deleteAppDataOnUninstall, false, 'uninstalling keeps the register')
  assert.equal(config.afterPack, './scripts/after-pack.mjs')
})

test('icons: a 512 px app icon, Windows .ico, macOS .icns, Linux sizes and tray states', async () => {
  const config = await loadConfig()
  assert.equal((await sharp(join(REPO_ROOT, 'assets/icon.png')).metadata()).width, 512)
  assert.equal((await sharp(join(REPO_ROOT, config.linux.icon, '256x256.png')).metadata()).width, 256)
  const ico = readFileSync(join(REPO_ROOT, config.win.icon))
  assert.deepEqual([...ico.subarray(0, 4)], [0, 0, 1, 0], 'ICO header')
  assert.ok(ico.readUInt16LE(4) >= 5, 'several sizes in the .ico')
  assert.equal(readFileSync(join(REPO_ROOT, config.mac.icon)).subarray(0, 4).toString('latin1'), 'icns')
  for (const state of ['idle', 'busy', 'attention']) {
    assert.equal((await sharp(join(REPO_ROOT, `assets/tray/${state}.png`)).metadata()).width, 16)
    assert.equal((await sharp(join(REPO_ROOT, `assets/tray/${state}@2x.png`)).metadata()).width, 32)
  }
})

test('the afterPack hook flips the fuses in the packed binary, per platform', async () => {
  const { default: afterPack, electronBinaryPath } = await import('../../scripts/after-pack.mjs')
  const dir = tempDir('enroll-fuses-')
  const packager = { executableName: 'enrollment-station', appInfo: { productFilename: PRODUCT_NAME } }
  writeFakeElectronBinary(join(dir, 'enrollment-station'))
  writeFakeElectronBinary(join(dir, `${PRODUCT_NAME}.exe`))
  assert.equal(electronBinaryPath({ appOutDir: dir, electronPlatformName: 'linux', packager }), join(dir, 'enrollment-station'))

  await afterPack({ appOutDir: dir, electronPlatformName: 'linux', packager, arch: 1 })
  await afterPack({ appOutDir: dir, electronPlatformName: 'win32', packager, arch: 1 })
  // RunAsNode 0, CookieEncryption 1, NODE_OPTIONS 0, --inspect 0, AsarIntegrity (win/mac only),
  // OnlyLoadAppFromAsar 1, browser V8 snapshot 0, file:// privileges 0; an unknown ninth fuse kept.
  assert.equal(readFuseWire(join(dir, 'enrollment-station')), '010001001')
  assert.equal(readFuseWire(join(dir, `${PRODUCT_NAME}.exe`)), '010011001')

  writeFakeElectronBinary(join(dir, 'enrollment-station'))
  process.env.ENROLL_UNFUSED_TEST_BUILD = '1'
  try {
    await afterPack({ appOutDir: dir, electronPlatformName: 'linux', packager, arch: 1 })
  } finally {
    delete process.env.ENROLL_UNFUSED_TEST_BUILD
  }
  assert.equal(readFuseWire(join(dir, 'enrollment-station')), DEFAULT_WIRE, 'an explicit test build keeps the stock fuses')
})
