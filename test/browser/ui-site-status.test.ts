/**
 * Site mode in the real page: an administrator joins the desk to a site (a hub that requires
 * users) from Settings; the running station claims its back end's pusher lease at once and
 * Settings says which desk pushes there (this one), in English and Chinese; the navigation then
 * shows "Site online" and when the desk last replicated, says it is offline while the site is away and online again once it is back;
 * after a purge the hub, which lets only its site admin compact, keeps the visitor's earlier
 * revisions: Settings says so, refuses the desk's own user as admin under its field, and with the
 * site admin compacts and the warning goes; leaving from Settings keeps the register and the line goes.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { startSiteHub } from '../helpers/site-hub'
import { zhCN } from '../../common/i18n/zh-CN'
import { en } from '../../common/i18n/en'
import { openStation as openCoreStation } from '../../main/core/station'
import { tempDir } from '../helpers/temp'
import { field, fieldMessage, navigateTo, openStation, pageProblems, stationForSuite } from './ui-harness'

const hub = await startSiteHub({ users: { 'desk-ui': 'ui-secret', 'desk-two': 'two-secret' }, admins: { 'site-admin': 'admin-secret' } })

describe('site status line (real station joined to a hub, headless Chromium)', () => {
  const suite = stationForSuite({
    serveArgs: process.env.ENROLL_TEST_RENDERER_DIR ? ['--renderer', process.env.ENROLL_TEST_RENDERER_DIR] : [],
    async seed(call) {
      await call('person.add', { name: 'Chen Jing', type: 'visitor' })
      // the lease does not depend on the back end answering
      await call('target.add', { name: 'Lobby', kind: 'sophon', baseUrl: 'http://127.0.0.1:9', settings: {}, secrets: {} })
    },
  })
  after(() => hub.close())
  let page: Page
  before(async () => {
    ;({ page } = suite)
    await navigateTo(page, 'Settings')
  })

  test('Settings joins the site with the desk user; a wrong password is named under its field', async () => {
    const section = page.getByRole('region', { name: 'Site (several desks)' })
    await field(section, 'Site address').fill(hub.url)
    await field(section, "This desk's user").fill('desk-ui')
    await field(section, 'Password').fill('wrong')
    await section.getByRole('button', { name: 'Join the site' }).click()
    await fieldMessage(page, "This desk's user").filter({ hasText: /refused this user name or password/ }).waitFor()
    await field(section, 'Password').fill('ui-secret')
    await field(section, 'Desk name').fill('desk-ui')
    await section.getByRole('button', { name: 'Join the site' }).click()
    await page.getByText(/Joined .*: 1 person uploaded, no duplicates/).waitFor()
    await section.getByTestId('site-connection').filter({ hasText: 'Site online' }).waitFor({ timeout: 20_000 })
    assert.match(await section.innerText(), /desk-ui/)
  })

  test('Settings says which desk pushes to the back end: this one, claimed without a restart; in Chinese too', async () => {
    const section = page.getByRole('region', { name: 'Site (several desks)' })
    await section.getByTestId('site-pushers').filter({ hasText: 'Pushing to Lobby: desk-ui (this desk)' }).waitFor({ timeout: 20_000 })
    const chinese = await openStation(suite.browser, suite.station.url, { locale: 'zh-CN' })
    try {
      await navigateTo(chinese.page, zhCN['nav.settings'])
      await chinese.page.getByTestId('site-pushers').filter({ hasText: '推送到 Lobby：desk-ui（本工作站）' }).waitFor({ timeout: 20_000 })
      assert.deepEqual(pageProblems(chinese.page), [])
    } finally {
      await chinese.context.close()
    }
  })

  test("a back end another desk added arrives without its secrets: the row says this desk does not push to it until they are entered here", async () => {
    const other = await openCoreStation({ dataDir: tempDir('site-ui-two-') })
    try {
      await other.site.join({ url: hub.url, user: 'desk-two', password: 'two-secret', mode: 'upload', desk: 'desk-two' })
      await other.targets.add({ name: 'Campus YCE', kind: 'yce', baseUrl: 'http://127.0.0.1:9', settings: { username: 'admin', orgId: 'org-1', op: 1 } }, { password: 'only-on-desk-two' }, 'test')
      const row = page.getByRole('listitem', { name: 'Campus YCE' })
      await row.filter({ hasText: en['error.target.secrets_needed_here'] }).waitFor({ timeout: 20_000 })
      assert.match(await row.innerText(), new RegExp(en['targets.missingSecret']))
    } finally {
      await other.close()
    }
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

  test('after a purge Settings says the hub keeps removed records; the desk user is refused as admin, the site admin compacts', async () => {
    const visitor = await suite.station.invoke('person.add', { code: 'V-UI-HUB', name: 'Uihub Wu', type: 'visitor' })
    const auth = { authorization: `Basic ${Buffer.from('desk-ui:ui-secret').toString('base64')}` }
    const onHub = async () => (await fetch(`${hub.url}/enroll-register/${encodeURIComponent(`person:${visitor.id}`)}`, { headers: auth })).text()
    for (let tries = 0; !(await onHub()).includes('Uihub Wu'); tries++) {
      assert.ok(tries < 200, 'the visitor reaches the hub')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await suite.station.invoke('person.purge', { id: visitor.id })

    const section = page.getByRole('region', { name: 'Site (several desks)' })
    const warning = section.getByTestId('hub-compaction')
    await warning.filter({ hasText: en['site.hubKeepsTitle'] }).waitFor({ timeout: 20_000 })
    assert.match(await warning.innerText(), /\(register, audit trail\)/)
    await field(section, 'Site admin user').fill('desk-ui')
    await field(section, 'Site admin password').fill('ui-secret')
    await section.getByRole('button', { name: en['site.hubCompact'] }).click()
    await fieldMessage(page, 'Site admin user').filter({ hasText: /only a site admin/ }).waitFor()
    await field(section, 'Site admin user').fill('site-admin')
    await field(section, 'Site admin password').fill('admin-secret')
    await section.getByRole('button', { name: en['site.hubCompact'] }).click()
    await page.getByText(en['site.hubCompacted']).waitFor()
    await warning.waitFor({ state: 'detached', timeout: 10_000 })
    assert.deepEqual(pageProblems(page), [])
  })

  test('leaving from Settings keeps the register; a single desk shows no site line', async () => {
    const section = page.getByRole('region', { name: 'Site (several desks)' })
    await section.getByRole('button', { name: 'Leave the site' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Leave the site' }).click()
    await page.getByText('Left the site; this desk keeps 1 person').waitFor()
    await page.getByTestId('site-status').waitFor({ state: 'detached', timeout: 10_000 })
    assert.equal((await suite.station.invoke('site.status', {})).mode, 'off')
  })
})
