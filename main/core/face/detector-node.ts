/**
 * face-api in Node on the WASM backend: detection, 68 landmarks, 128-d descriptors.
 *
 *   detectFaces(image, options?) → DetectedFace[]          every face, largest first, with landmarks
 *   describeFace(image, landmarks) → Float32Array           128-d descriptor of one face
 *   detectBoxes(image, options?) → boxes only (benchmarks)
 *   detectorInfo() → { backend, simd, threads, inputSizes } for diagnostics
 *   tensorMemory() → tf.memory() figures (leak checks)
 *
 * Everything loads once, lazily, from the installed packages (models from
 * node_modules/@vladmandic/face-api/model, .wasm from @tensorflow/tfjs-backend-wasm/dist): never a
 * network. Tensors are disposed on every path, so tf.memory() stays flat across calls.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { Point } from '../../../common/face/geometry'
import type { RgbImage } from './image'

type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js')

/**
 * Tiny face detector input sizes, tried in turn until one finds a face. The detector is very
 * scale-sensitive: it finds faces best when they cover a good part of its input. Measured on the 22
 * demo faces framed as 3:4 portraits (`npm run bench` prints the table): tight framing (face ≈ 77 %
 * of the width) 128 → 22/22, 224 → 10, 320 → 11, 512 → 3; loose framing (≈ 33 %) 128 → 20,
 * 224 → 18, 320 → 19, 512 → 14; the 1920-px group photos need 416–512. On 640×480 frames of the
 * fake-camera videos (face ≈ 25 % of the width) only 224 found the face in every video (the good
 * one was missed at 320, the dark and blurred ones at 416 and 512). Portraits are what gets
 * imported, so 128 comes first (and is the cheapest); the others catch faces further away.
 * None of them fired on the no-face scenes.
 */
export const DEFAULT_INPUT_SIZES: readonly number[] = [128, 224, 320, 512]
/** A lone face narrower than this share of the image's long side may be one of several people. */
const SMALL_FACE_SHARE = 0.35
/** face-api's own default; lower finds more false faces in busy backgrounds. */
export const DEFAULT_SCORE_THRESHOLD = 0.5

export interface DetectedFace {
  box: { x: number; y: number; width: number; height: number }
  score: number
  /** 68 points in image pixels (iBUG order). */
  landmarks: Point[]
}

export interface DetectOptions {
  /** Tried in order until one finds at least one face. */
  inputSizes?: readonly number[]
  scoreThreshold?: number
}

// not named `require`: electron-vite declares its own `require` in the main bundle
const requireFromCore = createRequire(import.meta.url)

interface Loaded {
  faceapi: FaceApi
  tf: typeof import('@tensorflow/tfjs')
  simd: boolean
  threads: boolean
}

let loading: Promise<Loaded> | undefined

/** Models and the WASM runtime load once per process; concurrent first calls share the promise. */
function load(): Promise<Loaded> {
  loading ??= (async () => {
    const tf = requireFromCore('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs')
    const wasm = requireFromCore('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
    const faceapi = requireFromCore('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi
    // A folder path with a trailing slash: the Node build reads the .wasm with fs, no fetch.
    wasm.setWasmPaths(`${dirname(requireFromCore.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`)
    if (!(await tf.setBackend('wasm'))) throw new Error('face detector: the WASM backend could not start')
    await tf.ready()
    const modelDir = dirname(requireFromCore.resolve('@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json'))
    await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir)
    await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir)
    await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir)
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))
    const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))
    return { faceapi, tf, simd, threads }
  })()
  loading.catch(() => {
    loading = undefined
  })
  return loading
}

function toTensor(faceapi: FaceApi, image: RgbImage) {
  const pixels = new Uint8Array(image.data.buffer, image.data.byteOffset, image.width * image.height * 3)
  return faceapi.tf.tensor3d(pixels, [image.height, image.width, 3], 'int32')
}

export async function detectFaces(image: RgbImage, options: DetectOptions = {}): Promise<DetectedFace[]> {
  return detect(image, options, async (faceapi, input, detectorOptions) => {
    const results = await faceapi.detectAllFaces(input, detectorOptions).withFaceLandmarks()
    return results.map(({ detection, landmarks }) => ({
      box: boxOf(detection.box),
      score: detection.score,
      landmarks: landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
    }))
  })
}

/** Detection boxes only, without landmarks: the benchmark's "detector alone". */
export async function detectBoxes(image: RgbImage, options: DetectOptions = {}): Promise<Array<Omit<DetectedFace, 'landmarks'>>> {
  return detect(image, options, async (faceapi, input, detectorOptions) => {
    const results = await faceapi.detectAllFaces(input, detectorOptions)
    return results.map((detection) => ({ box: boxOf(detection.box), score: detection.score }))
  })
}

type Input = ReturnType<typeof toTensor>
type TinyOptions = InstanceType<FaceApi['TinyFaceDetectorOptions']>

async function detect<T extends { box: DetectedFace['box'] }>(
  image: RgbImage,
  options: DetectOptions,
  run: (faceapi: FaceApi, input: Input, detectorOptions: TinyOptions) => Promise<T[]>,
): Promise<T[]> {
  const { faceapi } = await load()
  const input = toTensor(faceapi, image)
  try {
    const sizes = options.inputSizes ?? DEFAULT_INPUT_SIZES
    const scoreThreshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD
    const runAt = (inputSize: number) => run(faceapi, input, new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold }))
    let found: T[] = []
    let next = 0
    while (found.length === 0 && next < sizes.length) found = await runAt(sizes[next++])
    // The small sizes that suit portraits miss smaller faces beside a lone one: unless the face
    // fills the picture, look once more at the next size (one of three in the demo group photos
    // was found at 224, all three at 320).
    if (found.length === 1 && next < sizes.length && found[0].box.width < SMALL_FACE_SHARE * Math.max(image.width, image.height)) {
      const wider = await runAt(sizes[next])
      if (wider.length > found.length) found = wider
    }
    return found.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
  } finally {
    input.dispose()
  }
}

function boxOf(box: { x: number; y: number; width: number; height: number }): DetectedFace['box'] {
  return { x: box.x, y: box.y, width: box.width, height: box.height }
}

/**
 * The descriptor of the face whose landmarks are given, cut from `image` the way face-api's own
 * `withFaceDescriptors()` does (dlib-style box from the eye and mouth centres), so descriptors
 * computed here and in the renderer compare with the same thresholds.
 */
export async function describeFace(image: RgbImage, landmarks: readonly Point[]): Promise<Float32Array> {
  const { faceapi } = await load()
  const relative = landmarks.map((p) => new faceapi.Point(p.x / image.width, p.y / image.height))
  const faceLandmarks = new faceapi.FaceLandmarks68(relative, { width: image.width, height: image.height })
  const box = faceLandmarks.align(null, { useDlibAlignment: true })
  const input = toTensor(faceapi, image)
  let faces: Awaited<ReturnType<FaceApi['extractFaceTensors']>> = []
  try {
    faces = await faceapi.extractFaceTensors(input, [box])
    return (await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(faces[0])) as Float32Array
  } finally {
    input.dispose()
    for (const face of faces) face.dispose()
  }
}

export async function detectorInfo(): Promise<{ backend: string; simd: boolean; threads: boolean; inputSizes: number[] }> {
  const { tf, simd, threads } = await load()
  return { backend: tf.getBackend(), simd, threads, inputSizes: [...DEFAULT_INPUT_SIZES] }
}

/** Live tensors and bytes held by tfjs: flat across calls when nothing leaks. */
export async function tensorMemory(): Promise<{ numTensors: number; numBytes: number }> {
  const { tf } = await load()
  const { numTensors, numBytes } = tf.memory()
  return { numTensors, numBytes }
}
