/**
 * The camera around the capture, in headless Chromium against the real app: what the desk is told
 * when there is no camera, when access is refused and when another program holds it, in English
 * and Chinese; "Try again"; and the choice among several cameras, remembered on this PC.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { launchWith, openEnroll, startCaptureStation, type CaptureStation } from './capture-harness'

async function problemShown(page: Page): Promise<{ kind: string | null; text: string }> {
  const view = page.locator('.capture-view[data-camera-problem]')
  await view.waitFor()
  return { kind: await view.getAttribute('data-camera-problem'), text: await view.getByRole('alert').innerText() }
}

describe('The camera: problems and choice (real station, headless Chromium)', () => {
  let station: CaptureStation
  const browsers: Browser[] = []
  const launch = async (args: string[]) => {
    const browser = await launchWith(args)
    browsers.push(browser)
    return browser
  }

  before(async () => {
    station = await startCaptureStation()
  })
  after(async () => {
    for (const browser of browsers) await browser.close()
    await station?.stop()
  })

  test('no camera at all: says so, in English and in Chinese, and offers to try again', async () => {
    const browser = await launch([])
    for (const [locale, expected] of [
      ['en-US', 'No camera found. Connect a camera, or choose a photo file.'],
      ['zh-CN', '未找到摄像头。请连接摄像头，或选择照片文件。'],
    ] as const) {
      const context = await browser.newContext({ locale })
      await context.grantPermissions(['camera'])
      const { page, problems } = await openEnroll(context, station.url)
      assert.deepEqual(await problemShown(page), { kind: 'no_camera', text: expected })
      await page.getByRole('button', { name: locale === 'en-US' ? 'Try again' : '重试' }).waitFor()
      assert.equal(await page.locator('.capture-view').getAttribute('data-backend'), null, 'no camera, no face models loaded')
      assert.deepEqual(problems, [])
      await context.close()
    }
  })

  test('access refused: says how to allow it', async () => {
    const browser = await launch(['--use-fake-device-for-media-stream'])
    const context = await browser.newContext({ locale: 'en-US' })
    const { page } = await openEnroll(context, station.url)
    assert.deepEqual(await problemShown(page), {
      kind: 'denied',
      text: 'Camera access was refused. Allow the camera for this app in the system privacy settings, then try again.',
    })
    await context.close()
  })

  test('camera busy in another program: says so, and "Try again" starts it once it is free', async () => {
    const browser = await launch(['--use-fake-device-for-media-stream'])
    const context = await browser.newContext({ locale: 'en-US' })
    await context.grantPermissions(['camera'])
    // Chromium raises NotReadableError when the OS refuses the device (held by another program);
    // the fake device is never busy, so the first request gets the OS's refusal instead.
    await context.addInitScript(() => {
      const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices)
      let calls = 0
      navigator.mediaDevices.getUserMedia = (constraints) =>
        ++calls === 1 ? Promise.reject(new DOMException('Could not start video source', 'NotReadableError')) : real(constraints)
    })
    const { page, problems } = await openEnroll(context, station.url)
    assert.deepEqual(await problemShown(page), {
      kind: 'busy',
      text: 'The camera is in use by another program (a video call, another window). Close it, then try again.',
    })
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.locator('.capture-view[data-phase="live"][data-ready-at]').waitFor({ timeout: 30_000 })
    assert.equal(await page.locator('.capture-view').getAttribute('data-camera-problem'), null)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('several cameras: the one chosen is opened, and again after a restart', async () => {
    const browser = await launch(['--use-fake-device-for-media-stream=device-count=2'])
    const context = await browser.newContext({ locale: 'en-US' })
    await context.grantPermissions(['camera'])
    const { page } = await openEnroll(context, station.url)
    const choice = page.getByRole('combobox', { name: 'Camera' })
    await choice.waitFor()
    const options = await choice.locator('option').evaluateAll((elements) => elements.map((e) => (e as HTMLOptionElement).value))
    assert.equal(options.length, 2)
    const first = await choice.inputValue()
    const other = options.find((value) => value !== first)!
    await choice.selectOption(other)
    await page.waitForFunction((id) => (document.querySelector('.capture-view select') as HTMLSelectElement | null)?.value === id, other)
    await page.reload()
    await page.getByRole('combobox', { name: 'Camera' }).waitFor()
    assert.equal(await page.getByRole('combobox', { name: 'Camera' }).inputValue(), other)
    await context.close()
  })
})
