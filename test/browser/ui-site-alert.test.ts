/**
 * Alerts across desks: desk C (a station in this process) adds a blacklist entry with a face
 * photo; desk A (`enroll serve` in its own process) replicates it through a hub that requires
 * users, and its live capture in headless Chromium, the camera being Chromium's fake device playing
 * the same face, raises the blacklist alert.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { openStation, type Station } from '../../main/core/station'
import { ensureFaceFixtures, type FaceFixtures } from '../../scripts/make-face-fixtures'
import { startSiteHub, type SiteHub } from '../helpers/site-hub'
import { tempDir } from '../helpers/temp'
import { launchWithCamera, openEnroll, startCaptureStation, type CaptureStation } from './capture-harness'

describe('Blacklist entry added at another desk raises the alert at capture (site mode, headless Chromium)', () => {
  let fixtures: FaceFixtures
  let hub: SiteHub
  let deskA: CaptureStation
  let deskC: Station
  const reason = 'Seen with a forged badge'

  before(async () => {
    fixtures = await ensureFaceFixtures({ videos: true })
    hub = await startSiteHub({ users: { 'desk-a': 'a-secret', 'desk-c': 'c-secret' } })
    const url = hub.url
    deskA = await startCaptureStation(async (call) => {
      await call('site.join', { url, user: 'desk-a', password: 'a-secret', desk: 'desk-a' })
    })
    deskC = await openStation({ dataDir: tempDir('site-alert-c-'), faceProcessing: true })
    await deskC.site.join({ url, user: 'desk-c', password: 'c-secret', mode: 'upload', desk: 'desk-c' })
  })
  after(async () => {
    await deskC?.close()
    await deskA?.stop()
    await hub?.close()
  })

  test('the face captured at desk A is on the blacklist desk C just added', async () => {
    const photo = await deskC.photos.fromFile(readFileSync(fixtures.faceA), 'file')
    const saved = Date.now()
    const banned = await deskC.persons.add({ name: 'Zhao Lei', type: 'blacklist', reason, photo }, 'security-office')
    const deadline = Date.now() + 30_000
    while ((await deskA.invoke('person.list', { type: 'blacklist' })).total === 0) {
      assert.ok(Date.now() < deadline, 'the blacklist entry reaches desk A')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const replicatedMs = Date.now() - saved
    assert.equal((await deskA.invoke('person.show', { id: banned.id })).reason, reason)

    const browser = await launchWithCamera(fixtures.videos!.good)
    try {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } })
      const { page, problems } = await openEnroll(context, deskA.url)
      const alert = page.locator('.capture-alert--blacklist')
      await alert.waitFor({ timeout: 60_000 })
      const text = await alert.innerText()
      assert.match(text, /BLACKLIST: Zhao Lei/)
      assert.match(text, new RegExp(`Reason: ${reason}`))
      console.log(`# figure: blacklist saved at desk C → on desk A's register ${replicatedMs} ms → alert in desk A's live capture ${Date.now() - saved} ms (includes opening Chromium and loading the face models)`)
      assert.deepEqual(problems, [])
    } finally {
      await browser.close()
    }
  })
})
