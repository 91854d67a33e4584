/**
 * A photo FILE at the desk goes through the same checks as a camera capture, before anything is
 * saved: `enroll serve` on a fresh register, headless Chromium, the real face fixtures. On Enroll,
 * in the blacklist's "new entry" dialog and in a person's detail (replace photo).
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import type { Person } from '../../common/model/person'
import { photoPath } from '../../main/core/photos/photo-files'
import { ensureFaceFixtures, type FaceFixtures } from '../../scripts/make-face-fixtures'
import { startCaptureStation, type CaptureStation } from './capture-harness'
import { field, navigateTo, launchBrowser, openStation, pageProblems, photoUpload } from './ui-harness'

const REASON = 'Threatened the reception staff'

/** In the page, from its first script: policy violations, and what the photo picker's status line said. */
function recordPageEvents(): void {
  const violations: string[] = []
  ;(window as unknown as { cspViolations: string[] }).cspViolations = violations
  document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`))
  // the check can be too quick to catch "Checking…" by polling, so every change is noted
  const said: string[] = []
  ;(window as unknown as { statusLog: string[] }).statusLog = said
  new MutationObserver(() => {
    for (const status of document.querySelectorAll('.photo-picker [role=status]')) {
      if (status.textContent && said.at(-1) !== status.textContent) said.push(status.textContent)
    }
  }).observe(document, { subtree: true, childList: true, characterData: true })
}

describe('Photo files are checked before saving (real station, headless Chromium)', () => {
  let fx: FaceFixtures
  let station: CaptureStation
  let browser: Browser
  let page: Page

  before(async () => {
    fx = await ensureFaceFixtures()
    station = await startCaptureStation(async (call) => {
      await call('person.add', { name: 'Zhao Lei', type: 'blacklist', code: 'B1', reason: REASON, photo: photoUpload(fx.faceA) })
      await call('person.add', { name: 'Someone Else', type: 'visitor', code: 'V1', photo: photoUpload(fx.faceB) })
    })
    browser = await launchBrowser()
    ;({ page } = await openStation(browser, station.url, { initScript: recordPageEvents }))
  })
  after(async () => {
    await browser?.close()
    await station?.stop()
  })

  const persons = async () => (await station.invoke('person.list', { limit: 100 })).items
  const storedPhotos = () => {
    const dir = join(station.dataDir, 'photos')
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith('.jpg')).length : 0
  }
  const portrait = (scope: Pick<Page, 'getByRole'>) => scope.getByRole('img', { name: 'Portrait to be saved' })
  const nav = (screen: string) => navigateTo(page, screen)

  /** The bytes a preview shows (a data: URL of the core's portrait). */
  async function previewBytes(scope: Pick<Page, 'getByRole'>): Promise<Buffer> {
    const src = (await portrait(scope).getAttribute('src')) ?? ''
    assert.match(src, /^data:image\/jpeg;base64,/)
    return Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')
  }

  test('on Enroll, a file of a blacklisted face raises the loud alert with name and reason before saving; saved by reference', async () => {
    await page.evaluate(() => ((window as unknown as { statusLog: string[] }).statusLog.length = 0))
    const before = (await persons()).length
    await page.locator('input[type=file]').setInputFiles(fx.faceAAgain)
    const alert = page.locator('.match--blacklist')
    await alert.waitFor()
    assert.match(await alert.innerText(), /Blacklist match: Zhao Lei[\s\S]*Threatened the reception staff/)
    assert.equal(await page.locator('.match-warnings').getAttribute('role'), 'alert')
    assert.doesNotMatch(await page.locator('.match-warnings').innerText(), /Someone Else/, 'a different face is no match')
    assert.equal((await persons()).length, before, 'nothing saved yet')

    // the preview is the core's crop, stored under its SHA-256 — not the raw file
    const shown = await previewBytes(page)
    const hash = createHash('sha256').update(shown).digest('hex')
    assert.ok(readFileSync(photoPath(station.dataDir, hash)).equals(shown))
    assert.ok(!shown.equals(readFileSync(fx.faceAAgain)))
    assert.match(await page.locator('.capture__portrait .quality-badge').innerText(), /^Quality \d+$/)
    assert.ok((await page.evaluate(() => (window as unknown as { statusLog: string[] }).statusLog)).includes('Checking the photo…'))

    // the desk may still enroll (the guard decides); the person gets exactly the checked portrait
    const photosBefore = storedPhotos()
    await field(page, 'Name').fill('Zhao Lei Again')
    await field(page, 'Name').press('Enter')
    await page.getByText(/^Saved Zhao Lei Again/).waitFor()
    const saved = (await persons()).find((person) => person.name === 'Zhao Lei Again')
    assert.equal(saved?.photo?.hash, hash)
    assert.equal(saved?.photo?.source, 'file')
    assert.equal(storedPhotos(), photosBefore, 'not uploaded and cropped a second time')
  })

  test('on Enroll, a file without a face is refused next to the photo, and nothing is saved', async () => {
    const before = { persons: (await persons()).length, photos: storedPhotos() }
    await page.locator('input[type=file]').setInputFiles(fx.noFace)
    const message = page.locator('.capture .capture__error')
    await message.waitFor()
    assert.equal(await message.innerText(), 'photo: no face found: look at the camera')
    assert.equal(await message.getAttribute('role'), 'alert')
    assert.equal(await portrait(page).count(), 0)
    assert.equal(await page.locator('.match-warnings').count(), 0)

    // a damaged file says so, in place of the previous message
    await page.locator('input[type=file]').setInputFiles(fx.corrupt)
    await page.getByText(/^photo: the file is not a readable image/).waitFor()
    assert.equal(await page.locator('.capture .capture__error').count(), 1)
    assert.deepEqual({ persons: (await persons()).length, photos: storedPhotos() }, before)

    // a good file afterwards clears the message
    await page.locator('input[type=file]').setInputFiles(fx.faceB)
    await portrait(page).waitFor()
    assert.equal(await page.locator('.capture__error').count(), 0)
    assert.match(await page.locator('.match--duplicate').innerText(), /Already registered\? Someone Else \(V1\)/)
    await page.keyboard.press('Escape')
  })

  test('the blacklist’s new entry dialog checks its file the same way', async () => {
    await nav('Blacklist')
    await page.getByRole('button', { name: /New entry with photo/ }).click()
    const dialog = page.getByRole('dialog')
    await dialog.locator('input[type=file]').setInputFiles(fx.faceAAgain)
    await dialog.locator('.match--blacklist').waitFor()
    assert.match(await dialog.locator('.match--blacklist').innerText(), /Zhao Lei[\s\S]*Threatened the reception staff/)
    await portrait(dialog).waitFor()

    await dialog.getByRole('button', { name: 'Use another photo' }).click()
    await dialog.locator('input[type=file]').setInputFiles(fx.noFace)
    await dialog.getByText('photo: no face found: look at the camera').waitFor()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  test('replacing a person’s photo does not report them as their own duplicate, warns of others, and waits for confirmation', async () => {
    const [someone] = (await persons()).filter((person) => person.name === 'Someone Else')
    await nav('Persons')
    await page.getByRole('row').filter({ hasText: 'Someone Else' }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.locator('.photo-picker__button', { hasText: 'Replace photo' }).waitFor()

    // another photo file of a blacklisted face: loud, and not applied until confirmed
    await dialog.locator('input[type=file]').setInputFiles(fx.faceAAgain)
    await dialog.locator('.match--blacklist').waitFor()
    assert.equal((await station.invoke('person.show', { id: someone.id })).photo?.hash, someone.photo?.hash)
    await dialog.getByRole('button', { name: 'Discard this photo' }).click()

    // their own face again: no warning about themselves
    await dialog.locator('input[type=file]').setInputFiles(fx.faceB)
    await portrait(dialog).waitFor()
    assert.equal(await dialog.locator('.match').count(), 0, 'their own old photo is not a duplicate')
    const hash = createHash('sha256').update(await previewBytes(dialog)).digest('hex')
    await dialog.getByRole('button', { name: 'Use this photo' }).click()
    await dialog.locator('.photo-picker__button', { hasText: 'Replace photo' }).waitFor()
    const replaced: Person = await station.invoke('person.show', { id: someone.id })
    assert.equal(replaced.photo?.hash, hash)
    assert.equal(replaced.photo?.source, 'file')
    assert.equal(replaced.version, someone.version + 1)
    await page.keyboard.press('Escape')
  })

  test('no page error, and nothing breaks the Content-Security-Policy (zod runs jitless)', async () => {
    assert.deepEqual(pageProblems(page), [])
    assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), [])
  })
})
