import { after, before } from 'node:test'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { enroll, startServe, startServeSignedOut } from '../helpers/cli'
import type { Channel, ChannelInput, ChannelResult } from '../../common/contract'
import { openStation as openCoreStation } from '../../main/core/station'
import { createHandlers, dispatch } from '../../main/core/api/handlers'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Shared by the UI tests, the screenshot script and the UI bench: a real station and a real browser. */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

export interface StationUnderTest {
  dataDir: string
  url: string
  /** Calls the contract over HTTP as another desk would (the change events reach the page). */
  invoke: Invoke
  stop(): Promise<void>
  /** `enroll … --json` against the same data folder, parsed. */
  cliJson<T>(...args: string[]): T
}

export type Invoke = <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<ChannelResult<C>>

/**
 * Starts `enroll serve` on a fresh data folder. `seed` first fills the register in this process
 * through the core's own handlers (much faster than one CLI process per record); the serving
 * process keeps the register in memory, so seeding must be done before it starts.
 */
export async function startStation(
  options: {
    dataDir?: string
    seed?: (call: Invoke) => Promise<void>
    seedActor?: string
    serveArgs?: string[]
    /** false: the page meets the station signed out (and, on a new register, its first start); by default the test administrator is signed in over HTTP before the page opens. */
    operators?: boolean
  } = {},
): Promise<StationUnderTest> {
  // not tempDir(): called from a before() hook, its after() would remove the folder right away
  const ownDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'enroll-ui-'))
  const cliJson = <T>(...args: string[]): T => {
    const result = enroll(dataDir, ...args, '--json')
    if (result.status !== 0) throw new Error(`enroll ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
    return result.json<T>()
  }
  if (options.seed) await seedInProcess(dataDir, options.seed, options.seedActor ?? 'seed')
  const served = await (options.operators === false ? startServeSignedOut : startServe)(dataDir, ...(options.serveArgs ?? []))
  return {
    dataDir,
    url: served.url,
    cliJson,
    async invoke(channel, input) {
      const response = await fetch(`${served.origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
        body: JSON.stringify(input),
      })
      const body = (await response.json()) as { ok: boolean; result: never; error?: { message: string } }
      if (!body.ok) throw new Error(body.error?.message)
      return body.result
    },
    async stop() {
      await served.stop()
      if (ownDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function seedInProcess(dataDir: string, seed: (call: Invoke) => Promise<void>, actor: string): Promise<void> {
  const station = await openCoreStation({ dataDir })
  try {
    const handlers = createHandlers(station, actor)
    await seed(async (channel, input) => {
      const outcome = await dispatch(handlers, channel, input)
      if (!outcome.ok) throw new Error(`${channel}: ${outcome.error.message}`)
      return outcome.result as never
    })
  } finally {
    await station.close()
  }
}

/** A photo file as the contract carries it. */
export function photoUpload(path: string): { base64: string; source: 'file' } {
  return { base64: readFileSync(path).toString('base64'), source: 'file' }
}

export interface PageOptions {
  locale?: string
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
  /** Runs in every page of the context before the app's own scripts (e.g. to record events from the start). */
  initScript?: () => void
}

/** A fresh browser context (its own storage, so the language starts from `locale`) on the station. */
export async function openStation(browser: Browser, url: string, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1440, height: 900 },
  })
  if (options.initScript) await context.addInitScript(options.initScript)
  const page = await context.newPage()
  // the station is local: anything slower than this is a failure worth reporting quickly
  page.setDefaultTimeout(8000)
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    // a refused save is a 4xx the browser logs; the UI shows it, so it is not a page problem
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text())
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

/** Opens a screen from the navigation bar, by the start of its label ("Persons" also matches "Persons 20"). */
export function navigateTo(page: Page, screen: string): Promise<void> {
  return page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${screen}`) }).click()
}

/** A form control by its visible label, whether or not the label carries the "required" star. */
export function field(scope: Pick<Page, 'getByLabel'>, label: string) {
  return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}( \\*)?$`))
}

/** The error shown under a labelled field, for "the message is next to the field". */
export function fieldMessage(page: Page, label: string) {
  return page.locator('.field', { has: field(page, label) }).locator('.field__error')
}

/**
 * One station, one browser and one page for a whole test file: registers the before/after
 * hooks and gives the parts through getters (they exist once `before` has run).
 */
export function stationForSuite(options: Parameters<typeof startStation>[0] = {}): { readonly station: StationUnderTest; readonly browser: Browser; readonly page: Page } {
  let station: StationUnderTest | undefined
  let browser: Browser | undefined
  let page: Page | undefined
  before(async () => {
    station = await startStation(options)
    browser = await launchBrowser()
    ;({ page } = await openStation(browser, station.url))
  })
  after(async () => {
    await browser?.close()
    await station?.stop()
  })
  return {
    get station() {
      return station!
    },
    get browser() {
      return browser!
    },
    get page() {
      return page!
    },
  }
}

/**
 * Waits until a person's Sync tab (Persons → their row → Sync) shows `state` for the target named
 * `targetName`, reopening it every half second (the tab shows the state it was opened with).
 */
export async function waitForSyncState(page: Page, personName: string, state: RegExp, options: { targetName: string; timeoutMs?: number }): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000)
  let last = ''
  while (Date.now() < deadline) {
    await navigateTo(page, 'Persons')
    await page.getByRole('row').filter({ hasText: personName }).first().click()
    await page.getByRole('tab', { name: 'Sync' }).click()
    const panel = page.getByRole('tabpanel')
    await panel.getByText(options.targetName).waitFor()
    last = await panel.innerText()
    await page.keyboard.press('Escape')
    if (state.test(last)) return
    await page.waitForTimeout(500)
  }
  throw new Error(`${personName} never showed ${state} on its Sync tab; last: ${last}`)
}
