/**
 * npm run screenshots — a PNG of each screen in docs/screenshots/ (Enroll in both languages),
 * taken from the real UI served by `enroll serve` over a temporary register seeded with
 * realistic persons. Portraits are single faces cropped from face-api's demo photos (which
 * show groups of people); the blacklist entry goes in through `enroll person add --photo`.
 */
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { CHROMIUM_PATH, field, launchBrowser, openStation, photoUpload, startStation } from './ui-harness'
import { ensureCaptureVideos } from '../../scripts/make-capture-videos'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'
import type { ChannelInput } from '../../common/contract'
import { startSimulator } from '../simulators'

const execFileAsync = promisify(execFile)
const ROOT = new URL('../..', import.meta.url).pathname
const OUT = join(ROOT, 'docs/screenshots')
const DEMO = join(ROOT, 'node_modules/@vladmandic/face-api/demo')
const VIEWPORT = { width: 1440, height: 900 }

/** Face centres (x, y) and crop width, in the demo photos' own pixels, found by eye once. */
const PORTRAITS: Array<[file: string, cx: number, cy: number, width: number]> = [
  ['sample1.jpg', 500, 520, 300],
  ['sample1.jpg', 940, 560, 300],
  ['sample1.jpg', 1500, 420, 300],
  ['sample3.jpg', 640, 470, 400],
  ['sample3.jpg', 1150, 420, 400],
  ['sample3.jpg', 1610, 450, 400],
  ['sample6.jpg', 1244, 407, 330],
  ['sample6.jpg', 1642, 385, 330],
]

async function cropPortraits(dir: string): Promise<string[]> {
  const paths: string[] = []
  for (const [index, [file, cx, cy, width]] of PORTRAITS.entries()) {
    const source = sharp(join(DEMO, file))
    const { width: imageWidth = 0, height: imageHeight = 0 } = await source.metadata()
    const height = Math.round(width * 1.25)
    const left = Math.max(0, Math.min(imageWidth - width, Math.round(cx - width / 2)))
    const top = Math.max(0, Math.min(imageHeight - height, Math.round(cy - height * 0.45)))
    const path = join(dir, `portrait-${index + 1}.jpg`)
    await source.extract({ left, top, width, height }).resize(400, 500).jpeg({ quality: 88 }).toFile(path)
    paths.push(path)
  }
  return paths
}

const daysFromNow = (days: number, hour = 18) => {
  const date = new Date()
  date.setDate(date.getDate() + days)
  date.setHours(hour, 0, 0, 0)
  return date.toISOString()
}

/**
 * `enroll …` as a named operator. Asynchronous on purpose: the simulators answer from this
 * process, which a synchronous child would block. `enroll sync` exits 1 when something still
 * waits, which is the state wanted here; any other failure stops the script with its message.
 */
async function cli(dataDir: string, actor: string, ...args: string[]): Promise<void> {
  try {
    await execFileAsync(process.execPath, [join(ROOT, 'bin/enroll.js'), '--data', dataDir, ...args], { cwd: ROOT, env: { ...process.env, ENROLL_ACTOR: actor } })
  } catch (error) {
    if (args[0] !== 'sync') throw new Error(`enroll ${args.join(' ')}: ${(error as { stderr?: string }).stderr ?? error}`)
  }
}

/**
 * Real sync state for the Sync screen: a Sophon simulator that takes everyone with a photo (and
 * refuses those without, as the real one does), and a Tuya target whose server is down.
 */
async function pushToSimulators(dataDir: string): Promise<void> {
  const lobby = await startSimulator('sophon', { seed: 7 })
  const cloud = await startSimulator('tuya', { seed: 7 })
  try {
    await cli(dataDir, 'admin', 'target', 'add', 'sophon', '--name', 'Lobby turnstiles', '--base-url', lobby.credentials.baseUrl, ...lobby.credentials.cliArgs)
    await cli(dataDir, 'admin', 'target', 'add', 'tuya', '--name', 'HQ cloud (Tuya)', '--base-url', cloud.credentials.baseUrl, ...cloud.credentials.cliArgs)
    await cloud.close()
    await cli(dataDir, 'admin', 'sync', '--timeout', '8')
  } finally {
    await lobby.close()
  }
}

async function main(): Promise<void> {
  // pictures of the current code, never of an old build
  const build = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('the renderer build failed')
  mkdirSync(OUT, { recursive: true })
  const work = mkdtempSync(join(tmpdir(), 'enroll-screens-'))
  const dataDir = join(work, 'data')
  const portraits = await cropPortraits(work)
  const fixtures = await ensureFaceFixtures()
  const station = await startStation({
    dataDir,
    seedActor: 'reception',
    async seed(call) {
      const groups = [
        { id: 'lobby', name: '大堂门禁', description: 'Lobby turnstiles, 07:00–22:00' },
        { id: 'floor3', name: '三楼办公区', description: 'Third-floor offices' },
        { id: 'lab', name: 'Laboratory', description: 'R&D lab, badge and face' },
        { id: 'parking', name: 'Parking garage', description: 'Barrier B1/B2' },
      ]
      for (const group of groups) await call('group.add', group)
      const employees: Array<[string, string, string, string, string[]]> = [
        ['E1001', '张伟', 'Engineering', '+8613800138001', ['lobby', 'floor3', 'lab']],
        ['E1002', '王芳', 'Finance', '+8613800138002', ['lobby', 'floor3']],
        ['E1003', 'Oliver Bennett', 'Engineering', '+447700900123', ['lobby', 'lab']],
        ['E1004', '李娜', 'Human resources', '+8613800138004', ['lobby', 'floor3']],
        ['E1005', '刘洋', 'Facilities', '+8613800138005', ['lobby', 'parking']],
        ['E1006', 'Sophie Laurent', 'Design', '+33612345678', ['lobby', 'floor3']],
        ['E1007', '陈静', 'Reception', '+8613800138007', ['lobby']],
        ['E1008', '杨磊', 'Security', '+8613800138008', ['lobby', 'floor3', 'lab', 'parking']],
        ['E1009', 'Daniel Kim', 'Sales', '+821012345678', ['lobby', 'parking']],
        ['E1010', '赵敏', 'Engineering', '+8613800138010', ['lobby', 'lab']],
      ]
      // where the station's face gate refuses a cropped portrait (pose), the person goes in without one
      const addWithPhoto = async (input: ChannelInput<'person.add'>) => {
        try {
          await call('person.add', input)
        } catch (error) {
          if (!input.photo || !/^photo/.test((error as Error).message.replace(/^person\.add: /, ''))) throw error
          console.warn(`(${input.name}: photo refused by the face gate, added without it)`)
          await call('person.add', { ...input, photo: undefined })
        }
      }
      for (const [index, [code, name, department, phone, memberOf]] of employees.entries()) {
        await addWithPhoto({
          code,
          name,
          type: 'employee',
          department,
          phone,
          groups: memberOf,
          company: 'Northwind Robotics',
          ...(index < 5 ? { photo: photoUpload(portraits[index + 1]) } : {}),
        })
      }
      await addWithPhoto({ code: 'VIP01', name: 'Margaret Hughes', type: 'vip', company: 'Harbor Capital', groups: ['lobby', 'floor3'], photo: photoUpload(portraits[6]) })
      const visitors: Array<[string, string, string, number]> = [
        ['周杰', '顺丰速运', 'Facilities', 0],
        ['Emily Carter', 'Acme Consulting', 'Finance', 0],
        ['孙丽', '华为技术', 'Engineering', 1],
        ['Lucas Meyer', 'Siemens AG', 'Engineering', 2],
        ['黄晓明', '中国建设银行', 'Finance', -3],
        ['Aisha Khan', 'Global Audit LLP', 'Finance', -1],
      ]
      for (const [name, company, department, days] of visitors) {
        await call('person.add', { name, company, department, groups: ['lobby'], validFrom: daysFromNow(Math.min(days, 0) - 1, 9), validUntil: daysFromNow(days) })
      }
      const disabled = await call('person.add', { code: 'E0999', name: '吴强', type: 'employee', department: 'Sales', groups: ['lobby'] })
      await call('person.edit', { id: disabled.id, version: disabled.version, enabled: false })
      await call('person.add', { name: 'Victor Hale', type: 'blacklist', reason: 'Repeated attempts to follow staff through the turnstiles (2026-09).', certificate: { type: 'passport', number: 'X1234567' } })
    },
  })
  // the blacklist entry with a photo goes in the way an administrator would do it, through the
  // face gate and the standard crop (face-a is a frontal face from the same demo photos)
  await station.stop()
  await cli(dataDir, 'security.li', 'person', 'add', '--name', '郑浩', '--type', 'blacklist', '--reason', '曾于 2026-10-12 冒用他人访客证进入三楼，已报警处理。', '--photo', fixtures.faceA)
  await pushToSimulators(dataDir)
  const served = await startStation({ dataDir })

  const browser = await launchBrowser()
  try {
    const shoot = async (page: Page, name: string) => {
      await page.waitForLoadState('networkidle')
      await page.evaluate(() => document.fonts.ready)
      await page.screenshot({ path: join(OUT, `${name}.png`) })
      console.log(`docs/screenshots/${name}.png`)
    }
    const nav = (page: Page, label: RegExp) => page.getByRole('navigation').getByRole('button', { name: label }).click()

    for (const [locale, name, phone, company, host, groupName] of [
      ['en-US', 'Emma Thompson', '+44 7700 900456', 'Blue Harbor Logistics', 'Oliver Bennett · Engineering', '大堂门禁'],
      ['zh-CN', '林晓雨', '139 1234 5678', '上海明德律师事务所', '王芳 · 财务部', '大堂门禁'],
    ] as const) {
      const { context, page } = await openStation(browser, served.url, { locale, viewport: VIEWPORT })
      await field(page, locale === 'en-US' ? 'Name' : '姓名').fill(name)
      await field(page, locale === 'en-US' ? 'Phone' : '电话').fill(phone)
      await field(page, locale === 'en-US' ? 'Company' : '单位').fill(company)
      await field(page, locale === 'en-US' ? 'Host / department' : '受访人 / 部门').fill(host)
      await page.getByRole('checkbox', { name: groupName }).check()
      // the core checks a chosen file at once; the English shot shows its blacklist alert (face A is 郑浩)
      await page.locator('input[type=file]').setInputFiles(locale === 'en-US' ? fixtures.faceAAgain : fixtures.faceB)
      await page.locator('.capture__portrait img').waitFor()
      await shoot(page, `enroll-${locale === 'en-US' ? 'en' : 'zh-CN'}`)
      await context.close()
    }

    const { context, page } = await openStation(browser, served.url, { viewport: VIEWPORT })
    await nav(page, /^Persons/)
    await page.getByRole('row').nth(3).waitFor()
    await shoot(page, 'persons')
    await page.getByRole('button', { name: '张伟' }).click()
    await page.getByRole('dialog').locator('img').first().waitFor()
    await shoot(page, 'person-detail')
    await page.getByRole('tab', { name: 'History' }).click()
    await page.getByRole('dialog').locator('.history').waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('checkbox', { name: 'Select Emily Carter' }).check()
    await page.getByRole('checkbox', { name: 'Select Lucas Meyer' }).check()
    await shoot(page, 'persons-selection')
    await page.getByRole('button', { name: 'Clear selection' }).click()
    await nav(page, /^Blacklist/)
    await page.getByRole('article').nth(1).waitFor()
    await shoot(page, 'blacklist')
    await nav(page, /^Groups/)
    await page.getByRole('row').nth(2).waitFor()
    await shoot(page, 'groups')
    await page.getByRole('button', { name: 'Delete 三楼办公区' }).click()
    await page.getByRole('dialog').waitFor()
    await shoot(page, 'group-delete')
    await page.keyboard.press('Escape')
    await nav(page, /^Sync/)
    await page.locator('.target-card').nth(1).waitFor()
    await shoot(page, 'sync')
    await page.getByRole('table').getByRole('button').first().click()
    await page.getByRole('tab', { name: 'Sync' }).click()
    await page.locator('.person-sync__row').nth(1).waitFor()
    await shoot(page, 'person-sync')
    await page.keyboard.press('Escape')
    await nav(page, /^Settings/)
    await page.getByTestId('data-folder').filter({ hasText: '/' }).waitFor()
    await page.locator('.target-row').nth(1).waitFor()
    await shoot(page, 'settings')
    await page.getByRole('button', { name: 'Edit Lobby turnstiles' }).click()
    await page.getByRole('dialog', { name: 'Edit Lobby turnstiles' }).waitFor()
    await shoot(page, 'settings-target')
    await page.keyboard.press('Escape')
    await context.close()

    // the live camera, fed a recorded visitor standing too far back: the guidance stays on screen
    const { far } = await ensureCaptureVideos()
    const cameraBrowser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${far}`, '--no-sandbox', '--disable-gpu', '--no-first-run'],
    })
    try {
      const camera = await openStation(cameraBrowser, served.url, { viewport: VIEWPORT })
      await camera.page.locator('.capture-view[data-guidance]').waitFor({ timeout: 60_000 })
      await camera.page.waitForTimeout(1500)
      await shoot(camera.page, 'enroll-camera')
    } finally {
      await cameraBrowser.close()
    }

    const dark = await openStation(browser, served.url, { viewport: VIEWPORT, colorScheme: 'dark' })
    await nav(dark.page, /^Persons/)
    await dark.page.getByRole('row').nth(3).waitFor()
    await shoot(dark.page, 'persons-dark')
    await dark.context.close()
  } finally {
    await browser.close()
    await served.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
