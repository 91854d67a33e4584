/**
 * Vite plugin: ships the face models and TensorFlow's WASM binaries with the renderer, copied from
 * the installed packages at build time, so the camera never fetches anything from a network.
 *
 *   faceAssets()   → out/renderer/models/<model files>, out/renderer/wasm/<.wasm files>
 *                    (and the same URLs from node_modules on the dev server)
 *
 * Only the three models the capture uses are copied (≈ 7 MB of the package's 14 MB). The .wasm
 * files must come from the tfjs-backend-wasm release that face-api's bundled tfjs was built with
 * (4.22.0 for face-api 1.7.15): the plugin refuses to build when the versions differ, because a
 * mismatched binary fails only at run time, on the visitor's face.
 */
import { readFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

/** Folder names in the build output; the engine loads `./models/` and `./wasm/` relative to the page. */
export const MODELS_DIR = 'models'
export const WASM_DIR = 'wasm'

/** tiny face detector (live), 68 landmarks (live), recognition (descriptor of the captured frame). */
export const FACE_MODELS = ['tiny_face_detector_model', 'face_landmark_68_model', 'face_recognition_model'] as const

/** Plain and SIMD builds; the threaded one only runs cross-origin isolated, shipped so that setting never breaks the camera. */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const

const require = createRequire(import.meta.url)

interface Asset {
  /** Path in the build output, e.g. models/face_recognition_model.bin */
  fileName: string
  source: string
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`))
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version
}

/** Every file to ship, with where it comes from; throws when one is missing. */
export function faceAssetFiles(): Asset[] {
  const modelDir = join(packageDir('@vladmandic/face-api'), 'model')
  const wasmDir = join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')
  const assets: Asset[] = []
  for (const model of FACE_MODELS) {
    const manifestPath = join(modelDir, `${model}-weights_manifest.json`)
    assets.push({ fileName: `${MODELS_DIR}/${model}-weights_manifest.json`, source: manifestPath })
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Array<{ paths: string[] }>
    for (const shard of manifest.flatMap((group) => group.paths)) assets.push({ fileName: `${MODELS_DIR}/${shard}`, source: join(modelDir, shard) })
  }
  for (const file of WASM_FILES) assets.push({ fileName: `${WASM_DIR}/${file}`, source: join(wasmDir, file) })
  const missing = assets.filter((asset) => !existsSync(asset.source))
  if (missing.length > 0) throw new Error(`face assets missing from node_modules: ${missing.map((asset) => asset.source).join(', ')}`)
  return assets
}

/** face-api's bundle carries its own tfjs; the .wasm binaries must be from the same release. */
export function checkWasmVersion(): void {
  // dist/tfjs.version.js is minified: var i="4.22.0";…{…,"tfjs-backend-wasm":i}
  const text = readFileSync(join(packageDir('@vladmandic/face-api'), 'dist', 'tfjs.version.js'), 'utf8')
  const variable = /"tfjs-backend-wasm":(\w+)/.exec(text)?.[1]
  const bundled = variable ? new RegExp(`var ${variable}="([^"]+)"`).exec(text)?.[1] : undefined
  const wasm = packageVersion('@tensorflow/tfjs-backend-wasm')
  if (bundled && bundled !== wasm) {
    throw new Error(`@tensorflow/tfjs-backend-wasm is ${wasm} but @vladmandic/face-api bundles tfjs ${bundled}: install tfjs-backend-wasm@${bundled}`)
  }
}

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm' }

export function faceAssets(): Plugin {
  return {
    name: 'station-face-assets',
    buildStart() {
      checkWasmVersion()
    },
    generateBundle() {
      for (const asset of faceAssetFiles()) this.emitFile({ type: 'asset', fileName: asset.fileName, source: readFileSync(asset.source) })
    },
    configureServer(server) {
      const byUrl = new Map(faceAssetFiles().map((asset) => [`/${asset.fileName}`, asset.source]))
      server.middlewares.use((req, res, next) => {
        const source = byUrl.get((req.url ?? '').split('?')[0])
        if (!source) return next()
        res.setHeader('Content-Type', CONTENT_TYPES[source.slice(source.lastIndexOf('.'))] ?? 'application/octet-stream')
        res.end(readFileSync(source))
      })
    },
  }
}
