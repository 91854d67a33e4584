import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { startSimulator, type SimulatorOf } from '../simulators'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'
import { enroll } from '../helpers/cli'
import { field, launchBrowser, navigateTo, openStation, photoUpload, startStation, type StationUnderTest } from './ui-harness'

/**
 * The desk as a receptionist uses it, end to end: `enroll serve` with its sync worker, a
 * SophonFogSys simulator as the back end, headless Chromium driving the real UI.
 */
describe('Enroll to synced (real queue, simulator back end, headless Chromium)', () => {
  let sim: SimulatorOf<'sophon'>
  let station: StationUnderTest
  let browser: Browser
  let page: Page
  let faces: Awaited<ReturnType<typeof ensureFaceFixtures>>
  const dataDir = mkdtempSync(join(tmpdir(), 'enroll-ui-e2e-'))

  before(async () => {
    faces = await ensureFaceFixtures()
    sim = await startSimulator('sophon', { seed: 7 })
    const added = enroll(dataDir, 'target', 'add', 'sophon', '--name', 'Lobby gates', '--base-url', sim.credentials.baseUrl, ...sim.credentials.cliArgs)
    assert.equal(added.status, 0, added.stderr)
    station = await startStation({
      dataDir,
      async seed(call) {
        await call('person.add', { name: 'Wang Qiang', type: 'blacklist', code: 'B100', reason: 'Tailgated through the lobby gate', photo: photoUpload(faces.faceB) })
      },
    })
    browser = await launchBrowser()
    ;({ page } = await openStation(browser, station.url))
  })
  after(async () => {
    await browser?.close()
    await station?.stop()
    await sim?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const nav = (screen: string) => navigateTo(page, screen)
  const remote = (code: string) => sim.records().filter((record) => record.personCode === code)

  async function enrollVisitor(name: string): Promise<string> {
    await nav('Enroll')
    await field(page, 'Name').fill(name)
    await field(page, 'Phone').fill('139 0013 9000')
    await page.locator('input[type=file]').setInputFiles(faces.faceA)
    await page.getByRole('img', { name: 'Portrait to be saved' }).waitFor()
    await field(page, 'Phone').press('Enter')
    const saved = page.getByText(new RegExp(`Saved ${name} \\((V\\w+)\\)`))
    await saved.waitFor()
    return /\((V\w+)\)/.exec(await saved.innerText())![1]
  }

  async function syncStateOf(name: string): Promise<string> {
    await nav('Persons')
    await page.getByRole('row').filter({ hasText: name }).first().click()
    await page.getByRole('tab', { name: 'Sync' }).click()
    const panel = page.getByRole('tabpanel')
    await panel.getByText('Lobby gates').waitFor()
    return panel.innerText()
  }

  async function waitForState(name: string, state: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let last = ''
    while (Date.now() < deadline) {
      last = await syncStateOf(name)
      await page.keyboard.press('Escape')
      if (state.test(last)) return
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    assert.fail(`${name} never showed ${state} on its Sync tab; last: ${last}`)
  }

  test('a visitor enrolled at the desk reaches the back end and shows "Synced"', async () => {
    const code = await enrollVisitor('Li Na')
    await waitForState('Li Na', /Synced/)
    assert.equal(remote(code).length, 1, 'exactly one remote person')
    assert.equal(remote(code)[0].name, 'Li Na')
  })

  test('with the back end down an enrollment shows "Pending", and "Synced" once it is back', async () => {
    await sim.stop()
    const code = await enrollVisitor('Chen Jie')
    await waitForState('Chen Jie', /Pending|Retrying|Sending/)
    assert.equal(remote(code).length, 0)
    await sim.start()
    await station.invoke('sync.now', {})
    await waitForState('Chen Jie', /Synced/, 40_000)
    assert.equal(remote(code).length, 1)
  })

  test('editing a blacklist entry pushes the change', async () => {
    await waitForState('Wang Qiang', /Synced/)
    await nav('Blacklist')
    const card = page.getByRole('article').filter({ hasText: 'Wang Qiang' })
    await card.getByRole('button', { name: 'Edit Wang Qiang' }).click()
    const dialog = page.getByRole('dialog')
    await field(dialog, 'Name').fill('Wang Qiang (alias Wang Q.)')
    await dialog.getByRole('button', { name: /^Save/ }).click()
    await page.getByText(/^Saved Wang Qiang/).waitFor()
    await page.keyboard.press('Escape')
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline && remote('B100')[0]?.name !== 'Wang Qiang (alias Wang Q.)') await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(remote('B100')[0]?.name, 'Wang Qiang (alias Wang Q.)')
    assert.equal(remote('B100').length, 1)
  })
})
