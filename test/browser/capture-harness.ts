/**
 * For the capture's browser tests: a real station (`enroll serve`) serving its own copy of the
 * built renderer, and Chromium with a fake camera.
 *
 * Why a copy: out/renderer is rebuilt (emptied, then written) by every `npm test` with browser
 * tests and by the screenshot script; a rebuild in the middle of a run left pages asking for
 * chunks that no longer existed. The copy is taken once per test file, complete and consistent.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { REPO_ROOT } from '../helpers/temp'
import { CHROMIUM_PATH, startStation, type Invoke, type StationUnderTest } from './ui-harness'

export const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchWithCamera(video: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`, ...BASE_ARGS],
  })
}

export function launchWith(args: string[]): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_ARGS, ...args] })
}

/** A page of the app on Enroll, with the page errors and console errors it reports. */
export async function openEnroll(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await page.goto(url)
  // generous: the machine running the suite is shared, and a cold Chromium with a fake camera is slow to paint
  await page.getByRole('navigation').waitFor({ timeout: 30_000 })
  return { page, problems }
}

/** Every ./assets/… file index.html names is there. */
function complete(dir: string): boolean {
  const index = join(dir, 'index.html')
  if (!existsSync(index) || !existsSync(join(dir, 'models')) || !existsSync(join(dir, 'wasm'))) return false
  const assets = [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((match) => match[1])
  return assets.length > 0 && assets.every((asset) => existsSync(join(dir, asset)))
}

async function snapshotRenderer(): Promise<string> {
  const built = join(REPO_ROOT, 'out', 'renderer')
  for (let attempt = 0; attempt < 20; attempt++) {
    const copy = mkdtempSync(join(tmpdir(), 'capture-renderer-'))
    try {
      if (complete(built)) {
        cpSync(built, copy, { recursive: true })
        if (complete(copy)) return copy
      }
    } catch {
      // a rebuild removed files while they were copied: try again
    }
    rmSync(copy, { recursive: true, force: true })
    await sleep(500)
  }
  throw new Error(`no complete renderer build in ${built}: run npm run build:renderer`)
}

export interface CaptureStation {
  url: string
  dataDir: string
  invoke: StationUnderTest['invoke']
  stop(): Promise<void>
}

/**
 * `seed` fills the register through the core's own handlers before the server starts. `dataDir`:
 * serve an existing data folder (e.g. with targets added by the CLI); the caller removes it.
 */
export async function startCaptureStation(seed?: (call: Invoke) => Promise<void>, options: { dataDir?: string } = {}): Promise<CaptureStation> {
  const renderer = await snapshotRenderer()
  const station = await startStation({ seed, dataDir: options.dataDir, serveArgs: ['--renderer', renderer] })
  return {
    url: station.url,
    dataDir: station.dataDir,
    invoke: station.invoke,
    async stop() {
      await station.stop()
      rmSync(renderer, { recursive: true, force: true })
    },
  }
}
