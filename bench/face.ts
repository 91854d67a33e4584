/**
 * Face benchmarks in Node (WASM backend): detector recall per input size, ms per frame (detector
 * alone, detector + landmarks), ms per imported photo, tensor memory over 1,000 detections, 1:N
 * search over 10k and 100k descriptors, loading 100k descriptors from disk, and the descriptor
 * distances behind MATCH_DISTANCE. The renderer's per-backend figures (WebGL/WASM/CPU in Chromium)
 * are measured by the UI benchmark.
 *
 * Run alone: BENCH=face npm run bench   (FACE_BENCH_QUICK=1 shortens the 1,000-detection loop)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { DescriptorFile } from '../main/core/face/descriptor-file'
import { DEFAULT_INPUT_SIZES, detectBoxes, detectFaces, detectorInfo, tensorMemory } from '../main/core/face/detector-node'
import { CANDIDATE_DISTANCE, DESCRIPTOR_LENGTH, FaceIndex, MATCH_DISTANCE } from '../main/core/face/face-index'
import { decodePhoto, type RgbImage } from '../main/core/face/image'
import { processPhoto } from '../main/core/face/pipeline'
import { ensureFaceFixtures } from '../scripts/make-face-fixtures'
import { DEMO_FACES, demoPhoto } from '../scripts/make-face-library'
import { ms, percentile, table } from './stats'

const SIZES = [128, 224, 320, 416, 512, 608]

async function time<T>(runs: number, task: () => Promise<T>): Promise<number[]> {
  await task()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await task()
    samples.push(performance.now() - started)
  }
  return samples
}

const median = (samples: number[]) => percentile(samples, 50)

/** CPU time (user + system, all threads) in ms: unlike wall time, hardly inflated when other jobs share the cores. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}
const covers = (box: { x: number; y: number; width: number; height: number }, x: number, y: number) =>
  x > box.x && x < box.x + box.width && y > box.y && y < box.y + box.height

async function benchRecall(): Promise<void> {
  const chain = `chain ${DEFAULT_INPUT_SIZES.join('>')}`
  const framings = [['tight', 1.3], ['medium', 1.9], ['loose', 3]] as const
  const found: Record<string, number[]> = {}
  let groupTotal = 0
  const groupFound = [...SIZES, 0].map(() => 0)
  for (const [photo, faces] of Object.entries(DEMO_FACES)) {
    const full = await decodePhoto(readFileSync(demoPhoto(Number(photo))))
    groupTotal += faces.length
    const runs = [...SIZES.map((size) => detectBoxes(full, { inputSizes: [size] })), detectBoxes(full)]
    for (const [i, run] of runs.entries()) {
      const boxes = await run
      groupFound[i] += faces.filter(([x, y, w, h]) => boxes.some((b) => covers(b.box, x + w / 2, y + h / 2))).length
    }
    for (const [x, y, w, h] of faces) {
      for (const [framing, k] of framings) {
        const image = await portraitAround(full, { x, y, w, h }, k)
        const cx = image.width / 2
        const cy = image.faceCentreY
        const row = (found[framing] ??= [...SIZES, 0].map(() => 0))
        for (const [i, size] of SIZES.entries()) if ((await detectBoxes(image, { inputSizes: [size] })).some((b) => covers(b.box, cx, cy))) row[i]++
        if ((await detectBoxes(image)).some((b) => covers(b.box, cx, cy))) row[SIZES.length]++
      }
    }
  }
  console.log(`\nRecall of the tiny face detector (faces found / ${groupTotal}), by input size:`)
  const headers = ['framing', ...SIZES.map(String), chain]
  const rows = [
    ['group photos 1920 px', ...groupFound],
    ...framings.map(([framing, k]) => [`3:4 portrait, face = ${Math.round(100 / k)} % of width`, ...found[framing]]),
  ]
  console.log(table(headers, rows))
}

/** A 3:4 portrait around a face, `framing` face widths wide, at most 1024 px wide. */
async function portraitAround(full: RgbImage, face: { x: number; y: number; w: number; h: number }, framing: number) {
  const width = Math.round(face.w * framing)
  const height = Math.round((width * 4) / 3)
  const left = Math.max(0, Math.round(face.x + face.w / 2 - width / 2))
  const top = Math.max(0, Math.round(face.y + face.h * 0.45 - height * 0.45))
  const region = { left, top, width: Math.min(width, full.width - left), height: Math.min(height, full.height - top) }
  const scale = Math.min(1024 / region.width, 2)
  const { data, info } = await sharp(full.data, { raw: { width: full.width, height: full.height, channels: 3 } })
    .extract(region)
    .resize({ width: Math.round(region.width * scale) })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, faceCentreY: (face.y + face.h / 2 - top) * scale }
}

async function benchFrames(frame: RgbImage): Promise<void> {
  console.log(`\nPer frame, ${frame.width}×${frame.height} camera frame (Node, WASM), median of 20:`)
  const rows: Array<Array<string>> = []
  for (const size of [128, 224, 320, 416]) {
    const alone = median(await time(20, () => detectBoxes(frame, { inputSizes: [size] })))
    const cpuStart = process.cpuUsage()
    const withLandmarks = median(await time(20, () => detectFaces(frame, { inputSizes: [size] })))
    const cpu = cpuMs(cpuStart) / 21
    rows.push([String(size), ms(alone), ms(withLandmarks), ms(cpu), (1000 / withLandmarks).toFixed(1)])
  }
  console.log(table(['input size', 'detector ms', 'detector + landmarks ms', 'CPU ms', 'frames/s'], rows))
}

async function benchMemory(frame: RgbImage): Promise<void> {
  const count = process.env.FACE_BENCH_QUICK ? 100 : 1000
  const before = await tensorMemory()
  const started = performance.now()
  for (let i = 0; i < count; i++) await detectFaces(frame, { inputSizes: [224] })
  const after = await tensorMemory()
  const each = (performance.now() - started) / count
  console.log(`\ntf.memory() over ${count} detections (+ landmarks, ${ms(each)} ms each):`)
  console.log(table(['', 'tensors', 'bytes'], [['before', before.numTensors, before.numBytes], ['after', after.numTensors, after.numBytes]]))
}

async function benchImport(photos: Buffer[]): Promise<void> {
  const sizes = await Promise.all(photos.map(async (p) => sharp(p).metadata()))
  const megapixels = sizes.map((m) => ((m.width ?? 0) * (m.height ?? 0)) / 1e6)
  await processPhoto(photos[0], { strict: false })
  const samples: number[] = []
  const cpuStart = process.cpuUsage()
  for (const photo of photos) {
    const started = performance.now()
    await processPhoto(photo, { strict: false })
    samples.push(performance.now() - started)
  }
  const cpuPerPhoto = cpuMs(cpuStart) / photos.length
  const total = samples.reduce((a, b) => a + b, 0)
  const startedPair = performance.now()
  for (let i = 0; i < photos.length; i += 2) await Promise.all(photos.slice(i, i + 2).map((p) => processPhoto(p, { strict: false })))
  const pair = performance.now() - startedPair
  console.log(
    `\nImport (decode, detect, landmarks, quality, crop, descriptor) of ${photos.length} photos of ` +
      `${Math.min(...megapixels).toFixed(1)}–${Math.max(...megapixels).toFixed(1)} MP:`,
  )
  console.log(
    table(
      ['', 'ms/photo (median)', 'p95', 'CPU ms/photo', 'photos/s'],
      [
        ['one at a time', ms(median(samples)), ms(percentile(samples, 95)), ms(cpuPerPhoto), (1000 / (total / photos.length)).toFixed(1)],
        ['two in flight', '', '', '', (1000 / (pair / photos.length)).toFixed(1)],
      ],
    ),
  )
}

function randomUnitVectors(count: number, seed: number): Float32Array {
  const out = new Float32Array(count * DESCRIPTOR_LENGTH)
  let state = seed
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  for (let n = 0; n < count; n++) {
    let norm = 0
    for (let i = 0; i < DESCRIPTOR_LENGTH; i++) {
      const v = random()
      out[n * DESCRIPTOR_LENGTH + i] = v
      norm += v * v
    }
    norm = Math.sqrt(norm)
    for (let i = 0; i < DESCRIPTOR_LENGTH; i++) out[n * DESCRIPTOR_LENGTH + i] /= norm
  }
  return out
}

async function benchSearch(): Promise<void> {
  const rows: Array<Array<string>> = []
  const queries = randomUnitVectors(50, 7)
  for (const count of [10_000, 100_000]) {
    const vectors = randomUnitVectors(count, count)
    for (const kernel of ['wasm-simd', 'js'] as const) {
      const index = new FaceIndex(count, kernel)
      for (let n = 0; n < count; n++) index.set(`p${n}`, vectors.subarray(n * DESCRIPTOR_LENGTH, (n + 1) * DESCRIPTOR_LENGTH), { blacklist: n % 100 === 0 })
      for (const [label, maxDistance] of [[`within ${CANDIDATE_DISTANCE}`, CANDIDATE_DISTANCE], ['full scan (no limit)', Infinity]] as const) {
        const samples: number[] = []
        const cpuStart = process.cpuUsage()
        for (let q = 0; q < 50; q++) {
          const query = queries.subarray(q * DESCRIPTOR_LENGTH, (q + 1) * DESCRIPTOR_LENGTH)
          const started = performance.now()
          index.search(query, { limit: 5, maxDistance })
          samples.push(performance.now() - started)
        }
        rows.push([count.toLocaleString('en'), kernel, label, ms(median(samples)), ms(percentile(samples, 95)), ms(cpuMs(cpuStart) / 50)])
      }
    }
  }
  console.log('\n1:N search (random unit vectors, top 5, 1 % blacklisted), 50 queries; goal ≤ 20 ms at 100,000:')
  console.log(table(['descriptors', 'kernel', 'matches', 'median ms', 'p95 ms', 'CPU ms'], rows))
}

async function benchDescriptorFile(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-descriptors-'))
  try {
    const count = 100_000
    const vectors = randomUnitVectors(count, 3)
    const path = join(dir, 'descriptors.bin')
    const { file } = await DescriptorFile.open(path)
    const entries = Array.from({ length: count }, (_, n) => ({
      key: `person-${n.toString(36).padStart(8, '0')}-0000-4000-8000-00000000`,
      descriptor: vectors.subarray(n * DESCRIPTOR_LENGTH, (n + 1) * DESCRIPTOR_LENGTH),
      blacklist: false,
      photoHash: 'ab'.repeat(32),
    }))
    let started = performance.now()
    for (let i = 0; i < count; i += 1000) await file.append(entries.slice(i, i + 1000))
    const write = performance.now() - started
    started = performance.now()
    await file.append([entries[0]])
    const single = performance.now() - started
    await file.close()
    started = performance.now()
    const cpuStart = process.cpuUsage()
    const loaded = await DescriptorFile.open(path)
    const load = performance.now() - started
    const loadCpu = cpuMs(cpuStart)
    await loaded.file.close()
    console.log(`\nDescriptor file, ${count.toLocaleString('en')} persons:`)
    console.log(
      table(
        ['', 'ms'],
        [
          ['append in batches of 1,000 (fsync each)', ms(write)],
          ['append one (fsync)', ms(single)],
          [`open + load ${loaded.snapshot.keys.length.toLocaleString('en')} (CPU ${ms(loadCpu)} ms)`, ms(load)],
        ],
      ),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function benchDistances(fixtures: Awaited<ReturnType<typeof ensureFaceFixtures>>): Promise<void> {
  const a = await processPhoto(readFileSync(fixtures.faceA), { strict: false })
  const again = await processPhoto(readFileSync(fixtures.faceAAgain), { strict: false })
  const b = await processPhoto(readFileSync(fixtures.faceB), { strict: false })
  const c = await processPhoto(readFileSync(fixtures.faceC), { strict: false })
  const d = (x: Float32Array, y: Float32Array) => Math.sqrt(x.reduce((sum, v, i) => sum + (v - y[i]) ** 2, 0)).toFixed(3)
  console.log(`\nDescriptor distances (MATCH_DISTANCE ${MATCH_DISTANCE}):`)
  console.log(
    table(
      ['pair', 'distance'],
      [
        ['A, A again (other framing, brighter, turned 5°)', d(a.descriptor, again.descriptor)],
        ['A, B', d(a.descriptor, b.descriptor)],
        ['A, C', d(a.descriptor, c.descriptor)],
        ['B, C', d(b.descriptor, c.descriptor)],
      ],
    ),
  )
}

/** Portraits of 1–2 MP cut from the demo photos (upscaled like a phone photo would be). */
async function importSet(): Promise<Buffer[]> {
  const photos: Buffer[] = []
  for (const [photo, faces] of Object.entries(DEMO_FACES)) {
    const full = await decodePhoto(readFileSync(demoPhoto(Number(photo))))
    for (const [x, y, w, h] of faces.slice(0, 3)) {
      const portrait = await portraitAround(full, { x, y, w, h }, 2.2)
      const scale = Math.sqrt(1.5e6 / (portrait.width * portrait.height))
      photos.push(
        await sharp(portrait.data, { raw: { width: portrait.width, height: portrait.height, channels: 3 } })
          .resize({ width: Math.round(portrait.width * scale) })
          .jpeg({ quality: 90 })
          .toBuffer(),
      )
    }
  }
  return photos
}

export async function benchFace(): Promise<void> {
  const fixtures = await ensureFaceFixtures()
  const info = await detectorInfo()
  const load = loadavg()[0].toFixed(1)
  console.log(`\n## face (Node ${process.version}, tfjs backend ${info.backend}, SIMD ${info.simd}, threads ${info.threads}; load average ${load} when started)`)
  const frame = await decodePhoto(await sharp(readFileSync(fixtures.faceA)).resize(640, 480, { fit: 'contain', background: '#000' }).png().toBuffer())
  await benchFrames(frame)
  await benchImport(await importSet())
  await benchSearch()
  await benchDescriptorFile()
  await benchDistances(fixtures)
  await benchRecall()
  await benchMemory(frame)
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFace()
