/**
 * Operators at the desk, through the real page: `enroll serve` on a register with no operator yet,
 * headless Chromium. The first start creates the administrator, who adds a reception and a
 * security operator; each role sees only what it may do (the core refuses the rest anyway, see
 * test/core for the channel table); the idle lock, the quick switch and the lock-out after wrong
 * passwords. The page's idle timer is driven with Playwright's clock (the browser's timers only;
 * the core runs on real time).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { ensureFaceFixtures, type FaceFixtures } from '../../scripts/make-face-fixtures'
import { field, fieldMessage, launchBrowser, navigateTo, photoUpload, startStation, type StationUnderTest } from './ui-harness'

const REASON = 'Tailgated through the lobby gate'
const ADMIN = { name: 'Ada Admin', password: 'admin-secret' }
const RECEPTION = { name: 'Rita 前台', password: 'rita-pass' }
const SECURITY = { name: 'Sam Guard', password: 'sam-pass' }

describe('Operators: first start, roles, idle lock and lock-out (real station, headless Chromium)', () => {
  let station: StationUnderTest
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let faces: FaceFixtures
  const problems: string[] = []

  before(async () => {
    faces = await ensureFaceFixtures()
    station = await startStation({
      operators: false,
      async seed(call) {
        await call('person.add', { name: 'Zhao Lei', type: 'blacklist', code: 'B1', reason: REASON, photo: photoUpload(faces.faceA) })
        await call('person.add', { name: 'Zhang Wei', type: 'employee', code: 'E1001' })
      },
    })
    browser = await launchBrowser()
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } })
    // the page's own timers (the idle lock) can be moved on; time still flows as usual until then
    await context.clock.install()
    page = await context.newPage()
    page.setDefaultTimeout(10_000)
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(station.url)
  })
  after(async () => {
    await browser?.close()
    await station?.stop()
  })

  const nav = (screen: string) => navigateTo(page, screen)
  const navLabels = async () => (await page.getByRole('navigation').getByRole('list').getByRole('button').allInnerTexts()).map((text) => text.split('\n')[0].trim())
  const signedIn = (name: string) => page.getByTestId('signed-in-operator').filter({ hasText: name }).waitFor()

  async function signIn(who: { name: string; password: string }) {
    await page.getByRole('heading', { name: /^(Sign in|Locked)$/ }).waitFor()
    await field(page, 'Operator name').fill(who.name)
    await field(page, 'Password').fill(who.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await signedIn(who.name)
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
  }

  test('the first start asks for an administrator (password twice) and signs them in', async () => {
    await page.getByRole('heading', { name: 'Set up the administrator' }).waitFor()
    assert.equal(await page.getByRole('navigation').count(), 0, 'nothing of the desk before an administrator exists')

    await field(page, 'Operator name').fill(ADMIN.name)
    await field(page, 'Password').fill(ADMIN.password)
    await field(page, 'Password again').fill('something else')
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click()
    assert.equal(await fieldMessage(page, 'Password again').innerText(), 'The two passwords differ')

    await field(page, 'Password again').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click()
    await signedIn(ADMIN.name)
    assert.match(await page.getByTestId('signed-in-operator').innerText(), /Administrator/)
    assert.deepEqual(await navLabels(), ['Enroll', 'Persons', 'Blacklist', 'Groups', 'Sync', 'Operators', 'Audit', 'Settings'])

    const status = await station.invoke('session.status', {})
    assert.equal(status.needsFirstAdministrator, false)
    assert.deepEqual({ name: status.operator?.name, role: status.operator?.role }, { name: ADMIN.name, role: 'administrator' })
  })

  test('the administrator adds a reception and a security operator', async () => {
    await nav('Operators')
    const form = page.getByRole('form', { name: 'Add operator' })
    for (const [who, role] of [
      [RECEPTION, 'Reception'],
      [SECURITY, 'Security'],
    ] as const) {
      await field(form, 'Operator name').fill(who.name)
      await form.getByLabel('Role').selectOption({ label: role })
      await field(form, 'Password').fill(who.password)
      await field(form, 'Password again').fill(who.password)
      await form.getByRole('button', { name: 'Add operator' }).click()
      await page.getByRole('row').filter({ hasText: who.name }).waitFor()
    }
    const stored = await station.invoke('operator.list', {})
    assert.deepEqual(
      stored.map((operator) => [operator.name, operator.role, operator.disabled]).sort(),
      [
        [ADMIN.name, 'administrator', false],
        [RECEPTION.name, 'reception', false],
        [SECURITY.name, 'security', false],
      ].sort(),
    )
    assert.ok(stored.every((operator) => !('passwordHash' in operator) && !('hash' in operator)), 'no hash leaves the core')
  })

  test('the administrator sets the idle lock and the lock-out in Settings', async () => {
    await nav('Settings')
    const section = page.getByRole('region', { name: 'Sign-in and lock' })
    await field(section, 'Lock after idle minutes').fill('2')
    await field(section, 'Wrong passwords before a lock-out').fill('3')
    await section.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Sign-in settings saved').waitFor()
    const { security } = await station.invoke('settings.get', {})
    assert.deepEqual(security, { idleLockMinutes: 2, maxFailedAttempts: 3 })
    assert.equal((await station.invoke('session.status', {})).idleLockMinutes, 2)
  })

  test('reception (after a quick switch at the locked desk): no blacklist editing, but the blacklist alert at enrollment', async () => {
    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await page.getByRole('heading', { name: 'Locked' }).waitFor()
    assert.match(await page.locator('main').innerText(), /Ada Admin was signed in/)
    await page.getByRole('button', { name: 'Another operator' }).click()
    await signIn(RECEPTION)
    assert.match(await page.getByTestId('signed-in-operator').innerText(), /Reception/)

    assert.deepEqual(await navLabels(), ['Enroll', 'Persons', 'Sync', 'Settings'], 'no blacklist, groups, operators or audit')
    await nav('Settings')
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    for (const hidden of ['Back-end targets', 'Backup', 'Import and export', 'Sign-in and lock', 'Quality gate']) {
      assert.equal(await page.getByRole('heading', { name: hidden }).count(), 0, `${hidden} is not shown to reception`)
    }

    // a blacklist entry opened from Persons is read-only: no save, no delete, no photo change
    await nav('Persons')
    await page.getByRole('button', { name: 'Zhao Lei' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('tab', { name: 'Details' }).waitFor()
    for (const control of [/^Save/, /Move to recycle bin/, /Replace photo/, /Remove photo/]) {
      assert.equal(await dialog.getByRole('button', { name: control }).count(), 0, `${control} is not offered`)
    }
    assert.equal(await field(dialog, 'Name').isDisabled(), true)
    assert.doesNotMatch(await dialog.innerText(), new RegExp(REASON), 'reception does not see the reason')
    await page.keyboard.press('Escape')

    // Enroll offers visitors only, and a photo of the blacklisted face still raises the loud alert
    await nav('Enroll')
    assert.deepEqual(await radioLabels(page, 'Person type'), ['Visitor'])
    // another photo of the blacklisted face
    await page.locator('input[type=file]').setInputFiles(faces.faceAAgain)
    const alert = page.locator('.match--blacklist')
    await alert.waitFor({ timeout: 30_000 })
    assert.match(await alert.innerText(), /Blacklist match: Zhao Lei/)
    assert.doesNotMatch(await page.locator('.match-warnings').innerText(), new RegExp(REASON), 'the alert without the reason, which is for security')

    // the core refuses what the page hides (the test's calls share the page's session)
    const entry = await station.invoke('person.show', { id: 'B1' })
    await assert.rejects(station.invoke('person.edit', { id: 'B1', version: entry.version, reason: 'changed by reception' }), /may not/)
    await assert.rejects(station.invoke('group.add', { name: 'Not mine' }), /may not/)
  })

  test('security: the blacklist with its reasons and its editing controls', async () => {
    await signOut()
    await signIn(SECURITY)
    assert.deepEqual(await navLabels(), ['Enroll', 'Persons', 'Blacklist', 'Sync', 'Audit', 'Settings'])
    await nav('Blacklist')
    await page.getByRole('button', { name: 'New entry with photo' }).waitFor()
    await page.getByRole('button', { name: 'From an existing person' }).waitFor()
    const card = page.getByRole('article').filter({ hasText: 'Zhao Lei' })
    await card.getByText(REASON).waitFor()
    await card.getByRole('button', { name: 'Edit Zhao Lei' }).click()
    const dialog = page.getByRole('dialog')
    await field(dialog, 'Reason').fill('Tailgated twice')
    await dialog.getByRole('button', { name: /^Save/ }).click()
    await page.getByText('Saved Zhao Lei').waitFor()
    await page.keyboard.press('Escape')
    const stored = await station.invoke('person.show', { id: 'B1' })
    assert.equal(stored.reason, 'Tailgated twice')
    assert.equal(stored.updatedBy, SECURITY.name, 'the change names the operator')
  })

  test('idle: the page locks itself after the minutes the core reports, and the core refuses calls until signed in again', async () => {
    await nav('Persons')
    await page.getByRole('button', { name: 'Zhang Wei' }).waitFor()
    await page.clock.fastForward('01:30')
    assert.equal(await page.getByRole('heading', { name: 'Locked' }).count(), 0, 'not before 2 minutes')
    // someone at work (a key pressed) starts the idle time again
    await page.keyboard.press('Shift')
    await page.clock.fastForward('01:30')
    assert.equal(await page.getByRole('heading', { name: 'Locked' }).count(), 0, 'two minutes counted from the last key')
    await page.clock.fastForward('00:45')
    await page.getByRole('heading', { name: 'Locked' }).waitFor()
    assert.equal(await page.getByRole('navigation').count(), 0, 'the desk is taken down while locked')
    const status = await station.invoke('session.status', {})
    assert.equal(status.locked, true)
    await assert.rejects(station.invoke('person.list', {}), /locked/)

    // the same operator signs in again
    assert.equal(await field(page, 'Operator name').inputValue(), SECURITY.name)
    await field(page, 'Password').fill(SECURITY.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await signedIn(SECURITY.name)
    assert.equal((await station.invoke('person.list', {})).total, 2)
  })

  test('wrong passwords: the tries left, then a lock-out with a countdown (also in Chinese)', async () => {
    await signOut()
    const refusal = page.getByTestId('sign-in-refusal')
    await field(page, 'Operator name').fill(RECEPTION.name)
    await field(page, 'Password').fill('wrong-1')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await refusal.filter({ hasText: /^wrong name or password \(2 more tries before a lock-out\)$/ }).waitFor()
    await field(page, 'Password').fill('wrong-2')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await refusal.filter({ hasText: /1 more try\b/ }).waitFor()
    await field(page, 'Password').fill('wrong-3')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await refusal.filter({ hasText: /^Too many wrong passwords\. Try again in \d+ seconds?\.$/ }).waitFor()
    assert.equal(await page.getByRole('button', { name: 'Sign in', exact: true }).isDisabled(), true)
    const first = Number(/in (\d+)/.exec(await refusal.innerText())![1])
    assert.ok(first > 0)

    // even the right password is refused by the core while locked out
    await assert.rejects(station.invoke('session.signIn', RECEPTION), /too many wrong passwords/)

    // the countdown goes on in Chinese
    await page.getByRole('radio', { name: '中文（简体）' }).check()
    await page.getByRole('heading', { name: '登录' }).waitFor()
    await refusal.filter({ hasText: /^密码错误次数过多。请在 \d+ 秒后重试。$/ }).waitFor()
    await page.getByRole('radio', { name: 'English' }).check()
  })

  test('the administrator resets a password (which lifts the lock-out) and disables an operator', async () => {
    await field(page, 'Operator name').fill(ADMIN.name)
    await field(page, 'Password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await signedIn(ADMIN.name)
    await nav('Operators')
    await page.getByRole('button', { name: `Reset the password of ${RECEPTION.name}` }).click()
    const dialog = page.getByRole('dialog')
    await field(dialog, 'New password').fill('rita-new-pass')
    await field(dialog, 'Password again').fill('rita-new-pass')
    await dialog.getByRole('button', { name: 'Reset password' }).click()
    await page.getByText(`Password of ${RECEPTION.name} reset`).waitFor()

    // a role changes at once; the last administrator keeps theirs, and the list shows what is stored
    await page.getByLabel(`Role of ${RECEPTION.name}`).selectOption({ label: 'Security' })
    await page.getByText(`${RECEPTION.name} saved`).waitFor()
    assert.equal((await station.invoke('operator.list', {})).find((operator) => operator.name === RECEPTION.name)?.role, 'security')
    await page.getByLabel(`Role of ${RECEPTION.name}`).selectOption({ label: 'Reception' })
    await page.getByLabel(`Role of ${ADMIN.name}`).selectOption({ label: 'Reception' })
    await page.getByText('the last enabled administrator can be neither disabled nor given another role').waitFor()
    assert.equal(await page.getByLabel(`Role of ${ADMIN.name}`).inputValue(), 'administrator')
    assert.deepEqual(
      (await station.invoke('operator.list', {})).filter((operator) => operator.name !== SECURITY.name).map((operator) => [operator.name, operator.role]).sort(),
      [
        [ADMIN.name, 'administrator'],
        [RECEPTION.name, 'reception'],
      ],
    )

    await page.getByRole('button', { name: `Disable ${SECURITY.name}` }).click()
    await page.getByRole('row').filter({ hasText: SECURITY.name }).getByText('Disabled').waitFor()
    assert.equal((await station.invoke('operator.list', {})).find((operator) => operator.name === SECURITY.name)?.disabled, true)

    // the disabled operator cannot sign in; the reset one can, with the new password, and enrolls a visitor
    await signOut()
    await field(page, 'Operator name').fill(SECURITY.name)
    await field(page, 'Password').fill(SECURITY.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByTestId('sign-in-refusal').filter({ hasText: /disabled/ }).waitFor()
    await signIn({ name: RECEPTION.name, password: 'rita-new-pass' })
    await field(page, 'Name').fill('王小明')
    await field(page, 'Name').press('Enter')
    await page.getByText(/^Saved 王小明/).waitFor()
  })

  test('the audit trail names the operator: filtered by operator and by person, exported as CSV with the Chinese names intact', async () => {
    await signOut()
    await signIn(ADMIN)
    await nav('Audit')
    const filter = page.getByRole('search', { name: 'Filter the audit trail' })
    await filter.getByLabel('Operator').fill(RECEPTION.name)
    await filter.getByRole('button', { name: 'Show' }).click()
    const rows = page.getByRole('table').getByRole('row')
    // the list is replaced when the filtered answer arrives: wait for it rather than read the one before
    const shown = await eventually(async () => {
      const texts = (await rows.allInnerTexts()).slice(1)
      return texts.length > 0 && texts.every((row) => row.includes(RECEPTION.name)) ? texts : null
    }, 'only her entries')
    assert.ok(shown.some((row) => /Wrong password/.test(row)), 'her wrong passwords are there')
    assert.ok(shown.some((row) => /Person/.test(row) && /Added/.test(row)), 'her enrollment is there')

    await filter.getByLabel('Operator').fill('')
    await filter.getByLabel('Person').fill('B1')
    await filter.getByRole('button', { name: 'Show' }).click()
    await rows.filter({ hasText: SECURITY.name }).filter({ hasText: 'Edited' }).waitFor()

    await filter.getByLabel('Person').fill('')
    await filter.getByLabel('Operator').fill(RECEPTION.name)
    await filter.getByRole('button', { name: 'Show' }).click()
    await rows.filter({ hasText: 'Wrong password' }).first().waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export to CSV' }).click()])
    assert.match(download.suggestedFilename(), /^audit-\d{4}-\d{2}-\d{2}\.csv$/)
    const bytes = readFileSync((await download.path())!)
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM, so Excel reads UTF-8')
    const text = bytes.toString('utf8')
    assert.match(text, /Rita 前台/)
    assert.match(text, /王小明/)
    assert.doesNotMatch(text, /Sam Guard/, 'the export follows the filter')
    assert.deepEqual(problems, [])
  })
})

/** Polls `read` until it gives something (at most 8 s), for a view that is replaced asynchronously. */
async function eventually<T>(read: () => Promise<T | null>, what: string): Promise<T> {
  const deadline = Date.now() + 8000
  for (;;) {
    const value = await read()
    if (value !== null) return value
    if (Date.now() > deadline) throw new Error(`never: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The visible labels of a radio group's options. */
async function radioLabels(page: Page, group: string): Promise<string[]> {
  return (await page.getByRole('radiogroup', { name: group }).locator('label').allInnerTexts()).map((text) => text.trim())
}
