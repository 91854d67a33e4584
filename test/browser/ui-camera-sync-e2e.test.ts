/**
 * The receptionist's whole path in one test: Chromium's fake camera plays a real face, the desk
 * captures it by itself, the visitor's name is typed, Enter saves, `enroll serve`'s sync worker
 * pushes to a SophonFogSys simulator, and the person's Sync tab reads "Synced". The face photo the
 * back end received must be the very crop the station stored.
 *
 * Between the station and the simulator sits a small recording proxy: the simulator keeps only an
 * image id, and the test needs the bytes that went over the wire.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { photoPath } from '../../main/core/photos/photo-files'
import { ensureFaceFixtures, type FaceFixtures } from '../../scripts/make-face-fixtures'
import { enroll } from '../helpers/cli'
import { startSimulator, type SimulatorOf } from '../simulators'
import { launchWithCamera, openEnroll, startCaptureStation, type CaptureStation } from './capture-harness'
import { field, waitForSyncState } from './ui-harness'

interface RecordingProxy {
  url: string
  /** JSON bodies of every POST and PUT that reached the back end, in order. */
  bodies: Array<Record<string, unknown>>
  close(): Promise<void>
}

/** Forwards every request to `target` as is and keeps the JSON bodies it carried. */
async function recordingProxy(target: string): Promise<RecordingProxy> {
  const bodies: Array<Record<string, unknown>> = []
  const readAll = async (request: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  const server = createServer(async (request, response) => {
    try {
      const body = await readAll(request)
      if (body.length > 0 && (request.method === 'POST' || request.method === 'PUT')) bodies.push(JSON.parse(body.toString('utf8')))
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'connection', 'content-length'].includes(entry[0])),
      )
      const reply = await fetch(new URL(request.url ?? '/', target), { method: request.method, headers, body: body.length > 0 ? body : undefined })
      response.writeHead(reply.status, { 'Content-Type': reply.headers.get('content-type') ?? 'application/json' })
      response.end(Buffer.from(await reply.arrayBuffer()))
    } catch (error) {
      response.writeHead(502).end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

describe('From the fake camera to "Synced" (enroll serve, SophonFogSys simulator, headless Chromium)', () => {
  let fixtures: FaceFixtures
  let sim: SimulatorOf<'sophon'>
  let proxy: RecordingProxy
  let station: CaptureStation
  let browser: Browser
  const dataDir = mkdtempSync(join(tmpdir(), 'enroll-camera-e2e-'))

  before(async () => {
    fixtures = await ensureFaceFixtures({ videos: true })
    sim = await startSimulator('sophon', { seed: 11 })
    proxy = await recordingProxy(sim.url)
    const added = enroll(dataDir, 'target', 'add', 'sophon', '--name', 'Lobby gates', '--base-url', proxy.url, ...sim.credentials.cliArgs)
    assert.equal(added.status, 0, added.stderr)
    station = await startCaptureStation(undefined, { dataDir })
    browser = await launchWithCamera(fixtures.videos!.good)
  })
  after(async () => {
    await browser?.close()
    await station?.stop()
    await proxy?.close()
    await sim?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('auto-capture, name, Enter → the back end holds the visitor with the stored crop as face photo', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } })
    await context.addInitScript(() => {
      const violations: string[] = []
      ;(window as unknown as { cspViolations: string[] }).cspViolations = violations
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`))
    })
    const { page, problems } = await openEnroll(context, station.url)

    // nobody presses anything for the photo: the desk captures the good face by itself
    const portrait = page.getByRole('img', { name: 'Portrait to be saved' })
    await portrait.waitFor({ timeout: 45_000 })
    await field(page, 'Name').fill('Li Na')
    await field(page, 'Name').press('Enter')
    const saved = page.getByText(/^Saved Li Na \((V\w+)\)/)
    await saved.waitFor()
    const code = /\((V\w+)\)/.exec(await saved.innerText())![1]

    await waitForSyncState(page, 'Li Na', /Synced/, { targetName: 'Lobby gates', timeoutMs: 30_000 })

    const [person] = (await station.invoke('person.list', { text: code, limit: 5 })).items
    assert.equal(person.code, code)
    assert.equal(person.photo?.source, 'camera')
    const storedCrop = readFileSync(photoPath(dataDir, person.photo!.hash))

    const remote = sim.records().filter((record) => record.personCode === code)
    assert.equal(remote.length, 1, 'exactly one remote person')
    assert.equal(remote[0].name, 'Li Na')
    assert.ok(remote[0].raw.image_id, 'the back end registered a face image')
    const sent = proxy.bodies.filter((body) => body.identity_id === code && typeof body.reg_photo === 'string' && body.reg_photo !== '')
    assert.ok(sent.length >= 1, 'a face photo was sent for the visitor')
    assert.ok(Buffer.from(sent.at(-1)!.reg_photo as string, 'base64').equals(storedCrop), 'the face photo sent is the stored crop, byte for byte')
    assert.deepEqual(problems, [], 'no page error, no console error')
    assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), [], 'no Content-Security-Policy report, zod included')
    await context.close()
  })
})
