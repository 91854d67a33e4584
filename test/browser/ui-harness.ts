import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { enroll, startServe } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

/** Shared by the UI tests, the screenshot script and the UI bench: a real station and a real browser. */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

export interface StationUnderTest {
  dataDir: string
  url: string
  stop(): Promise<void>
  /** `enroll … --json` against the same data folder, parsed. */
  cliJson<T>(...args: string[]): T
}

export async function startStation(dataDir = tempDir('enroll-ui-')): Promise<StationUnderTest> {
  const served = await startServe(dataDir)
  return {
    dataDir,
    url: served.url,
    stop: served.stop,
    cliJson<T>(...args: string[]) {
      const result = enroll(dataDir, ...args, '--json')
      if (result.status !== 0) throw new Error(`enroll ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
      return result.json<T>()
    },
  }
}

export interface PageOptions {
  locale?: string
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
}

/** A fresh browser context (its own storage, so the language starts from `locale`) on the station. */
export async function openStation(browser: Browser, url: string, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1440, height: 900 },
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await page.goto(url)
  await page.getByRole('navigation').waitFor()
  ;(page as Page & { problems?: string[] }).problems = problems
  return { context, page }
}

/** Console errors and uncaught exceptions the page reported since it opened. */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? []
}
