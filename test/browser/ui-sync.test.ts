import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { enroll } from '../helpers/cli'
import { translatorFor } from '../../common/i18n/translator'
import { syncErrorText } from '../../common/sync/sync-error-text'
import { launchBrowser, navigateTo, openStation, pageProblems, startStation, type StationUnderTest } from './ui-harness'

describe('Sync screen (real queue state, headless Chromium)', () => {
  let station: StationUnderTest
  let browser: Browser
  let page: Page

  // our own folder: the station is stopped and started again on it
  const dataDir = mkdtempSync(join(tmpdir(), 'enroll-ui-sync-'))

  before(async () => {
    station = await startStation({
      dataDir,
      async seed(call) {
        await call('person.add', { name: 'Ada Park', type: 'employee', code: 'E2001' })
      },
    })
    await station.stop()
    // a back end nobody answers on (port 9, discard), and one push attempt against it
    const added = enroll(dataDir, 'target', 'add', 'sophon', '--name', 'Lobby turnstiles', '--base-url', 'http://127.0.0.1:9')
    assert.equal(added.status, 0, added.stderr)
    enroll(dataDir, 'sync', '--timeout', '3')
    // the queue's state is the subject here, so the served station does not push on its own
    station = await startStation({ dataDir, serveArgs: ['--no-sync'] })
    browser = await launchBrowser()
    ;({ page } = await openStation(browser, station.url))
  })
  after(async () => {
    await browser?.close()
    await station?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('shows each back end with what waits and needs attention, the error worded by its code with the back end’s words inside, and retries', async () => {
    await navigateTo(page, 'Sync')
    const card = page.getByRole('article', { name: 'Lobby turnstiles' })
    await card.waitFor()
    const rows = (await station.invoke('sync.status', {})).items
    assert.equal(rows.length, 1)
    const [row] = rows
    assert.ok(row.state === 'attention' || row.state === 'failing', `state ${row.state}`)
    assert.ok(row.lastError?.messageCode, `the error is stored with its message code: ${row.lastError?.message}`)
    const message = syncErrorText(row.lastError, translatorFor('en'))
    if (row.lastError.remoteMessage) assert.ok(message.includes(row.lastError.remoteMessage), 'the back end’s own words are kept')
    // the list's heading counts refused and still-retrying persons apart (the summary counts only the refused)
    const heading = row.state === 'attention' ? 'Needs attention (1) and retrying (0)' : 'Needs attention (0) and retrying (1)'
    await page.getByRole('heading', { name: heading }).waitFor()
    const line = page.getByRole('row').filter({ hasText: 'Ada Park' })
    await line.getByText(message, { exact: false }).waitFor()

    await line.getByRole('button', { name: 'Retry Ada Park on Lobby turnstiles' }).click()
    await page.getByText('Ada Park queued again').waitFor()
    const after = (await station.invoke('sync.status', {})).items[0]
    assert.equal(after.state, 'pending', 'retry puts the person back in the queue')

    // the person detail tells the same story
    await navigateTo(page, 'Persons')
    await page.getByRole('button', { name: 'Ada Park' }).click()
    await page.getByRole('tab', { name: 'Sync' }).click()
    await page.locator('.person-sync__row').filter({ hasText: 'Lobby turnstiles' }).getByText('Pending').waitFor()
    assert.deepEqual(pageProblems(page), [])
  })
})
