import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { builtinModules, createRequire } from 'node:module'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { REPO_ROOT } from '../helpers/temp'
import { readFuseWire, writeFakeElectronDist } from './fake-electron'

/**
 * The real build and the real packaging, minus Electron's binary: electron-vite builds out/ into
 * a temp folder, then electron-builder packs a Linux folder build from electron-builder.yml, with
 * a stand-in executable that carries the fuse wire. What is asserted is what ships: the asar's
 * contents, what is unpacked, the fuses, and that the sandboxed preload needs nothing but electron.
 */
const require = createRequire(import.meta.url)
const asar = require('@electron/asar') as { listPackage(path: string, options?: unknown): string[] }

let outDir: string
let appDir: string
let asarFiles: Set<string>

// Made here, not with tempDir(): a folder registered inside before() would be removed when before() ends.
const work = mkdtempSync(join(tmpdir(), 'enroll-package-'))
after(() => rmSync(work, { recursive: true, force: true }))

before(async () => {
  outDir = join(work, 'out')
  const viteBuild = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir], { cwd: REPO_ROOT, encoding: 'utf8' })
  assert.equal(viteBuild.status, 0, `electron-vite build failed:\n${viteBuild.stdout}\n${viteBuild.stderr}`)

  // electron-builder.yml as committed, with out/ taken from the temp build and a stand-in Electron.
  const yml = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')
    .replace('  - out/**\n', `  - from: ${JSON.stringify(outDir)}\n    to: out\n    filter: ["**/*"]\n`)
    .replace('afterPack: ./scripts/after-pack.mjs', `afterPack: ${JSON.stringify(join(REPO_ROOT, 'scripts/after-pack.mjs'))}`)
  const configPath = join(work, 'electron-builder.yml')
  writeFileSync(configPath, `${yml}\nelectronDist: ${JSON.stringify(writeFakeElectronDist(join(work, 'electron-dist')))}\n`)
  const packaging = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--config', configPath, `-c.directories.output=${join(work, 'dist')}`],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  )
  assert.equal(packaging.status, 0, `electron-builder failed:\n${packaging.stdout}\n${packaging.stderr}`)
  appDir = join(work, 'dist', 'linux-unpacked')
  asarFiles = new Set(asar.listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((file) => file.replace(/\\/g, '/').replace(/^\//, '')))
})

test('the sandboxed preload bundle requires nothing but electron and exposes window.station', () => {
  const code = readFileSync(join(outDir, 'preload', 'index.cjs'), 'utf8')
  const exposed: Record<string, unknown> = {}
  const required: string[] = []
  // What Electron gives a sandboxed preload: a require limited to a few modules, no Node globals.
  const sandboxRequire = (name: string) => {
    required.push(name)
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require "${name}"`)
    return { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) }, ipcRenderer: { invoke: async () => ({ ok: true }), on() {}, removeListener() {} } }
  }
  const module = { exports: {} }
  runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console })
  assert.deepEqual([...new Set(required)], ['electron'])
  assert.deepEqual(Object.keys(exposed), ['station'])
  assert.deepEqual(Object.keys(exposed.station as object).sort(), ['invoke', 'onEvent'])
})

test('app.asar holds the built app and its runtime dependencies, not sources, tests or maps', () => {
  for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'assets/icon.png', 'assets/tray/idle.png', 'assets/tray/attention@2x.png']) {
    assert.ok(asarFiles.has(file), file)
  }
  // Every package the main bundle imports is packed.
  const mainCode = readFileSync(join(outDir, 'main', 'index.js'), 'utf8')
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron'])
  // import statements, dynamic imports and requires only: prose such as 'to or from "blacklist"' in a kept comment is not an import
  const importPattern = /\bimport\s+(?:[\w*${}\s,]+?\s+from\s+)?["']([^"'.][^"']*)["']|\bimport\(\s*["']([^"'.][^"']*)["']\s*\)|\brequire\(\s*["']([^"'.][^"']*)["']\s*\)/g
  const specifiers = [...mainCode.matchAll(importPattern)].map((match) => match[1] ?? match[2] ?? match[3]).filter((name) => !builtins.has(name))
  assert.ok(specifiers.length > 3)
  for (const specifier of specifiers) {
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
    assert.ok(asarFiles.has(`node_modules/${name}/package.json`), `main imports ${specifier}: not packed`)
  }
  // What the core's face detector loads at run time (main/core/face/detector-node.ts).
  for (const file of [
    'node_modules/@tensorflow/tfjs/dist/tf.node.js',
    'node_modules/@vladmandic/face-api/dist/face-api.node-wasm.js',
    'node_modules/@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json',
    'node_modules/@vladmandic/face-api/model/face_recognition_model.bin',
  ]) {
    assert.ok(asarFiles.has(file), file)
  }
  const unwanted = [...asarFiles].filter((file) => /\.map$|(^|\/)(test|tests|__tests__)\/|^main\/|^preload\/|^renderer\/|^test\/|^bench\/|^node_modules\/(react|react-dom|tsx|esbuild)\/|face-api\/demo\//.test(file))
  assert.deepEqual(unwanted.slice(0, 10), [])
})

test('native code and the detector’s WASM are outside the archive', () => {
  const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules')
  assert.ok(existsSync(join(unpacked, 'sharp', 'package.json')))
  assert.ok(existsSync(join(unpacked, '@img', `sharp-${process.platform}-${process.arch}`)), 'sharp’s native addon')
  assert.ok(existsSync(join(unpacked, '@tensorflow', 'tfjs-backend-wasm', 'dist', 'tfjs-backend-wasm.wasm')))
})

test('the packed executable has its fuses flipped', () => {
  // RunAsNode off, cookie encryption on, NODE_OPTIONS and --inspect off, only app.asar, no file:// privileges.
  assert.equal(readFuseWire(join(appDir, 'enrollment-station')), '010001001')
})
