/**
 * A sixth back end in the real Settings screen with no renderer edit: the throw-away demo kind
 * (test/fixtures/connectors/demo/, its labels in its own definition) is added to the list of
 * definitions in this process, which also runs the station and the loopback host serving the
 * built renderer; headless Chromium then finds the kind in the Add dialog with its fields, secret,
 * notes and group-mapping meaning, in English and in Chinese, and adds and tests one.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { en } from '../../common/i18n/en'
import { zhCN } from '../../common/i18n/zh-CN'
import { registerConnectorDefinition } from '../../main/core/connectors/definitions'
import { openStation as openCoreStation, type Station } from '../../main/core/station'
import { startLoopbackHost, type LoopbackHost } from '../../main/host/loopback-host'
import { DEMO_KIND, demoDefinition } from '../fixtures/connectors/demo/demo'
import { signInServed, TEST_ADMINISTRATOR } from '../helpers/cli'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { field, launchBrowser, navigateTo, openStation, pageProblems } from './ui-harness'

const TOKEN = 'demo-token-7f3a'

/** The demo connector's one call: GET <base URL>/persons with its token header. */
function startDemoBackEnd(): Promise<Server> {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/persons' && req.headers['x-demo-token'] === TOKEN ? 200 : 401
    res.end('[]')
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

describe('a new back end from one folder in the Settings screen (real station and host in this process, headless Chromium)', () => {
  let backEnd: Server
  let station: Station
  let host: LoopbackHost
  let browser: Browser

  before(async () => {
    registerConnectorDefinition(demoDefinition)
    backEnd = await startDemoBackEnd()
    station = await openCoreStation({ dataDir: tempDir() })
    await station.groups.add({ name: 'Floor 3', id: 'floor3' }, 'test')
    host = await startLoopbackHost({ station, rendererDir: join(REPO_ROOT, 'out/renderer') })
    await signInServed({ origin: new URL(host.url).origin, token: host.token }, TEST_ADMINISTRATOR)
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await host?.close()
    await station?.close()
    backEnd?.close()
  })

  test('English: the demo kind is offered with its fields and notes; added and tested from the form; its group mapping says what a remote id is', async () => {
    const { context, page } = await openStation(browser, host.openUrl)
    try {
      await navigateTo(page, en['nav.settings'])
      await page.getByRole('button', { name: en['targets.add'] }).click()
      const dialog = page.getByRole('dialog', { name: en['targets.addTitle'] })
      await field(dialog, en['targets.kind']).selectOption({ label: demoDefinition.label })

      const { settingLabels, secretFields } = demoDefinition
      await field(dialog, en['targets.name']).fill('Demo desk')
      await field(dialog, en['targets.baseUrl']).fill(`http://127.0.0.1:${(backEnd.address() as AddressInfo).port}`)
      await field(dialog, settingLabels.site.en).fill('north')
      await field(dialog, secretFields[0].label.en).fill(TOKEN)
      assert.equal(await field(dialog, secretFields[0].label.en).getAttribute('type'), 'password')
      // the rarely changed setting is folded away under its own label
      await dialog.getByText(en['targets.advanced']).click()
      await field(dialog, settingLabels.pageSize.en).waitFor()
      await dialog.getByText('The demo back end takes updates only.').waitFor()

      await dialog.getByRole('button', { name: en['targets.saveAndTest'] }).click()
      const edit = page.getByRole('dialog', { name: en['targets.editTitle'].replace('{name}', 'Demo desk') })
      await edit.getByRole('status').filter({ hasText: en['targets.test.ok'] }).waitFor()
      assert.match(await edit.getByRole('status').innerText(), /demo site north: .* answers/)
      await edit.getByRole('button', { name: en['common.cancel'] }).click()

      const [saved] = station.targets.list()
      assert.deepEqual([saved.kind, saved.settings.site], [DEMO_KIND, 'north'])

      await page.getByRole('button', { name: en['targets.mapNamed'].replace('{name}', 'Demo desk') }).click()
      await page.getByRole('dialog', { name: en['targets.mapTitle'].replace('{name}', 'Demo desk') }).getByText(demoDefinition.remoteIdMeaning.en).waitFor()
      assert.deepEqual(pageProblems(page), [])
    } finally {
      await context.close()
    }
  })

  test('Chinese: the same form names the demo kind\'s fields, secret and notes in Chinese, from its definition', async () => {
    const { context, page } = await openStation(browser, host.openUrl, { locale: 'zh-CN' })
    try {
      await navigateTo(page, zhCN['nav.settings'])
      await page.getByRole('button', { name: zhCN['targets.add'] }).click()
      const dialog = page.getByRole('dialog', { name: zhCN['targets.addTitle'] })
      await field(dialog, zhCN['targets.kind']).selectOption({ label: demoDefinition.label })
      await field(dialog, demoDefinition.settingLabels.site['zh-CN']).waitFor()
      await field(dialog, demoDefinition.secretFields[0].label['zh-CN']).waitFor()
      await dialog.getByText('演示后端只接受修改。').waitFor()
      assert.equal(await dialog.getByText(demoDefinition.settingLabels.site.en).count(), 0, 'no English label left in the Chinese form')
      assert.deepEqual(pageProblems(page), [])
    } finally {
      await context.close()
    }
  })
})
