/**
 * The site status line in the real page: a desk joined to a site (a hub that requires users)
 * shows "Site online" and when it last replicated; when the site goes away it says it is
 * offline, and online again once the site is back.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { startSiteHub } from '../helpers/site-hub'
import { navigateTo, pageProblems, stationForSuite } from './ui-harness'

const hub = await startSiteHub({ users: { 'desk-ui': 'ui-secret' } })

describe('site status line (real station joined to a hub, headless Chromium)', () => {
  const suite = stationForSuite({
    serveArgs: process.env.ENROLL_TEST_RENDERER_DIR ? ['--renderer', process.env.ENROLL_TEST_RENDERER_DIR] : [],
    async seed(call) {
      await call('person.add', { name: 'Chen Jing', type: 'visitor' })
      await call('site.join', { url: hub.url, user: 'desk-ui', password: 'ui-secret', desk: 'desk-ui' })
    },
  })
  after(() => hub.close())
  let page: Page
  before(async () => {
    ;({ page } = suite)
    await navigateTo(page, 'Persons')
  })

  test('says the desk is online and when it last replicated; offline while the site is away; online again', async () => {
    const line = page.getByTestId('site-status')
    await line.filter({ hasText: 'Site online' }).waitFor({ timeout: 20_000 })
    assert.match(await line.innerText(), /Last replicated/)

    await hub.stop()
    await line.filter({ hasText: 'Site offline' }).waitFor({ timeout: 20_000 })
    await hub.start()
    await line.filter({ hasText: 'Site online' }).waitFor({ timeout: 30_000 })
    assert.deepEqual(pageProblems(page), [])
  })

  test('a single desk shows no site line', async () => {
    const status = await suite.station.invoke('site.leave', {})
    assert.equal(status.kept, 1)
    await page.reload()
    await navigateTo(page, 'Persons')
    await page.getByTestId('site-status').waitFor({ state: 'detached', timeout: 10_000 })
  })
})
