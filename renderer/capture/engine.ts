/**
 * The face engine in the renderer: face-api (ESM build, tfjs inside) on the best backend available.
 *
 *   const engine = await loadFaceEngine(options?)       once per page; later calls share it
 *   engine.detect(frame, { landmarks?, inputSize? })     faces in frame pixels, largest first
 *   engine.describe(frame, landmarks)                    128-d descriptor (the captured frame only)
 *   engine.info                                          backend, why, WebGL renderer, SIMD, load time
 *   engine.memory()                                      tf.memory(): flat across frames when nothing leaks
 *
 * Models come from ./models/ and the WASM binaries from ./wasm/ next to the page (copied there by
 * renderer/build/face-assets.ts): nothing is fetched from a network. Every tensor made here is
 * disposed on every path.
 */
import * as faceapi from '@vladmandic/face-api'
import type { FaceCandidate } from '../../common/face/quality'
import type { Point } from '../../common/face/geometry'
import { backendOrder, forcedBackend, probeWebgl, type BackendName } from './backend-choice'
import { LIVE_INPUT_SIZES } from './detector-sizes'

/** face-api's default; lower finds more false faces in busy backgrounds. */
export const SCORE_THRESHOLD = 0.5
/** After warm-up, a WebGL frame slower than this means a software renderer in disguise: use WASM. */
const SLOW_WEBGL_MS = 120

/** The slice of tfjs the engine uses; face-api's bundle exports all of it, its types only part. */
interface TfRuntime {
  setBackend(name: string): Promise<boolean>
  ready(): Promise<void>
  getBackend(): string
  removeBackend(name: string): void
  memory(): { numTensors: number; numBytes: number }
  setWasmPaths(prefix: string): void
  env(): { getAsync(flag: string): Promise<unknown> }
  browser: { fromPixels(pixels: ImageData): faceapi.tf.Tensor3D }
  zeros(shape: number[], dtype: 'int32'): faceapi.tf.Tensor3D
}
const tf = faceapi.tf as unknown as TfRuntime

export interface EngineInfo {
  backend: BackendName
  /** Why this backend: "forced", "GPU", "software renderer: …", "WebGL too slow (… ms)", "fallback". */
  reason: string
  webglRenderer: string | null
  /** WASM only: SIMD instructions in use (about 2× faster). */
  simd: boolean | null
  inputSizes: number[]
  /** Backend start and model download, ms. */
  loadMs: number
}

export interface DetectOptions {
  landmarks?: boolean
  inputSize?: number
}

export interface FaceEngine {
  readonly info: EngineInfo
  detect(frame: ImageData, options?: DetectOptions): Promise<FaceCandidate[]>
  describe(frame: ImageData, landmarks: readonly Point[]): Promise<Float32Array>
  memory(): { numTensors: number; numBytes: number }
}

export interface EngineOptions {
  /** Pin a backend (the benchmark; an admin via localStorage, see backend-choice.ts). */
  backend?: BackendName
  /** Folders, relative to the page. */
  modelUrl?: string
  wasmUrl?: string
}

let shared: Promise<FaceEngine> | undefined

/** The page's engine; a failed load is forgotten so that "Try again" really tries again. */
export function loadFaceEngine(options: EngineOptions = {}): Promise<FaceEngine> {
  shared ??= createEngine(options)
  shared.catch(() => {
    shared = undefined
  })
  return shared
}

async function createEngine(options: EngineOptions): Promise<FaceEngine> {
  const started = performance.now()
  const base = document.baseURI
  tf.setWasmPaths(new URL(options.wasmUrl ?? './wasm/', base).href)
  const probe = probeWebgl()
  const forced = options.backend ?? forcedBackend()
  const order = backendOrder(probe, forced)
  let backend: BackendName | null = null
  let reason = forced ? 'forced' : ''
  for (const candidate of order) {
    if (await startBackend(candidate)) {
      backend = candidate
      break
    }
  }
  if (!backend) throw new Error(`no TensorFlow backend could start (tried ${order.join(', ')})`)
  if (!forced) reason = backend !== order[0] ? 'fallback' : backend === 'webgl' ? 'GPU' : probe.available ? `software renderer: ${probe.renderer}` : 'no WebGL'

  const modelUrl = new URL(options.modelUrl ?? './models/', base).href
  await Promise.all([
    faceapi.nets.tinyFaceDetector.loadFromUri(modelUrl),
    faceapi.nets.faceLandmark68Net.loadFromUri(modelUrl),
    faceapi.nets.faceRecognitionNet.loadFromUri(modelUrl),
  ])

  if (backend === 'webgl' && !forced) {
    const ms = await timeBlankDetection()
    if (ms > SLOW_WEBGL_MS && (await startBackend('wasm'))) {
      backend = 'wasm'
      reason = `WebGL too slow (${Math.round(ms)} ms per frame)`
    }
  }
  await warmUp()
  const simd = backend === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null
  const info: EngineInfo = {
    backend,
    reason,
    webglRenderer: probe.renderer,
    simd,
    inputSizes: [...LIVE_INPUT_SIZES],
    loadMs: Math.round(performance.now() - started),
  }
  return { info, detect, describe, memory: () => tf.memory() }
}

async function startBackend(name: BackendName): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false
    await tf.ready()
    return tf.getBackend() === name
  } catch {
    return false
  }
}

/**
 * The first inference of each network compiles kernels (WebGL shaders, WASM memory growth) and
 * takes several times longer than the next ones: done here, while "Loading the face models" shows,
 * rather than on the visitor's first frames.
 */
async function warmUp(): Promise<void> {
  await detect(new ImageData(320, 240), { landmarks: false })
  const face = tf.zeros([150, 150, 3], 'int32')
  try {
    await faceapi.nets.faceLandmark68Net.detectLandmarks(face)
    await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(face)
  } finally {
    face.dispose()
  }
}

/** Median of two runs after a warm-up (the first WebGL runs compile shaders). */
async function timeBlankDetection(): Promise<number> {
  const blank = new ImageData(640, 480)
  await detect(blank, { landmarks: false })
  const runs: number[] = []
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now()
    await detect(blank, { landmarks: false })
    runs.push(performance.now() - t0)
  }
  return Math.min(...runs)
}

async function detect(frame: ImageData, options: DetectOptions = {}): Promise<FaceCandidate[]> {
  const input = tf.browser.fromPixels(frame)
  try {
    const detectorOptions = new faceapi.TinyFaceDetectorOptions({ inputSize: options.inputSize ?? LIVE_INPUT_SIZES[0], scoreThreshold: SCORE_THRESHOLD })
    const task = faceapi.detectAllFaces(input, detectorOptions)
    const faces: FaceCandidate[] = options.landmarks
      ? (await task.withFaceLandmarks()).map(({ detection, landmarks }) => ({
          box: plainBox(detection.box),
          score: detection.score,
          landmarks: landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
        }))
      : (await task).map((detection) => ({ box: plainBox(detection.box), score: detection.score }))
    return faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
  } finally {
    input.dispose()
  }
}

/**
 * Cut the way face-api's own withFaceDescriptors() does (dlib-style box from the eye and mouth
 * landmarks), as main/core/face/detector-node.ts does in Node, so both descriptors compare alike.
 */
async function describe(frame: ImageData, landmarks: readonly Point[]): Promise<Float32Array> {
  const relative = landmarks.map((p) => new faceapi.Point(p.x / frame.width, p.y / frame.height))
  const aligned = new faceapi.FaceLandmarks68(relative, { width: frame.width, height: frame.height }).align(null, { useDlibAlignment: true })
  const input = tf.browser.fromPixels(frame)
  let faces: faceapi.tf.Tensor3D[] = []
  try {
    faces = await faceapi.extractFaceTensors(input, [aligned])
    return (await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(faces[0])) as Float32Array
  } finally {
    input.dispose()
    for (const face of faces) face.dispose()
  }
}

function plainBox(box: { x: number; y: number; width: number; height: number }) {
  return { x: box.x, y: box.y, width: box.width, height: box.height }
}

