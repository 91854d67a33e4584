/**
 * Prints, as JSON on stdout, the 468 face-mesh points (MediaPipe FaceMesh, as run by
 * @vladmandic/human on tfjs WASM) of the largest face in each picture given on the command line:
 * { "<path>": [[x, y], …] | null }. A process of its own, so that its tfjs models never share an
 * engine with face-api's in the test that asks (canonical-pose.ts).
 *
 *   node --import tsx test/face/independent/face-mesh-points.ts PICTURE…
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import sharp from 'sharp'

type Human = typeof import('@vladmandic/human')

const requireHere = createRequire(import.meta.url)
/** The package folder: its exports name the Node builds but not the folder itself. */
const humanDir = dirname(dirname(requireHere.resolve('@vladmandic/human')))
const wasmDir = dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))

/** The Node WASM build loads its models with fetch, which cannot read file: URLs; this can. */
function fetchingFiles(): void {
  const networkFetch = globalThis.fetch
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith('file:')) return networkFetch(input, init)
    const type = url.endsWith('.json') ? 'application/json' : url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream'
    return new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': type } })
  }
}

async function main(pictures: string[]): Promise<void> {
  fetchingFiles()
  const { Human } = requireHere(join(humanDir, 'dist', 'human.node-wasm.js')) as Human
  const human = new Human({
    backend: 'wasm',
    wasmPath: `${pathToFileURL(wasmDir).href}/`,
    modelBasePath: `${pathToFileURL(join(humanDir, 'models')).href}/`,
    debug: false,
    // Still pictures: no reuse of an earlier picture's boxes or results (Human's video cache).
    cacheSensitivity: 0,
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 3, minConfidence: 0.2, skipFrames: 0, skipTime: 0 },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
    },
  })
  await human.load()
  const points: Record<string, Array<[number, number]> | null> = {}
  for (const picture of pictures) {
    const { data, info } = await sharp(picture).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const tensor = human.tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32')
    const result = await human.detect(tensor)
    human.tf.dispose(tensor)
    const largest = [...result.face].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0]
    // Whole pixels (Human rounds them): ±0.5 px on 468 points moves a fitted angle by hundredths of a degree.
    points[picture] = largest && largest.mesh.length >= 468 ? largest.mesh.slice(0, 468).map(([x, y]) => [x, y]) : null
  }
  process.stdout.write(JSON.stringify(points))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
