/**
 * The live face engine in headless Chromium, per TensorFlow backend (WASM, WebGL on SwiftShader,
 * CPU), on frames of the fake camera (640×480 from the face fixtures):
 *   - ms per frame: detector alone, detector + 68 landmarks, + quality measures (what the live
 *     guidance runs per frame), and the whole loop with the frame read from the video;
 *   - detector recall and speed per input size on the five fake-camera videos (the choice of
 *     LIVE_INPUT_SIZE in renderer/capture/engine.ts);
 *   - tf.memory() before and after 1,000 frames of the live loop (no tensor leak);
 *   - per video, the time from asking for the camera to the auto-capture (the app's camera request
 *     and live loop, default limits), or the guidance shown instead when nothing is captured.
 * The page is renderer/capture/bench/, built with the app's face assets and served under the app's
 * Content-Security-Policy, so a backend that needed 'unsafe-eval' would fail here too.
 *
 * Run alone: BENCH=face-browser npm run bench   (FACE_BENCH_QUICK=1: 100 frames instead of 1,000)
 */
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build } from 'vite'
import { CONTENT_SECURITY_POLICY } from '../common/security/content-security-policy'
import { faceAssets } from '../renderer/build/face-assets'
import type { BenchStage } from '../renderer/capture/bench/bench-page'
import { LIVE_INPUT_SIZES } from '../renderer/capture/detector-sizes'
import { ensureFaceFixtures } from '../scripts/make-face-fixtures'
import { ensureCaptureVideos } from '../scripts/make-capture-videos'
import { ensurePortraitVideos } from '../scripts/make-portrait-videos'
import { ms, percentile, table } from './stats'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const BASE_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']
/** Per backend: how Chromium is started. SwiftShader WebGL must be asked for explicitly in recent Chromium. */
const BROWSERS = {
  wasm: ['--disable-gpu'],
  'webgl-swiftshader': ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  cpu: ['--disable-gpu'],
} as const
type BenchBackend = keyof typeof BROWSERS
const INPUT_SIZES = [128, 160, 192, 224, 320, 416] as const

const quick = process.env.FACE_BENCH_QUICK === '1'
/** How long a video may take to be captured; the refusal videos use all of it. */
const CAPTURE_TIMEOUT_MS = 12_000

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm', '.css': 'text/css' }

async function buildPage(outDir: string): Promise<void> {
  await build({
    root: fileURLToPath(new URL('../renderer/capture/bench/', import.meta.url)),
    base: './',
    logLevel: 'warn',
    configFile: false,
    plugins: [faceAssets()],
    build: { outDir, emptyOutDir: true, target: 'chrome120', chunkSizeWarningLimit: 4000 },
  })
}

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)))
    const file = path.startsWith(dir) && statSync(path, { throwIfNoEntry: false })?.isFile() ? path : join(dir, 'index.html')
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY })
    res.end(readFileSync(file))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

interface Session {
  browser: Browser
  page: Page
  info: Awaited<ReturnType<Window['faceBench']['open']>>
  problems: string[]
}

async function openSession(url: string, video: string, backend: BenchBackend): Promise<Session> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_ARGS, ...BROWSERS[backend], `--use-file-for-fake-video-capture=${video}`] })
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(`${url}?backend=${backend === 'webgl-swiftshader' ? 'webgl' : backend}`)
  const info = await page.evaluate(() => window.faceBench.open())
  return { browser, page, info, problems }
}

const median = (samples: number[]) => percentile(samples, 50)

async function stageTimes(session: Session, runs: number): Promise<Record<BenchStage, number[]>> {
  const times = {} as Record<BenchStage, number[]>
  for (const stage of ['detector', 'landmarks', 'quality', 'loop'] as const) {
    await session.page.evaluate(([s]) => window.faceBench.time(s, 2), [stage] as const)
    times[stage] = await session.page.evaluate(([s, n]) => window.faceBench.time(s, n), [stage, runs] as const)
  }
  return times
}

export async function benchFaceBrowser(): Promise<void> {
  // Shared machines: the load average says how much of the figures is someone else's work.
  console.log(`\n## face in the browser (headless Chromium, fake cameras 640×480 and 1280×720; load average ${loadavg().map((v) => v.toFixed(1)).join(' ')})`)
  const fixtures = await ensureFaceFixtures({ videos: true })
  const videos = { ...fixtures.videos!, ...(await ensureCaptureVideos()), ...(await ensurePortraitVideos()) }
  const outDir = mkdtempSync(join(tmpdir(), 'face-bench-page-'))
  const server = await serve(outDir)
  try {
    const started = performance.now()
    await buildPage(outDir)
    console.log(`bench page built in ${Math.round(performance.now() - started)} ms; served with the app's CSP (script-src 'self' 'wasm-unsafe-eval')`)
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`

    // 1. ms per frame per backend
    const rows: Array<Array<string | number>> = []
    let wasmQuality = NaN
    for (const backend of Object.keys(BROWSERS) as BenchBackend[]) {
      // WebGL on SwiftShader and the CPU backend take seconds per frame: a few runs tell enough.
      const runs = backend === 'wasm' ? 30 : 5
      const session = await openSession(url, videos.good, backend)
      try {
        await session.page.evaluate(() => window.faceBench.grabFrames(10))
        const times = await stageTimes(session, runs)
        if (backend === 'wasm') wasmQuality = median(times.quality)
        const engine = `${session.info.backend}${session.info.simd ? ' SIMD' : ''}`
        rows.push([
          backend,
          engine,
          ms(median(times.detector)),
          ms(median(times.landmarks)),
          ms(median(times.quality)),
          ms(percentile(times.quality, 95)),
          (1000 / median(times.quality)).toFixed(1),
          ms(median(times.loop)),
          runs,
          session.problems.length ? session.problems.join(' | ').slice(0, 80) : '-',
        ])
        if (backend === 'webgl-swiftshader') console.log(`WebGL renderer: ${session.info.webglRenderer}`)
      } catch (error) {
        rows.push([backend, 'failed', '-', '-', '-', '-', '-', '-', 0, (error as Error).message.split('\n')[0].slice(0, 80)])
      } finally {
        await session.browser.close()
      }
    }
    console.log(`ms per frame (median of runs; detector input ${LIVE_INPUT_SIZES[0]}; "loop" adds reading the frame from the video):`)
    console.log(table(['backend', 'engine', 'detector', '+landmarks', '+quality', 'p95', 'fps', 'loop', 'runs', 'page errors'], rows))
    console.log(`goal: detector + landmarks + quality ≥ 20 fps on WASM → ${(1000 / wasmQuality).toFixed(1)} fps ${1000 / wasmQuality >= 20 ? 'OK' : 'MISSED'}`)

    // 2. recall and speed per input size, WASM; then the time to auto-capture from the same camera
    const recallRows: Array<Array<string | number>> = []
    const captureRows: Array<Array<string | number>> = []
    const expected: Record<keyof typeof videos, number> = { good: 1, noFace: 0, twoFaces: 2, dark: 1, blurred: 1, far: 1, hopperFrontal: 1, hopperDark: 1 }
    const speed: Record<number, number[]> = {}
    for (const [name, path] of Object.entries(videos) as Array<[keyof typeof videos, string]>) {
      const session = await openSession(url, path, 'wasm')
      try {
        await session.page.evaluate(() => window.faceBench.grabFrames(30))
        const row: Array<string | number> = [name]
        for (const size of INPUT_SIZES) {
          const counts = await session.page.evaluate(([s]) => window.faceBench.faceCounts(s), [size] as const)
          row.push(`${counts.filter((count) => count === expected[name]).length}/${counts.length}`)
          if (name === 'good') speed[size] = await session.page.evaluate(([s]) => window.faceBench.time('detector', 20, s), [size] as const)
        }
        recallRows.push(row)
        const run = await session.page.evaluate(([timeout]) => window.faceBench.autoCapture(timeout), [CAPTURE_TIMEOUT_MS] as const)
        const shown = Object.values(run.guidance).reduce((a, b) => a + b, 0)
        const [most, count] = Object.entries(run.guidance).sort((a, b) => b[1] - a[1])[0] ?? ['-', 0]
        captureRows.push([
          name,
          `${run.frame.width}×${run.frame.height}`,
          run.ms === null ? `not in ${CAPTURE_TIMEOUT_MS / 1000} s` : ms(run.ms),
          shown ? `${most} (${Math.round((100 * count) / shown)} %)` : '-',
          run.error ?? '-',
        ])
      } finally {
        await session.browser.close()
      }
    }
    recallRows.push(['detector ms (good)', ...INPUT_SIZES.map((size) => ms(median(speed[size])))])
    console.log('frames with the right number of faces (of 30), WASM, per tiny-detector input size:')
    console.log(table(['video', ...INPUT_SIZES.map(String)], recallRows))
    console.log('time from asking for the camera to the auto-capture (the app\'s camera request and live loop, default limits; engine already loaded), WASM:')
    console.log(table(['video', 'frame', 'captured after ms', 'guidance shown most (share of frames)', 'error'], captureRows))

    // 3. tensors over 1,000 frames of the live loop, WASM
    const frames = quick ? 100 : 1000
    const session = await openSession(url, videos.good, 'wasm')
    try {
      await session.page.evaluate(() => window.faceBench.grabFrames(10))
      await session.page.evaluate(() => window.faceBench.time('quality', 3))
      const before = await session.page.evaluate(() => window.faceBench.memory())
      const t0 = performance.now()
      const samples = await session.page.evaluate(([n]) => window.faceBench.time('loop', n), [frames] as const)
      const after = await session.page.evaluate(() => window.faceBench.memory())
      console.log(
        `tf.memory() over ${frames} live frames (WASM, ${ms((performance.now() - t0) / 1000)} s, median ${ms(median(samples))} ms/frame): ` +
          `tensors ${before.numTensors} → ${after.numTensors}, bytes ${before.numBytes} → ${after.numBytes} ${after.numTensors === before.numTensors && after.numBytes === before.numBytes ? '(flat)' : '(LEAK)'}`,
      )
    } finally {
      await session.browser.close()
    }
  } finally {
    await new Promise((resolve) => server.close(resolve))
    rmSync(outDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchFaceBrowser()
