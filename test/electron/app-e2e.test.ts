import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { DEMO_PHOTOS, REPO_ROOT } from '../helpers/temp'

/**
 * The desktop app itself, driven by Playwright's Electron driver: the stock (unfused) binary
 * running `electron .` on the electron-vite build, with Chromium's fake camera. Needs Electron's
 * binary, which cannot be downloaded on a machine without internet: there each test is skipped
 * and says so.
 */
function electronBinary(): string | null {
  const packageDir = join(REPO_ROOT, 'node_modules', 'electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const executable = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(packageDir, 'dist', relative)
  return existsSync(executable) ? executable : null
}

const executablePath = electronBinary()
const skip = executablePath ? false : 'skipped: no Electron binary (node_modules/electron/dist is missing; on a machine with internet: node node_modules/electron/install.js)'
if (skip) console.log(skip)

const FAKE_VIDEO = join(REPO_ROOT, 'test', 'fixtures', 'generated', 'face', 'good.y4m')
const work = mkdtempSync(join(tmpdir(), 'enroll-e2e-'))
const dataDir = join(work, 'data')
const userDataDir = join(work, 'user-data')
after(() => rmSync(work, { recursive: true, force: true }))

before(() => {
  if (skip) return
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO_ROOT, encoding: 'utf8' })
  assert.equal(build.status, 0, `electron-vite build failed:\n${build.stdout}\n${build.stderr}`)
})

const E2E_OPERATOR = { name: 'e2e', password: 'e2e-password' }

async function launch(): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await _electron.launch({
    executablePath: executablePath!,
    args: [
      '--lang=en-US',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(existsSync(FAKE_VIDEO) ? [`--use-file-for-fake-video-capture=${FAKE_VIDEO}`] : []),
      '.',
    ],
    cwd: REPO_ROOT,
    env: { ...process.env, ENROLL_DATA_DIR: dataDir, ENROLL_USER_DATA_DIR: userDataDir },
    timeout: 60_000,
  })
  const page = await app.firstWindow()
  page.setDefaultTimeout(15_000)
  // the window's session starts signed out: sign it in through its own bridge (the first start
  // sets the administrator up), then load the page again, signed in
  await page.waitForFunction(() => 'station' in window)
  await page.evaluate(async (who) => {
    const station = (window as unknown as { station: { invoke(channel: string, input: unknown): Promise<{ ok: boolean; result?: { needsFirstAdministrator: boolean } }> } }).station
    const status = await station.invoke('session.status', {})
    const signedIn = await station.invoke(status.result?.needsFirstAdministrator ? 'session.setUp' : 'session.signIn', who)
    if (!signedIn.ok) throw new Error('the e2e operator could not sign in')
  }, E2E_OPERATOR)
  await page.reload()
  await page.getByRole('navigation').waitFor()
  return { app, page }
}

const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}( \\*)?$`))

test('the window is our app:// page, isolated, with only window.station to reach the app', { skip }, async () => {
  const { app, page } = await launch()
  try {
    assert.match(page.url(), /^app:\/\/station\//)
    const exposure = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      station: Object.keys((window as unknown as { station: object }).station).sort(),
      opened: window.open('https://example.com/') === null,
    }))
    assert.deepEqual(exposure, { require: 'undefined', process: 'undefined', station: ['invoke', 'onEvent'], opened: true })
    const remote = await page.evaluate(() => fetch('https://example.com/').then(() => 'loaded', () => 'blocked'))
    assert.equal(remote, 'blocked')
    await page.evaluate(() => {
      window.location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    assert.match(page.url(), /^app:\/\/station\//, 'navigation away was prevented')
    assert.equal(app.windows().length, 1)
  } finally {
    await app.close()
  }
})

test('enrolls a person through the UI with the fake camera, and a restart keeps them', { skip, timeout: 180_000 }, async () => {
  let { app, page } = await launch()
  try {
    await field(page, 'Name').fill('Zhang Wei')
    await field(page, 'Phone').fill('138 0013 8000')
    const portrait = page.getByRole('img', { name: 'Portrait to be saved' })
    // The live camera (fake device) captures by itself once a face holds still; without the
    // capture module the photo comes from a file, the Enroll screen's other way.
    const captured = await portrait.waitFor({ timeout: 20_000 }).then(
      () => true,
      () => false,
    )
    if (!captured) {
      await page.locator('input[type=file]').setInputFiles(join(DEMO_PHOTOS, 'sample2.jpg'))
      await portrait.waitFor()
    }
    await field(page, 'Phone').press('Enter')
    await page.getByText(/Saved Zhang Wei \(/).waitFor()
    const listed = await page.evaluate(() => (window as unknown as { station: { invoke(c: string, i: unknown): Promise<{ ok: boolean; result: { items: Array<{ name: string; photo: { hash: string } | null }> } }> } }).station.invoke('person.list', { text: 'Zhang Wei' }))
    assert.equal(listed.ok, true)
    assert.equal(listed.result.items.length, 1)
    assert.ok(listed.result.items[0].photo, 'saved with a photo')
    const hash = listed.result.items[0].photo!.hash
    const photoLoads = await page.evaluate(
      (url) => new Promise<boolean>((resolve) => Object.assign(new Image(), { onload: () => resolve(true), onerror: () => resolve(false), src: url })),
      `app://station/photos/${hash}.jpg`,
    )
    assert.equal(photoLoads, true, 'photos are served over app://')
  } finally {
    await app.close()
  }

  ;({ app, page } = await launch())
  try {
    await page.getByRole('button', { name: /^Persons/ }).click()
    await page.getByLabel('Search persons').fill('zhang wei')
    await page.getByRole('row').filter({ hasText: 'Zhang Wei' }).waitFor()
  } finally {
    await app.close()
  }
})

test('a second launch focuses the first window instead of opening another station', { skip }, async () => {
  const { app } = await launch()
  try {
    const second = spawnSync(executablePath!, ['.'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ENROLL_DATA_DIR: dataDir, ENROLL_USER_DATA_DIR: userDataDir },
      timeout: 30_000,
      encoding: 'utf8',
    })
    assert.equal(second.status, 0, 'the second instance quits at once')
    assert.equal(app.windows().length, 1)
  } finally {
    await app.close()
  }
})
