/**
 * The camera outside Enroll: a blacklist entry added from a live capture, and a retake of a
 * person's photo in their detail. Chromium's fake camera plays a real face (person A of the demo
 * photos); the station is `enroll serve` over a temporary register.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Person } from '../../common/model/person'
import { ensureFaceFixtures, type FaceFixtures } from '../../scripts/make-face-fixtures'
import { launchWithCamera, startCaptureStation, type CaptureStation } from './capture-harness'
import { field, navigateTo, openStation, pageProblems, photoUpload } from './ui-harness'

describe('Camera in the blacklist dialog and for a retake (enroll serve, headless Chromium, fake camera)', () => {
  let fixtures: FaceFixtures
  let station: CaptureStation
  let browser: Browser
  let context: BrowserContext
  let page: Page

  before(async () => {
    fixtures = await ensureFaceFixtures({ videos: true })
    station = await startCaptureStation(async (call) => {
      await call('person.add', { name: 'Ada Self', type: 'visitor', code: 'V-SELF', photo: photoUpload(fixtures.faceA) })
    })
    browser = await launchWithCamera(fixtures.videos!.good)
    ;({ context, page } = await openStation(browser, station.url, { viewport: { width: 1280, height: 900 } }))
  })
  after(async () => {
    await context?.close()
    await browser?.close()
    await station?.stop()
  })

  const nav = (screen: string) => navigateTo(page, screen)

  test('a new blacklist entry takes its photo from the live camera, warned of the registered look-alike first', async () => {
    await nav('Blacklist')
    await page.getByRole('button', { name: /New entry with photo/ }).click()
    const dialog = page.getByRole('dialog')
    // nobody presses anything: the dialog's camera captures the good face by itself, and stops on the match
    const review = dialog.locator('.capture-review')
    await review.waitFor({ timeout: 45_000 })
    assert.match(await review.innerText(), /This face is already registered[\s\S]*Ada Self/)
    await dialog.getByRole('button', { name: 'Use this photo anyway' }).click()
    await dialog.getByRole('img', { name: 'Portrait to be saved' }).waitFor()
    await dialog.locator('.match--duplicate').waitFor()
    assert.match(await dialog.locator('.match--duplicate').innerText(), /Ada Self/)
    await field(dialog, 'Name').fill('Face Thief')
    await field(dialog, 'Reason').fill('Used a stolen badge at the lobby')
    await dialog.getByRole('button', { name: /Add to blacklist/ }).click()
    await dialog.waitFor({ state: 'detached' })

    const [entry] = (await station.invoke('person.list', { text: 'Face Thief', limit: 5 })).items
    assert.equal(entry.type, 'blacklist')
    assert.equal(entry.photo?.source, 'camera')
    assert.ok((entry.photo?.quality ?? 0) > 0)
  })

  test('a retake in person detail does not report the person as their own duplicate, and replaces the photo once confirmed', async () => {
    const [self] = (await station.invoke('person.list', { text: 'V-SELF', limit: 5 })).items as Person[]
    await nav('Persons')
    await page.getByRole('row').filter({ hasText: 'Ada Self' }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Retake with the camera' }).click()
    // the same face is on the blacklist now (previous test): loud; Ada herself is not listed
    const review = dialog.locator('.capture-review')
    await review.waitFor({ timeout: 45_000 })
    assert.match(await review.innerText(), /Face Thief/)
    assert.doesNotMatch(await review.innerText(), /Ada Self/)
    await dialog.getByRole('button', { name: 'Use this photo anyway' }).click()
    await dialog.locator('.match--blacklist').waitFor()
    assert.match(await dialog.locator('.match--blacklist').innerText(), /Face Thief/)
    assert.equal(await dialog.locator('.match', { hasText: 'Ada Self' }).count(), 0, 'not her own duplicate')
    assert.equal((await station.invoke('person.show', { id: self.id })).photo?.hash, self.photo?.hash, 'nothing replaced before confirming')

    await dialog.getByRole('button', { name: 'Use this photo' }).click()
    await dialog.getByRole('button', { name: 'Retake with the camera' }).waitFor()
    const retaken = await station.invoke('person.show', { id: self.id })
    assert.equal(retaken.photo?.source, 'camera')
    assert.notEqual(retaken.photo?.hash, self.photo?.hash)
    assert.equal(retaken.version, self.version + 1)
    assert.deepEqual(pageProblems(page), [])
  })
})
