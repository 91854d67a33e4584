/**
 * Settings → Backup end to end: `enroll serve` on a seeded register, headless Chromium clicks
 * "Back up now", sees the new backup listed with its counts, verifies it, and a bad folder is
 * refused under the field.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { DEMO_PHOTOS } from '../helpers/temp'
import { field, fieldMessage, navigateTo, pageProblems, photoUpload, stationForSuite, type StationUnderTest } from './ui-harness'

describe('Settings: Backup (real station, headless Chromium)', () => {
  // the default destination is beside the data folder: nest it so the backups land in this test's own folder
  const root = mkdtempSync(join(tmpdir(), 'enroll-ui-backup-'))
  const suite = stationForSuite({
    dataDir: join(root, 'data'),
    // ENROLL_TEST_RENDERER_DIR: a renderer built elsewhere, so a local run leaves the shared out/ alone
    serveArgs: process.env.ENROLL_TEST_RENDERER_DIR ? ['--renderer', process.env.ENROLL_TEST_RENDERER_DIR] : [],
    async seed(call) {
      await call('group.add', { name: 'Lab 3', id: 'lab3' })
      await call('person.add', { name: 'Zhang Wei', type: 'employee', code: 'E1001', groups: ['lab3'], photo: photoUpload(join(DEMO_PHOTOS, 'sample1.jpg')) })
      await call('person.add', { name: 'Chen Jing', phone: '13900139000' })
    },
  })
  // registered after the suite's own hooks: the folder goes once the station has stopped
  after(() => rmSync(root, { recursive: true, force: true }))
  let station: StationUnderTest
  let page: Page
  before(async () => {
    ;({ station, page } = suite)
    await navigateTo(page, 'Settings')
  })

  test('Back up now writes a backup beside the data folder and lists it; Verify says it is intact', async () => {
    const section = page.getByRole('region', { name: 'Backup' })
    await section.getByText('No backups in this folder yet').waitFor()
    assert.match(await section.innerText(), /re-enter them in Back ends after a restore/)
    await section.getByRole('button', { name: 'Back up now' }).click()
    const table = section.getByRole('table', { name: 'Backups in this folder' })
    const row = table.getByRole('row').nth(1)
    await row.waitFor()
    const cells = await row.getByRole('cell').allInnerTexts()
    assert.deepEqual(cells.slice(1, 3), ['2', '1'], 'persons and photos of the backup')
    assert.equal(cells[4], 'Not checked')

    const [backup] = (await station.invoke('backup.list', {})).backups
    assert.equal(join(backup.path, '..'), join(root, 'backups'))
    assert.ok(existsSync(join(backup.path, 'manifest.json')))

    await row.getByRole('button', { name: /^Verify the backup of / }).click()
    await row.getByText(/^OK, all \d+ files intact$/).waitFor()
    assert.deepEqual(pageProblems(page), [])
  })

  test('a folder the core refuses is named under the field, and nothing is written', async () => {
    const section = page.getByRole('region', { name: 'Backup' })
    const blocker = join(root, 'not-a-folder')
    writeFileSync(blocker, 'x')
    await field(section, 'Backup folder').fill(join(blocker, 'inside'))
    await section.getByRole('button', { name: 'Back up now' }).click()
    await fieldMessage(page, 'Backup folder').filter({ hasText: /cannot write to/ }).waitFor()
    await field(section, 'Backup folder').fill('relative/folder')
    await field(section, 'Backup folder').press('Enter')
    await fieldMessage(page, 'Backup folder').filter({ hasText: /must be a full path/ }).waitFor()
  })

  test('the chosen backup folder is remembered across a reload of the page', async () => {
    const chosen = join(root, 'chosen-backups')
    let section = page.getByRole('region', { name: 'Backup' })
    await field(section, 'Backup folder').fill(chosen)
    await field(section, 'Backup folder').press('Enter')
    await section.getByText('No backups in this folder yet').waitFor()
    await page.reload()
    await navigateTo(page, 'Settings')
    section = page.getByRole('region', { name: 'Backup' })
    await section.getByText('No backups in this folder yet').waitFor()
    assert.equal(await field(section, 'Backup folder').inputValue(), chosen)
    assert.equal((await station.invoke('backup.list', {})).destination, chosen)
  })
})
